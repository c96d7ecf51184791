"""The report, the dashboard's breakdowns and the Monday chart's rounds summed from the round
summaries are exactly the figures recomputed from the raw rows, on a randomised history
(late answers, withdrawals, edits, skips with reasons, Helpful marks, reuse, a member moved
to another unit, a lead stepping down, an erased member, a retention purge)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import Core
from bot.db.archive_models import ReuseEvent
from bot.db.evidence_models import RoundSummary
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Reply, Round
from bot.evidence.coverage import coverage
from bot.evidence.figures import BREAKDOWNS, Period
from bot.evidence.participation import breakdown
from bot.evidence.report import program_report
from bot.evidence.scope import Selection
from bot.evidence.summaries import summarise_pending
from bot.privacy.erase import erase_member
from tests.report_data import MONDAY, KnownData

UNITS = {"Sales": 9, "Ops": 6, "Support": 7}
OUTCOMES = ("shared", "shared", "anonymous", "private", "late", "missed", "skipped")
REASONS = ("busy", "nothing new", "away")
ROUNDS = 8  # the last one still open
PERIODS = (
    Period(),
    Period(start=(MONDAY + timedelta(weeks=2, days=3)).date()),  # round 2's early prompts out
    Period(end=(MONDAY + timedelta(weeks=5, days=2)).date()),  # round 5's early prompts in
    Period(start=(MONDAY + timedelta(weeks=1)).date(), end=(MONDAY + timedelta(weeks=6)).date()),
)
SCOPES = (None, ("Sales",), ("Ops", "Support"))


async def random_history(session: AsyncSession, rng: random.Random) -> list[int]:
    data = KnownData(session)
    for unit, size in UNITS.items():
        await data.people(unit, *(f"{unit}{i}" for i in range(size)), lead=f"lead-{unit}")
    programs = [await data.program("Weekly learning"), await data.program("Other")]
    names = list(data.members)
    for program in programs:
        for cycle in range(ROUNDS):
            asked = [name for name in names if rng.random() < 0.85]
            early = {name for name in asked if rng.random() < 0.3}  # opened a day before
            last = cycle == ROUNDS - 1
            for group, days in ((early, 2), (set(asked) - early, 3)):
                outcomes = {
                    n: "open" if last and rng.random() < 0.5 else rng.choice(OUTCOMES)
                    for n in sorted(group)
                }
                opened = MONDAY + timedelta(weeks=cycle, days=days)
                await data.round(program, cycle, outcomes, opened=opened, closed=False)
            if not last:
                closed = MONDAY + timedelta(weeks=cycle, days=6)
                session.add(Round(program_id=program, cycle=cycle, closed_at=closed))
    skipped = list(await session.scalars(select(Prompt).where(Prompt.status == "skipped")))
    for prompt in skipped:
        prompt.skip_reason = rng.choice((None, *REASONS))
    for reply in await session.scalars(select(Reply)):
        reply.helpful_count = rng.choice((0, 0, 1, 2, 5))
    replies = list(await session.scalars(select(Reply.id)))
    for reply_id in rng.sample(replies, 10):
        for reader in rng.sample(names, 2):
            session.add(
                ReuseEvent(reply_id=reply_id, member_id=data.members[reader].id, created_at=MONDAY)
            )
    await session.flush()
    return programs


async def figures(session: AsyncSession, programs: list[int]) -> list[Any]:
    """Every report (each breakdown, period and scope), the dashboard's breakdowns and the
    chart's rounds."""
    found: list[Any] = []
    for program in programs:
        for period in PERIODS:
            for units in SCOPES:
                for by in BREAKDOWNS:
                    found.append(await program_report(session, program, period, by, units=units))
        for by in ("unit", "question"):
            found.append(await breakdown(session, Selection(program, Period()), by))
    return found


async def recomputed(sessions: async_sessionmaker[AsyncSession], programs: list[int]) -> list[Any]:
    """The figures from the raw rows alone: every summary deleted, then rolled back."""
    async with sessions() as session:
        await session.execute(delete(RoundSummary))
        raw = await figures(session, programs)
        await session.rollback()
    return raw


async def summed(sessions: async_sessionmaker[AsyncSession], programs: list[int]) -> list[Any]:
    async with sessions() as session:
        return await figures(session, programs)


async def summed_rounds(sessions: async_sessionmaker[AsyncSession], program: int) -> int:
    async with sessions() as session:
        return len((await coverage(session, Selection(program, Period()))).inside)


async def change_history(session: AsyncSession, rng: random.Random, programs: list[int]) -> None:
    """What happens after rounds close, each through the rows the product writes."""
    closed = Prompt.cycle < ROUNDS - 1
    missed = list(await session.scalars(select(Prompt).where(closed, Prompt.status == "missed")))
    for prompt in rng.sample(missed, 4):  # late answers
        prompt.status, prompt.answered_at = "answered", prompt.closes_at
        session.add(
            Reply(
                prompt_id=prompt.id,
                program_id=prompt.program_id,
                member_id=prompt.member_id,
                answers=[{"label": "What did you learn?", "text": "late"}],
                visibility="shared",
                late=True,
                helpful_count=1,
                created_at=prompt.closes_at,
            )
        )
    answered = list(await session.scalars(select(Reply).where(Reply.prompt_id.is_not(None))))
    withdrawn, edited, marked = answered[:3], answered[3:6], answered[6:9]
    for reply in withdrawn:  # as bot.prompts.withdrawal does once the round closed
        await session.execute(delete(Reply).where(Reply.id == reply.id))
        await session.execute(
            update(Prompt).where(Prompt.id == reply.prompt_id).values(status="missed")
        )
    for reply in edited:
        reply.visibility = "private" if reply.visibility != "private" else "shared"
    for reply in marked:
        reply.helpful_count += 3
    opened = list(await session.scalars(select(Prompt).where(closed, Prompt.status == "open")))
    for prompt in opened[:2]:  # a latecomer's prompt skipped after the round closed
        prompt.status, prompt.skip_reason = "skipped", "busy"
    members = {m.external_id: m for m in await session.scalars(select(Member))}
    members["Sales1"].unit = "Ops"
    members["Ops2"].role = "champion"
    await session.execute(delete(UnitLead).where(UnitLead.member_id == members["lead-Ops"].id))
    await erase_member(session, members["Support3"], MONDAY + timedelta(weeks=9))
    await session.execute(  # a retention purge of the oldest round of one program
        delete(Prompt).where(Prompt.program_id == programs[1], Prompt.cycle == 0)
    )
    await session.flush()


@pytest.mark.parametrize("seed", [1, 2])
async def test_the_summed_figures_are_the_raw_figures_through_a_changing_history(
    core: Core, seed: int
) -> None:
    rng = random.Random(seed)
    async with core.sessions.begin() as session:
        programs = await random_history(session, rng)
    before = await recomputed(core.sessions, programs)

    assert await summarise_pending(core.sessions) == 2 * (ROUNDS - 1)
    assert await summed_rounds(core.sessions, programs[0]) == ROUNDS - 1
    assert await summed(core.sessions, programs) == before

    async with core.sessions.begin() as session:
        await change_history(session, rng, programs)
    changed = await recomputed(core.sessions, programs)
    assert changed != before  # the changes move the figures
    assert await summed_rounds(core.sessions, programs[0]) < ROUNDS - 1  # forgotten: read raw
    assert await summed(core.sessions, programs) == changed

    assert await summarise_pending(core.sessions) > 0
    assert await summed_rounds(core.sessions, programs[0]) == ROUNDS - 1
    assert await summed(core.sessions, programs) == changed


async def test_a_migrated_database_gets_the_summaries_of_its_closed_rounds(
    core: Core, database_url: str
) -> None:
    from bot.db.migrate import downgrade, upgrade

    async with core.sessions.begin() as session:
        programs = await random_history(session, random.Random(3))
    before = await recomputed(core.sessions, programs)
    await core.sessions.kw["bind"].dispose()
    downgrade(database_url, "0008")
    upgrade(database_url)

    assert await summed_rounds(core.sessions, programs[0]) == ROUNDS - 1
    async with core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RoundSummary)) == 14
    assert await summed(core.sessions, programs) == before
