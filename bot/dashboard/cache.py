"""The overview's figures, kept for a minute per scope while nothing they count has changed.

Figures over a year of a large organisation take a while to sum; a dashboard is read far
more often than a round closes. The version is a handful of primary-key maxima (each one
index lookup): a new prompt, answer, closed round, reuse event or program is seen at once;
what changes no id (a skip, an edited answer) within the minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.access import Viewer
from bot.dashboard.overview import ProgramView, overview
from bot.db.archive_models import ReuseEvent
from bot.db.models import Program, Prompt, Reply, Round

FRESH_FOR = timedelta(minutes=1)
Version = tuple[int | None, ...]


async def data_version(session: AsyncSession) -> Version:
    tables = (Prompt.id, Reply.id, Round.id, ReuseEvent.id, Program.id)
    row = (
        await session.execute(select(*(select(func.max(c)).scalar_subquery() for c in tables)))
    ).one()
    return tuple(row)


@dataclass
class OverviewCache:
    """Computed overviews by scope (a lead's units, or None for everyone)."""

    fresh_for: timedelta = FRESH_FOR
    _kept: dict[tuple[str, ...] | None, tuple[datetime, Version, list[ProgramView]]] = field(
        default_factory=dict
    )

    async def views(
        self, session: AsyncSession, viewer: Viewer, now: datetime
    ) -> list[ProgramView]:
        version = await data_version(session)
        kept = self._kept.get(viewer.units)
        if kept is not None and kept[1] == version and now - kept[0] < self.fresh_for:
            return kept[2]
        views = await overview(session, viewer)
        self._kept[viewer.units] = (now, version, views)
        return views
