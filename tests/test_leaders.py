"""Leaders model sharing: they go first, get nudged only on signals, and thank their team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.clock import FakeClock
from bot.core import Core
from bot.db.leader_models import Nudge, UnitLead
from bot.db.models import Member, Prompt
from bot.people.roles import find_person, import_csv, set_role
from tests.conversation import WORKSPACE, add_people, add_program, advance_to, click, say

WEDNESDAY_15 = datetime(2026, 3, 4, 15, tzinfo=UTC)
THURSDAY_15 = datetime(2026, 3, 5, 15, tzinfo=UTC)


async def team_with_lead(core: Core, size: int = 5) -> None:
    await add_people(core, ("lena", "UTC"), *((f"m{i}", "UTC") for i in range(size)), unit="Sales")
    async with core.sessions.begin() as session:
        lena = await find_person(session, f"memory:{WORKSPACE}:lena")
        await set_role(session, lena, "lead")


async def test_the_lead_gets_the_question_24_hours_early_and_only_once(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await team_with_lead(core)
    await add_program(core, reminder_delay_hours=0)

    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))

    [early] = [s for s in platform.sent_to("lena") if "this week's question" in s.message.title]
    assert early.at == WEDNESDAY_15
    assert "before your team" in early.message.text
    assert [s.at for s in platform.sent_to("m0")] == [THURSDAY_15]
    async with core.sessions() as session:
        assert len(list(await session.scalars(select(Prompt)))) == 6


async def test_the_team_prompt_says_the_lead_went_first_and_quotes_an_open_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await team_with_lead(core)
    await add_program(core)
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    await say(core, "lena", "Ask the customer before building the report.")

    await advance_to(core, clock, THURSDAY_15)

    [team_prompt] = platform.sent_to("m0")
    assert "Your lead Lena has already answered" in team_prompt.message.text
    assert "Ask the customer before building the report." in team_prompt.message.text


async def nudge_setup(core: Core, clock: FakeClock, size: int = 5) -> None:
    await team_with_lead(core, size)
    await add_program(core)


def nudges(platform: InMemoryPlatform) -> list[Sent]:
    return [s for s in platform.sent_to("lena") if "go first" in s.message.title]


async def test_a_lead_who_never_shared_is_nudged_once_a_week_in_working_hours(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    clock.set(datetime(2026, 3, 2, 6, tzinfo=UTC))  # Monday 06:00: before working hours

    await core.nudging.nudge_leads()
    assert nudges(platform) == []
    await advance_to(core, clock, datetime(2026, 3, 4, 12, tzinfo=UTC), timedelta(hours=2))

    [nudge] = nudges(platform)
    assert nudge.at == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert "haven't shared a lesson yet" in nudge.message.text
    assert "Your team (5 people)" in nudge.message.text


async def test_a_small_team_gets_no_figures_and_a_snoozed_lead_no_nudge(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock, size=3)
    await advance_to(core, clock, datetime(2026, 3, 2, 9, tzinfo=UTC))
    [nudge] = nudges(platform)
    assert "fewer than 5 people" in nudge.message.text

    snoozed = await click(core, "lena", nudge, "nudge.snooze")
    await advance_to(core, clock, datetime(2026, 3, 10, 12, tzinfo=UTC), timedelta(hours=4))

    assert "Snoozed until 2026-03-16" in snoozed.text
    assert len(nudges(platform)) == 1


async def test_a_lead_who_shares_is_not_nudged(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    await say(core, "lena", "Write the plan down first.")

    await advance_to(core, clock, datetime(2026, 3, 10, 12, tzinfo=UTC), timedelta(hours=3))

    assert [n.at.date().isoformat() for n in nudges(platform)] == ["2026-03-02"]


async def test_a_nudge_clicked_after_its_week_answers_politely(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await advance_to(core, clock, datetime(2026, 3, 2, 9, tzinfo=UTC))
    [nudge] = nudges(platform)
    clock.set(datetime(2026, 3, 10, 9, tzinfo=UTC))

    late = await click(core, "lena", nudge, "nudge.lesson")

    assert "earlier week" in late.text


async def test_a_thank_you_reaches_the_author_with_the_leads_name(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    await say(core, "m1", "Templates save an hour a week.")
    await advance_to(core, clock, datetime(2026, 3, 9, 9, tzinfo=UTC))

    [digest] = [s for s in platform.sent_to("lena") if "your team's answers" in s.message.title]
    assert "Templates save an hour a week." in digest.message.text
    thanked = await click(core, "lena", digest, "reply.thank")
    await advance_to(core, clock, clock.now() + timedelta(minutes=1))

    assert "Thank-you sent" in thanked.text
    [note] = [s for s in platform.sent_to("m1") if "noticed" in s.message.title]
    assert "Lena thanked you" in note.message.text


async def test_the_csv_import_applies_each_row_whole_or_refuses_it_with_a_report(
    core: Core, tmp_path: Path
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), unit="")
    async with core.sessions.begin() as session:
        results = await import_csv(
            session,
            (
                "person,unit,role,manager\n"
                f"memory:{WORKSPACE}:ana,Sales,lead,\n"
                f"memory:{WORKSPACE}:ben,Eng,boss,memory:{WORKSPACE}:ana\n"
                "nobody@example.com,Eng,member,\n"
                f"memory:{WORKSPACE}:ben,,lead,\n"
            ),
        )
    assert [(r.line, r.applied) for r in results] == [(2, True), (3, False), (4, False), (5, False)]
    assert "unknown role 'boss'" in results[1].message
    assert "unknown person 'nobody@example.com'" in results[2].message
    async with core.sessions() as session:
        ben = await session.scalar(select(Member).where(Member.external_id == "ben"))
        leads = list(await session.scalars(select(UnitLead.unit)))
    assert ben is not None and (ben.unit, ben.role, ben.manager_id) == ("", "member", None)
    assert leads == ["Sales"]


async def test_a_csv_without_the_columns_is_refused_whole(core: Core) -> None:
    async with core.sessions.begin() as session:
        with pytest.raises(ValueError, match="missing column"):
            await import_csv(session, "email,unit\nana@example.com,Sales\n")
        assert list(await session.scalars(select(Nudge))) == []


async def test_champions_get_a_monday_summary_of_every_program(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await add_people(core, ("cham", "UTC"), unit="KM")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:cham"), "champion")
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    await say(core, "lena", "Pilot small.")
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    for user in ("m0", "m1"):
        await say(core, user, f"{user} learned something.")

    await advance_to(core, clock, datetime(2026, 3, 9, 10, tzinfo=UTC), timedelta(hours=2))

    first, summary = [s for s in platform.sent_to("cham") if "weekly summary" in s.message.title]
    assert "no round closed yet" in first.message.text  # Monday 2 March, before any round
    assert summary.at.weekday() == 0 and 8 <= summary.at.hour < 19
    assert "*Weekly learning*: 3/7 answered last round; 1/1 leads shared" in summary.message.text


async def test_a_drop_in_the_teams_participation_reaches_the_lead(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    for week in range(5):
        await advance_to(
            core, clock, THURSDAY_15 + timedelta(weeks=week, hours=1), timedelta(hours=6)
        )
        await say(core, "lena", f"Lead lesson {week}.")
        answering = [f"m{i}" for i in range(5)] if week < 4 else ["m0"]
        for user in answering:
            await say(core, user, f"{user} learned something in week {week}.")

    await advance_to(core, clock, datetime(2026, 4, 6, 12, tzinfo=UTC), timedelta(hours=6))

    latest = nudges(platform)[-1]
    assert latest.at.date().isoformat() == "2026-04-06"
    assert "participation dropped" in latest.message.text
    assert "last round 20% answered, 4-round average 100%" in latest.message.text


async def test_an_admin_sets_a_role_in_chat_and_others_cannot(core: Core) -> None:
    await add_people(core, ("ada", "UTC"), ("ben", "UTC"), unit="Sales")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:ada"), "admin")

    refused = await say(core, "ben", f"member role memory:{WORKSPACE}:ben lead")
    done = await say(core, "ada", f"member role memory:{WORKSPACE}:ben lead --unit Sales")

    assert refused is not None and "for kmbot admins" in refused.text
    assert done is not None and done.text == "Ben now leads Sales"
    async with core.sessions() as session:
        assert list(await session.scalars(select(UnitLead.unit))) == ["Sales"]
