"""Which prompts a report counts: one program, a period, optionally some units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Round
from bot.evidence.figures import Period


@dataclass(frozen=True)
class Selection:
    """The program, the period and the units (None: every unit) a report reads."""

    program_id: int
    period: Period
    units: Sequence[str] | None = None
    first_cycle: int | None = None  # no round before it can fall in the period (`narrowed`)
    without_roles: tuple[str, ...] = ()  # people left out (a pilot's figures: its champions)

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        start = self.period.start
        end = self.period.end
        return (
            datetime.combine(start, time(), tzinfo=UTC) if start else None,
            datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) if end else None,
        )

    def within(self, column: Any) -> list[ColumnElement[bool]]:
        """`column` (a moment) inside the period."""
        start, end = self.bounds()
        conditions: list[ColumnElement[bool]] = []
        if start is not None:
            conditions.append(column >= start)
        if end is not None:
            conditions.append(column < end)
        return conditions

    def prompts(self) -> ColumnElement[bool]:
        """The prompts counted (the query must join Member when units are given)."""
        conditions = [Prompt.program_id == self.program_id, *self.within(Prompt.opened_at)]
        if self.first_cycle is not None:  # lets the (program, cycle) index skip older rounds
            conditions.append(Prompt.cycle >= self.first_cycle)
        if self.units is not None:
            conditions.append(Member.unit.in_(list(self.units)))
        if self.without_roles:
            conditions.append(Member.role.not_in(self.without_roles))
        return and_(*conditions)

    @property
    def needs_members(self) -> bool:
        return self.units is not None or bool(self.without_roles)


async def narrowed(session: AsyncSession, selection: Selection) -> Selection:
    """The selection with the first round that can fall in its period: a round whose prompts
    opened in the period closed in it or later, or is still open (newer than every closed
    one). Read from the small rounds table."""
    start, _ = selection.bounds()
    if start is None:
        return selection
    program = Round.program_id == selection.program_id
    later = await session.scalar(
        select(func.min(Round.cycle)).where(program, Round.closed_at >= start)
    )
    if later is None:
        latest = await session.scalar(select(func.max(Round.cycle)).where(program))
        later = 0 if latest is None else latest + 1
    return replace(selection, first_cycle=int(later))
