"""The inbox backlog: events stored and acknowledged but not handled yet, and given-up ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.lease import claimable
from bot.db.models import InboxEvent
from bot.inbox.store import BUSY


@dataclass(frozen=True)
class InboxBacklog:
    """`waiting`: due events not handled yet; `oldest_seconds`: how long the oldest of them
    has waited since it arrived (0: none); `failed`: events given up after their retries."""

    waiting: int = 0
    oldest_seconds: float = 0.0
    failed: int = 0


async def inbox_backlog(session: AsyncSession, now: datetime) -> InboxBacklog:
    """Due as the workers claim (pending and due, or a dead worker's lease run out)."""
    waiting, oldest = (
        await session.execute(
            select(func.count(), func.min(InboxEvent.received_at)).where(
                claimable(InboxEvent, BUSY, now)
            )
        )
    ).one()
    failed = await session.scalar(
        select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "failed")
    )
    seconds = max(0.0, round((now - oldest).total_seconds(), 3)) if oldest else 0.0
    return InboxBacklog(int(waiting), seconds, int(failed or 0))
