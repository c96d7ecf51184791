"""Habit (answered at least 3 of the last 4 rounds) and streaks, from everyone asked
(`bot.evidence.asked`: their masks are summed and counted in the database).

A streak is the answered rounds in a row back from the latest closed one, where a skipped or
open round (or one the member was not asked) does not break it and a missed one does, as the
member's own `status` counts it. Streaks longer than `MASK_ROUNDS` rounds are counted as
`MASK_ROUNDS`.
"""

from __future__ import annotations

from statistics import median

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Prompt, Round
from bot.evidence.asked import HABIT_ROUNDS, MASK_ROUNDS, Asked
from bot.evidence.figures import MIN_PEOPLE, Habit
from bot.evidence.scope import Selection
from bot.evidence.stats import proportion

STREAK_SHOWN = 3


async def closed_cycles(session: AsyncSession, selection: Selection) -> list[int]:
    """The program's closed rounds with prompts in the period, newest first (at most 62)."""
    in_period = exists().where(
        Prompt.program_id == Round.program_id,
        Prompt.cycle == Round.cycle,
        *selection.within(Prompt.opened_at),
    )
    return list(
        await session.scalars(
            select(Round.cycle)
            .where(Round.program_id == selection.program_id, in_period)
            .order_by(Round.cycle.desc())
            .limit(MASK_ROUNDS)
        )
    )


def habit_of(cycles: list[int], members: Asked) -> Habit:
    """Habit over the last 4 closed rounds, streaks as of the latest (`cycles` newest first)."""
    if not cycles:
        empty = proportion(0, 0)
        return Habit((), empty, None, None, empty)
    recent = sum(group.members for group in members.groups if group.recent)
    kept = sum(group.members for group in members.groups if group.recent and group.kept)
    lengths = sorted(
        (group.streak, group.members) for group in members.groups if group.asked_closed
    )
    streaks = [length for length, n in lengths for _ in range(n)]
    shown = len(streaks) >= MIN_PEOPLE
    return Habit(
        tuple(sorted(cycles[:HABIT_ROUNDS])),
        proportion(kept, recent),
        float(median(streaks)) if shown else None,
        streaks[-1] if shown else None,
        proportion(sum(1 for n in streaks if n >= STREAK_SHOWN), len(streaks)),
    )
