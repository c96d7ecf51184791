"""Which rounds of a selection are read from their summaries and which from `prompts`.

A summed round whose prompts all opened inside the period is read from its summary; one
wholly outside is not read at all; any other round (still open, not summed yet or again,
or astride the period's edge) is read from `prompts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import BLOCK, RoundSummary
from bot.db.models import Prompt
from bot.evidence.scope import Selection
from bot.evidence.summaries import bit_of


@dataclass(frozen=True)
class Coverage:
    """`inside`: summed rounds read from their summaries; `outside`: summed rounds that
    cannot hold a prompt of the period."""

    inside: frozenset[int]
    outside: frozenset[int]

    def raw(self) -> ColumnElement[bool]:
        """The prompts still read from `prompts` (cycles neither inside nor outside), as
        ranges the (program, cycle) index can walk."""
        known = sorted(self.inside | self.outside)
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

    def without(self, cycles: Iterable[int]) -> Coverage:
        """The same, with `cycles` read from `prompts` instead."""
        moved = frozenset(cycles)
        return replace(self, inside=self.inside - moved, outside=self.outside - moved)

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
    return Coverage(frozenset(inside), frozenset(outside))


def relative(masks: int, block: int, latest: int) -> int:
    """A block's bits as the report's masks read them: bit n for n rounds before `latest`
    (rounds after it dropped)."""
    if block == latest // BLOCK:
        return masks >> (BLOCK - 1 - latest % BLOCK)
    if block == latest // BLOCK - 1:
        return masks << (latest % BLOCK + 1)
    return 0
