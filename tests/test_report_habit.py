"""Habit, streaks and the people counted behind a report are summed in the database (bit
masks, a population count written out in SQL): on a randomised history, summed and not,
they are what a plain walk over each member's prompts gives."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from statistics import median

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import Core
from bot.db.models import Member, Prompt, Round
from bot.evidence.figures import Period
from bot.evidence.report import program_report
from bot.evidence.summaries import summarise_pending
from tests.test_report_summaries import PERIODS, SCOPES, change_history, random_history


async def walked(
    session: AsyncSession, program: int, period: Period, units: tuple[str, ...] | None
) -> tuple[int, int, int, float | None, int | None, int, dict[str, int]]:
    """(habit kept, habit asked, streaks counted, median, longest, streaks of 3+, people by
    unit), from the prompts alone, one member at a time."""
    start = datetime.combine(period.start, time(), UTC) if period.start else None
    end = datetime.combine(period.end + timedelta(days=1), time(), UTC) if period.end else None
    rows = await session.execute(
        select(Prompt.member_id, Member.unit, Prompt.cycle, Prompt.status, Prompt.opened_at)
        .join(Member, Member.id == Prompt.member_id)
        .where(Prompt.program_id == program)
    )
    status: dict[int, dict[int, str]] = defaultdict(dict)
    unit_of: dict[int, str] = {}
    asked_cycles = set()  # the rounds are the program's, whatever the units
    for member_id, unit, cycle, state, opened in rows:
        if (start is None or opened >= start) and (end is None or opened < end):
            asked_cycles.add(cycle)
            if units is None or unit in units:
                status[member_id][cycle] = state
                unit_of[member_id] = unit
    closed = set(await session.scalars(select(Round.cycle).where(Round.program_id == program)))
    cycles = sorted(closed & asked_cycles, reverse=True)[:62]
    recent = cycles[:4]
    kept = asked_recently = 0
    streaks = []
    for rounds in status.values():
        if any(cycle in rounds for cycle in recent):
            asked_recently += 1
            kept += sum(rounds.get(cycle) == "answered" for cycle in recent) >= 3
        if any(cycle in rounds for cycle in cycles):
            streak = 0
            for cycle in cycles:
                if rounds.get(cycle) == "missed":
                    break
                streak += rounds.get(cycle) == "answered"
            streaks.append(streak)
    by_unit: dict[str, int] = defaultdict(int)
    for unit in unit_of.values():
        by_unit[unit] += 1
    shown = len(streaks) >= 5
    return (
        kept,
        asked_recently,
        len(streaks),
        float(median(streaks)) if shown else None,
        max(streaks) if shown else None,
        sum(n >= 3 for n in streaks),
        dict(by_unit),
    )


async def reported(
    session: AsyncSession, program: int, period: Period, units: tuple[str, ...] | None
) -> tuple[int, int, int, float | None, int | None, int, dict[str, int]]:
    report = await program_report(session, program, period, "unit", units=units)
    habit = report.habit
    by_unit = {row.key: row.participation.people or 0 for row in report.rows}
    return (
        habit.habit.k,
        habit.habit.n,
        habit.streak_of_three.n,
        habit.median_streak,
        habit.longest_streak,
        habit.streak_of_three.k,
        {unit: n for unit, n in by_unit.items() if n},
    )


async def every_case(core: Core, programs: list[int]) -> None:
    async with core.sessions() as session:
        for program in programs:
            for period in PERIODS:
                for units in SCOPES:
                    expected = await walked(session, program, period, units)
                    found = await reported(session, program, period, units)
                    assert found == expected, (program, period, units)


@pytest.mark.parametrize("seed", [4, 5])
async def test_habit_streaks_and_people_are_the_walked_figures(core: Core, seed: int) -> None:
    rng = random.Random(seed)
    async with core.sessions.begin() as session:
        programs = await random_history(session, rng)
    await every_case(core, programs)  # nothing summed: every round read from prompts

    await summarise_pending(core.sessions)
    await every_case(core, programs)  # the closed rounds from their summaries

    async with core.sessions.begin() as session:
        await change_history(session, rng, programs)
    await every_case(core, programs)  # partly summed
