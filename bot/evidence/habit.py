"""Habit (answered at least 3 of the last 4 rounds) and streaks, from the members' bits of
summed rounds and one grouped scan of the other rounds' prompts.

Each member's last closed rounds become bit masks in the database (bit n: n rounds before the
latest closed one):
asked, answered, missed. Python reads the streak off the masks: answered rounds in a row
back from the latest, where a skipped or open round (or one the member was not asked) does
not break it and a missed one does, as the member's own `status` counts it. Streaks longer
than `MASK_ROUNDS` rounds are counted as `MASK_ROUNDS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median
from typing import Any

from sqlalchemy import BigInteger, case, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import BLOCK
from bot.db.models import Member, Prompt, Round
from bot.evidence.coverage import Coverage, coverage, member_bits
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
    """Answered rounds in a row from bit 0 up, until the first missed one (of `MASK_ROUNDS`)."""
    below = (missed & -missed) - 1 if missed else -1  # every bit under the first missed one
    return (answered & below & ((1 << MASK_ROUNDS) - 1)).bit_count()


@dataclass(frozen=True)
class MemberRounds:
    """One member asked in the period: unit, role, and their closed rounds as bit masks."""

    unit: str
    role: str
    asked: int
    answered: int
    missed: int


async def member_rounds(
    session: AsyncSession,
    selection: Selection,
    cycles: list[int],
    covered: Coverage | None = None,
) -> list[MemberRounds]:
    """Everyone asked in the period; rounds not closed weigh nothing. Summed rounds come
    from the members' bits, the others from one grouped scan of their prompts."""
    covered = covered or await coverage(session, selection)
    found: dict[int, MemberRounds] = {}
    raw = [] if covered.nothing_raw else await _raw_rounds(session, selection, cycles, covered)
    for member_id, unit, role, asked, answered, missed in raw:
        found[member_id] = MemberRounds(
            unit, role, int(asked or 0), int(answered or 0), int(missed or 0)
        )
    blocks = covered.masks()
    if not blocks:
        return list(found.values())
    moves = block_moves(cycles, blocks)
    for member_id, unit, role, block, asked, answered, missed, _ in await member_bits(
        session, selection, covered
    ):
        if block not in blocks:
            continue
        mask = blocks[block]
        if not asked & mask:
            continue
        left, right, window = moves[block]
        one = MemberRounds(
            unit,
            role,
            (((asked & mask) << left) >> right) & window,
            (((answered & mask) << left) >> right) & window,
            (((missed & mask) << left) >> right) & window,
        )
        if member_id in found:  # another block, or rounds read from prompts
            seen = found[member_id]
            one = MemberRounds(
                unit,
                role,
                one.asked | seen.asked,
                one.answered | seen.answered,
                one.missed | seen.missed,
            )
        found[member_id] = one
    return list(found.values())


def block_moves(cycles: list[int], blocks: Iterable[int]) -> dict[int, tuple[int, int, int]]:
    """Block -> (left shift, right shift, window): a block's bits shifted so, then masked,
    are the report's masks (bit n: n rounds before the latest; rounds after it dropped) over
    the window `member_rounds` weighs, worked out once per block rather than per member."""
    if not cycles:
        return {block: (0, 0, 0) for block in blocks}
    latest, oldest = cycles[0], max(cycles[-1], cycles[0] - MASK_ROUNDS + 1)
    window = (1 << (latest - oldest + 1)) - 1
    moves = {}
    for block in blocks:
        if block == latest // BLOCK:
            moves[block] = (0, BLOCK - 1 - latest % BLOCK, window)
        elif block == latest // BLOCK - 1:
            moves[block] = (latest % BLOCK + 1, 0, window)
        else:
            moves[block] = (0, 0, 0)
    return moves


async def _raw_rounds(
    session: AsyncSession, selection: Selection, cycles: list[int], covered: Coverage
) -> Any:
    weight: Any = literal(0, BigInteger)
    if cycles:  # bit (latest - cycle): one shift a row, on SQLite and PostgreSQL alike
        latest, oldest = cycles[0], max(cycles[-1], cycles[0] - MASK_ROUNDS + 1)
        shifted = literal(1, BigInteger).op("<<")(latest - Prompt.cycle)
        weight = case((Prompt.cycle.between(oldest, latest), shifted), else_=0)
    query = (
        select(
            Prompt.member_id,
            Member.unit,
            Member.role,
            func.sum(weight),
            func.sum(case((Prompt.status == "answered", weight), else_=0)),
            func.sum(case((Prompt.status == "missed", weight), else_=0)),
        )
        .join(Member, Member.id == Prompt.member_id)
        .where(selection.prompts(), covered.raw())
        .group_by(Prompt.member_id, Member.unit, Member.role)
    )
    return await session.execute(query)


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
