"""Habit (answered at least 3 of the last 4 rounds) and streaks, from one grouped scan.

Each member's last closed rounds become bit masks in the database (bit n: n rounds before the
latest closed one):
asked, answered, missed. Python reads the streak off the masks: answered rounds in a row
back from the latest, where a skipped or open round (or one the member was not asked) does
not break it and a missed one does, as the member's own `status` counts it. Streaks longer
than `MASK_ROUNDS` rounds are counted as `MASK_ROUNDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from sqlalchemy import BigInteger, case, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Round
from bot.evidence.figures import MIN_PEOPLE, Habit
from bot.evidence.scope import Selection
from bot.evidence.stats import proportion

HABIT_ROUNDS = 4
HABIT_ANSWERED = 3
STREAK_SHOWN = 3
MASK_ROUNDS = 62  # a signed 64-bit sum holds them on both databases


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


def streak_of(answered: int, missed: int) -> int:
    """Answered rounds in a row from bit 0 up, until the first missed one."""
    count = 0
    for bit in range(MASK_ROUNDS):
        if missed >> bit & 1:
            break
        count += answered >> bit & 1
    return count


@dataclass(frozen=True)
class MemberRounds:
    """One member asked in the period: unit, role, and their closed rounds as bit masks."""

    unit: str
    role: str
    asked: int
    answered: int
    missed: int


async def member_rounds(
    session: AsyncSession, selection: Selection, cycles: list[int]
) -> list[MemberRounds]:
    """Everyone asked in the period (one grouped scan); rounds not closed weigh nothing."""
    weight: Any = literal(0, BigInteger)
    if cycles:  # bit (latest - cycle): one shift a row, on SQLite and PostgreSQL alike
        latest, oldest = cycles[0], max(cycles[-1], cycles[0] - MASK_ROUNDS + 1)
        shifted = literal(1, BigInteger).op("<<")(latest - Prompt.cycle)
        weight = case((Prompt.cycle.between(oldest, latest), shifted), else_=0)
    query = (
        select(
            Member.unit,
            Member.role,
            func.sum(weight),
            func.sum(case((Prompt.status == "answered", weight), else_=0)),
            func.sum(case((Prompt.status == "missed", weight), else_=0)),
        )
        .join(Member, Member.id == Prompt.member_id)
        .where(selection.prompts())
        .group_by(Prompt.member_id, Member.unit, Member.role)
    )
    return [
        MemberRounds(unit, role, int(a or 0), int(b or 0), int(c or 0))
        for unit, role, a, b, c in await session.execute(query)
    ]


def habit_of(cycles: list[int], members: list[MemberRounds]) -> Habit:
    """Habit over the last 4 closed rounds, streaks as of the latest (`cycles` newest first)."""
    if not cycles:
        empty = proportion(0, 0)
        return Habit((), empty, None, None, empty)
    last_four = sum(1 << (cycles[0] - cycle) for cycle in cycles[:HABIT_ROUNDS])
    recent = [m.answered for m in members if m.asked & last_four]
    kept = sum(1 for answered in recent if (answered & last_four).bit_count() >= HABIT_ANSWERED)
    lengths = [streak_of(m.answered, m.missed) for m in members if m.asked]
    shown = len(lengths) >= MIN_PEOPLE
    return Habit(
        tuple(sorted(cycles[:HABIT_ROUNDS])),
        proportion(kept, len(recent)),
        float(median(lengths)) if shown else None,
        max(lengths) if shown else None,
        proportion(sum(1 for n in lengths if n >= STREAK_SHOWN), len(lengths)),
    )
