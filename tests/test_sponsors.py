"""A sponsor's monthly summary: when it arrives, what a small team's shows, and the title
that signs their endorsement, read from an HR file before the sponsor was ever synced."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import Person
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member
from bot.db.sponsor_models import ProgramEndorsement
from bot.people.admin_commands import members_import
from bot.prompts.messages import PromptContent, prompt_message
from bot.sponsors.messages import endorsement_text
from tests.conversation import (
    WORKSPACE,
    add_people,
    add_program,
    advance_to,
    run_jobs,
    say,
    titled,
)

LINE = "Take 15 minutes on Friday for this: it is part of our work."


async def endorse(core: Core, sponsor: str = "mensah") -> None:
    async with core.sessions.begin() as session:
        member = await session.scalar(select(Member).where(Member.external_id == sponsor))
        assert member is not None
        session.add(
            ProgramEndorsement(
                program_id=1, member_id=member.id, line=LINE, set_at=core.clock.now()
            )
        )


async def test_summaries_come_on_the_first_weekday_of_each_month_at_nine_their_time(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 2, 20, 10, 0, tzinfo=UTC))
    await add_people(core, ("mensah", "Asia/Tokyo"), role="sponsor")
    await add_people(core, ("ana", "Europe/Lisbon"))
    await add_program(core)
    await endorse(core)

    await advance_to(core, clock, datetime(2026, 5, 2, 0, 0, tzinfo=UTC))

    summaries = titled(platform, "mensah", "your summary for")
    assert [(s.message.title.split(" for ")[1], s.at) for s in summaries] == [
        ("February 2026", datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),  # 1 March is a Sunday
        ("March 2026", datetime(2026, 4, 1, 0, 0, tzinfo=UTC)),  # 09:00 in Tokyo
        ("April 2026", datetime(2026, 5, 1, 0, 0, tzinfo=UTC)),
    ]
    assert titled(platform, "ana", "your summary") == []


async def test_a_program_endorsed_after_a_month_ended_gets_no_summary_of_that_month(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 3, 10, 10, 0, tzinfo=UTC))
    await add_people(core, ("mensah", "Europe/Lisbon"), role="sponsor")
    await add_program(core)
    await endorse(core)
    await run_jobs(core)
    assert titled(platform, "mensah", "your summary") == []


async def test_a_small_team_s_summary_shows_no_figures_and_thanks_only_the_named(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 2, 20, 10, 0, tzinfo=UTC))
    await add_people(core, ("mensah", "UTC"), role="sponsor")
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cy", "UTC"))
    await add_program(core, capture="direct", default_visibility="anonymous")
    await endorse(core)
    await advance_to(core, clock, datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    assert LINE in platform.sent_to("ana")[-1].message.text
    await say(core, "ana", "Write it down.")  # saved at once, anonymously: the program's way
    await say(core, "ben", "Ask early.")

    await advance_to(core, clock, datetime(2026, 4, 1, 9, 0, tzinfo=UTC))

    [summary] = titled(platform, "mensah", "your summary for March 2026")
    assert summary.message.text == (
        "Participation: Fewer than 5 people were asked in March 2026: no figures, they would "
        "point at people."
    )
    assert summary.message.buttons == ()  # two anonymous sharers: nobody to name or count


async def test_the_endorsement_is_signed_with_the_title_imported_before_the_sponsor_synced(
    core: Core, clock: FakeClock
) -> None:
    async with core.sessions.begin() as session:
        csv = "person,role,title\nmensah@example.org,sponsor,Country Director\n"
        report = await members_import(session, clock.now(), csv, None, False)
        assert "kept until mensah@example.org appears" in report.text()
    await core.directory_sync.save_people(
        "memory",
        WORKSPACE,
        [Person("U9", "A. Mensah", "UTC", "mensah@example.org")],
        complete=False,
    )
    async with core.sessions() as session:
        member = await session.scalar(select(Member).where(Member.external_id == "U9"))
        assert member is not None and (member.role, member.title) == ("sponsor", "Country Director")
    signed = endorsement_text(LINE, member.display_name, member.title)
    assert signed == f"{LINE} — A. Mensah, Country Director"
    content = PromptContent("Weekly learning", "We learn.", "What did you learn?", ("A",), "feed")
    with_line = prompt_message(1, replace(content, endorsement=signed))
    assert signed in with_line.text and signed not in prompt_message(1, content).text
