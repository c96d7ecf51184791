"""Which rounds of a selection are read from their summaries and which from `prompts`.

A summed round whose prompts all opened inside the period is read from its summary; one
wholly outside is not read at all; any other round (still open, not summed yet or again,
or astride the period's edge) is read from `prompts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import BLOCK, MemberRoundBits, RoundSummary
from bot.db.models import Member, Prompt
from bot.evidence.scope import Selection
from bot.evidence.summaries import bit_of


@dataclass(frozen=True)
class Coverage:
    """`inside`: summed rounds read from their summaries; `outside`: summed rounds that
    cannot hold a prompt of the period; `unsummed`: the rounds with prompts read from
    `prompts` (open, or not summed)."""

    inside: frozenset[int]
    outside: frozenset[int]
    unsummed: frozenset[int] = frozenset()
    kept: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def raw(self) -> ColumnElement[bool]:
        """The prompts still read from `prompts`."""
        return Prompt.cycle.in_(sorted(self.unsummed)) if self.unsummed else false()

    @property
    def nothing_raw(self) -> bool:
        return not self.unsummed

    def without(self, cycles: Iterable[int]) -> Coverage:
        """The same, with `cycles` read from `prompts` instead."""
        moved = frozenset(cycles) & (self.inside | self.outside)
        return Coverage(self.inside - moved, self.outside - moved, self.unsummed | moved, self.kept)

    def masks(self, cycles: Iterable[int] | None = None) -> dict[int, int]:
        """Block -> the bits of the inside rounds (of `cycles` only, when given)."""
        chosen = self.inside if cycles is None else self.inside & frozenset(cycles)
        blocks: dict[int, int] = {}
        for cycle in chosen:
            blocks[cycle // BLOCK] = blocks.get(cycle // BLOCK, 0) | bit_of(cycle)
        return blocks


async def coverage(session: AsyncSession, selection: Selection) -> Coverage:
    """The summed rounds of the selection's program, inside or outside its period (a round
    before the selection's first one is outside, as `narrowed` says)."""
    start, end = selection.bounds()
    inside, outside = set(), set()
    summed = select(RoundSummary.cycle, RoundSummary.first_opened, RoundSummary.last_opened)
    for cycle, first, last in await session.execute(
        summed.where(RoundSummary.program_id == selection.program_id)
    ):
        before = selection.first_cycle is not None and cycle < selection.first_cycle
        if before or (start is not None and last < start) or (end is not None and first >= end):
            outside.add(int(cycle))
        elif (start is None or first >= start) and (end is None or last < end):
            inside.add(int(cycle))
    unsummed = select(Prompt.cycle).where(
        Prompt.program_id == selection.program_id, _not_summed(sorted(inside | outside))
    )
    if selection.first_cycle is not None:
        unsummed = unsummed.where(Prompt.cycle >= selection.first_cycle)
    cycles = frozenset(await session.scalars(unsummed.distinct()))
    return Coverage(frozenset(inside), frozenset(outside), cycles)


def _not_summed(known: list[int]) -> ColumnElement[bool]:
    """Cycles not in `known`, as ranges the (program, cycle) index can walk."""
    if not known:
        return true()
    ranges: list[ColumnElement[bool]] = []
    if known[0] > 0:
        ranges.append(Prompt.cycle < known[0])
    for low, high in zip(known, known[1:], strict=False):
        if high > low + 1:
            ranges.append(Prompt.cycle.between(low + 1, high - 1))
    ranges.append(Prompt.cycle > known[-1])
    return or_(*ranges)


BitsRow = tuple[int, str, str, int, int, int, int, int]


async def member_bits(
    session: AsyncSession, selection: Selection, covered: Coverage
) -> list[BitsRow]:
    """(member, unit, role, block, asked, answered, missed, reasoned) of every member of the
    selection's program and units with bits, read once per coverage."""
    if "bits" not in covered.kept:
        bits = MemberRoundBits
        query = (
            select(
                bits.member_id,
                Member.unit,
                Member.role,
                bits.block,
                bits.asked,
                bits.answered,
                bits.missed,
                bits.reasoned,
            )
            .join(Member, Member.id == bits.member_id)
            .where(bits.program_id == selection.program_id)
        )
        if selection.units is not None:
            query = query.where(Member.unit.in_(list(selection.units)))
        if selection.without_roles:
            query = query.where(Member.role.not_in(selection.without_roles))
        connection = await session.connection()  # Core rows: no ORM loading for 10,000s
        covered.kept["bits"] = [tuple(row) for row in await connection.execute(query)]
    rows: list[BitsRow] = covered.kept["bits"]
    return rows
