"""Pilots and the program lifecycle as an admin and members live them: a pilot ends itself,
a scheduled program starts on its day, the preview is what the jobs then send, the seeds'
advice and the overlap warning, and the change log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Program, Prompt, Question
from bot.db.pilot_models import Pilot
from bot.db.privacy_models import AuditEntry
from bot.evidence.summary import programs_summary
from bot.people.roles import find_person, set_role
from bot.pilots.preview import sendings
from tests.conversation import WORKSPACE, add_people, advance_to, answer_in_chat, told

SALES = ("ana", "ben", "cy")
PILOT = (
    'pilot create Pilot --purpose "Fewer repeated quote mistakes." --target Sales '
    "--function frontline --established yes --metric-name 'quote errors' --metric-unit "
    "'per week' --metric-better down --metric-source 'CRM export' --compare Ops "
    "--share-mode private --end-date 2026-03-15"
)


async def organisation(core: Core) -> None:
    """Boss (admin), Lena leading Sales (Ana, Ben, Cy), Omar leading Ops (Olga, Oto)."""
    await add_people(core, ("boss", "UTC"), unit="HQ", role="admin")
    await add_people(core, ("lena", "UTC"), *((u, "UTC") for u in SALES), unit="Sales")
    await add_people(core, ("omar", "UTC"), ("olga", "UTC"), ("oto", "UTC"), unit="Ops")
    async with core.sessions.begin() as session:
        for lead in ("lena", "omar"):
            await set_role(
                session, await find_person(session, f"memory:{WORKSPACE}:{lead}"), "lead"
            )


async def admin(core: Core, text: str) -> str:
    return await told(core, "boss", text)


async def prompted(core: Core) -> list[tuple[str, str]]:
    """(member, day) of every prompt opened, in order."""
    async with core.sessions() as session:
        rows = await session.execute(
            select(Member.external_id, Prompt.opened_at)
            .join(Member, Member.id == Prompt.member_id)
            .order_by(Prompt.opened_at, Member.external_id)
        )
        return [(user, f"{at:%m-%d}") for user, at in rows]


async def test_a_pilot_past_its_end_date_ends_itself_and_its_final_review_falls_due(
    core: Core, clock: FakeClock
) -> None:
    await organisation(core)
    assert (await admin(core, PILOT)).startswith("created pilot 'Pilot' as a draft")
    assert "is now active" in await admin(core, "program launch Pilot")

    await advance_to(core, clock, datetime(2026, 3, 27, tzinfo=UTC))

    days = sorted({day for _, day in await prompted(core)})
    assert days == ["03-04", "03-05", "03-11", "03-12"]  # the lead a day early; none after
    assert {user for user, _ in await prompted(core)} == {"lena", *SALES}
    async with core.sessions() as session:
        program = await session.scalar(select(Program))
        pilot = await session.scalar(select(Pilot))
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "program.end"))
    assert program is not None and (program.status, program.active) == ("ended", False)
    assert pilot is not None and pilot.final_review_due_at == datetime(2026, 3, 16, tzinfo=UTC)
    assert entry is not None and entry.actor == "kmbot (calendar)"
    assert entry.detail == {"reason": "its end date 2026-03-15 passed"}
    assert "status: ended" in await admin(core, "pilot show Pilot")


async def test_a_program_launched_for_a_later_day_starts_then(core: Core, clock: FakeClock) -> None:
    await organisation(core)
    await admin(core, "program create Later --purpose 'Learn.' --share-mode private")
    scheduled = await admin(core, "program launch Later --on 2026-03-09")
    assert scheduled == "program 'Later' is scheduled: it starts on 2026-03-09"

    await advance_to(core, clock, datetime(2026, 3, 8, 23, tzinfo=UTC))
    assert await prompted(core) == []
    await advance_to(core, clock, datetime(2026, 3, 13, tzinfo=UTC))

    assert sorted({day for _, day in await prompted(core)}) == ["03-11", "03-12"]
    assert "status: active" in await admin(core, "program show Later")


async def test_the_preview_is_what_the_jobs_then_send(core: Core, clock: FakeClock) -> None:
    await organisation(core)
    await admin(core, PILOT)
    preview = await admin(core, "program preview Pilot")
    assert "program 'Pilot' (draft): what it would send from Mon 2026-03-02 00:00 UTC" in preview
    assert "Thu 2026-03-05 15:00 UTC  round 1: " in preview
    assert "to 3: Ana, Ben, Cy" in preview and "to 1: Lena" in preview
    async with core.sessions() as session:
        program = await session.scalar(select(Program))
        assert program is not None
        planned = {
            (s.member_id, s.opens, s.question_id)
            for s in await sendings(session, program, clock.now(), "UTC")
        }

    await admin(core, "program launch Pilot")
    await advance_to(core, clock, datetime(2026, 3, 16, tzinfo=UTC))

    async with core.sessions() as session:
        sent = {
            (member, opened, question)
            for member, opened, question in await session.execute(
                select(Prompt.member_id, Prompt.opened_at, Prompt.question_id)
            )
        }
        asked = set(await session.scalars(select(Question.text).join(Prompt)))
    assert sent == planned and len(sent) == 8  # 4 people, 2 rounds
    assert all(text[:40] in preview for text in asked)


async def test_the_seeds_advice_says_why(core: Core) -> None:
    await organisation(core)
    await add_people(core, ("kim", "UTC"), unit="KM team")

    everyone = await admin(
        core,
        "pilot create Wide --purpose 'All of us.' --function support --established no "
        "--share-mode private --end-date 2026-05-31",
    )
    km = await admin(
        core,
        "pilot create Inward --purpose 'Us first.' --target 'KM team' --function frontline "
        "--established yes --metric-name errors --compare Ops --share-mode private "
        "--end-date 2026-05-31",
    )
    good = await admin(core, PILOT.replace("2026-03-15", "2026-05-31"))

    assert [line for line in everyone.splitlines() if line.startswith("warning: ")] == [
        "warning: the audience is everyone: a pilot needs a unit to compare with, and a "
        "whole-organisation launch has none",
        "warning: a support function: pick a frontline function, where a business benefit "
        "can be shown to the people who decide",
        "warning: the practice is not established: a new practice mixes two changes, so the "
        "pilot cannot say which one worked",
        "warning: no business metric: without one there is no baseline, so no saving can be "
        "shown to convince the sceptic",
        "warning: no comparison unit: without one a change cannot be told from what would "
        "have happened anyway",
    ]
    assert [line[:45] for line in km.splitlines() if line.startswith("warning: ")] == [
        "warning: the audience is the KM team or the c"
    ]
    assert "warning: " not in good


async def test_two_programs_reaching_the_same_people_in_a_week_are_warned(core: Core) -> None:
    await organisation(core)
    await admin(core, "program create All --purpose 'Everyone learns.' --share-mode private")
    await admin(core, "program launch All")
    alone = "program create Ops --purpose 'x.' --audience unit:Nobody --share-mode private"

    created = await admin(core, PILOT.replace("2026-03-15", "2026-05-31"))

    assert (
        "warning: 'Pilot' and 'All' both reach the same 4 people in week 2026-W10 "
        "(and 5 more weeks): they would get two prompts that week"
    ) in created
    assert "warning: 'Ops'" not in await admin(core, alone)
    assert "both reach the same 4 people" in await admin(core, "program preview Pilot")


async def test_every_program_change_is_in_its_history(core: Core) -> None:
    await organisation(core)
    await admin(
        core, "program create Pilot --purpose 'Learn.' --share-mode private --reason 'Q2 plan'"
    )
    await admin(core, "program update Pilot --rename Trial --reason 'clearer name'")
    await admin(core, "program update Trial --weekday tue")
    await admin(core, "program launch Trial --reason 'sponsor agreed'")

    lines = (await admin(core, "program history Trial")).splitlines()

    assert lines[0] == "when (UTC)\twho\twhat\twhy"
    actor = lines[1].split("\t")[1]
    assert actor.startswith("member:") and actor.endswith("Boss")
    assert [line.split("\t", 2)[2] for line in lines[1:]] == [
        "create purpose=Learn. share_mode=private\tQ2 plan",
        "update renamed 'Pilot' to 'Trial'\tclearer name",
        "update weekday=tue\t-",
        "launch\tsponsor agreed",
    ]
    assert await admin(core, "program history Nope") == (
        "no program named 'Nope' (see: kmbot program list)"
    )


async def test_leads_outside_a_pilot_are_never_nudged(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await organisation(core)
    await admin(core, PILOT.replace("2026-03-15", "2026-05-31"))
    await admin(core, "program launch Pilot")

    await advance_to(core, clock, datetime(2026, 3, 24, tzinfo=UTC))

    def nudged(lead: str) -> list[str]:
        return [f"{s.at:%m-%d}" for s in platform.sent_to(lead) if "go first" in s.message.title]

    assert nudged("omar") == []  # Ops is only the comparison unit
    assert nudged("lena") == ["03-05", "03-09", "03-16", "03-23"]  # from her team's prompt on


async def test_people_outside_a_pilot_do_not_see_its_answers_in_status(
    core: Core, clock: FakeClock
) -> None:
    await organisation(core)
    shared = "--share-mode feed --feed memory:acme:C-feed --end-date 2026-05-31"
    await admin(core, PILOT.replace("--share-mode private --end-date 2026-03-15", shared))
    await admin(core, "program launch Pilot")
    await advance_to(core, clock, datetime(2026, 3, 5, 16, tzinfo=UTC))
    await answer_in_chat(core, "ben", "Ask Cy about the freight rules.")

    assert "freight rules" in await told(core, "cy", "status")
    assert "freight rules" not in await told(core, "olga", "status")


async def test_the_summary_counts_only_the_pilot_s_leads(core: Core, clock: FakeClock) -> None:
    await organisation(core)
    await admin(core, PILOT.replace("2026-03-15", "2026-05-31"))
    await admin(core, "program launch Pilot")
    await advance_to(core, clock, datetime(2026, 3, 16, tzinfo=UTC))

    async with core.sessions() as session:
        lines, _ = await programs_summary(session, clock.now())

    assert [line.split("; ")[2] for line in lines] == ["0 of the program's 1 leads shared openly"]


async def test_the_pilot_s_target_units_follow_its_program_s_audience(core: Core) -> None:
    await organisation(core)
    await add_people(core, ("eve", "UTC"), unit="Eng")
    await admin(core, PILOT)

    reply = await admin(core, "program update Pilot --audience unit:Sales,Eng --reason 'wider'")
    assert "the pilot's target units are now Eng, Sales (were Sales)" in reply
    shown = await admin(core, "pilot show Pilot")
    assert "targets: Eng, Sales" in shown and "comparison: Ops" in shown
    assert "pilot targets targets=Eng, Sales\twider" in await admin(core, "program history Pilot")

    assert await admin(core, "program update Pilot --audience everyone") == (
        "'Pilot' is a pilot: its audience is its target units, so give units "
        "(--audience unit:NAME[,NAME])"
    )
    assert await admin(core, "program update Pilot --audience unit:Sales,Ops") == (
        "unit 'Ops' is a comparison unit of pilot 'Pilot': it cannot be a target too"
    )
    assert "audience: unit:Sales,Eng" in await admin(core, "program show Pilot")
