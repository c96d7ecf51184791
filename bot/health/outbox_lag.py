"""The outbox lag: how long the oldest delivery that is due now has been waiting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Workspace


async def outbox_lag(
    session: AsyncSession, now: datetime, platforms: Sequence[str]
) -> dict[str, float]:
    """Seconds the oldest due delivery has waited, per platform in `platforms` (0: none due).

    Due as the dispatcher claims: pending with `not_before` passed, or sending with its
    lease run out (a crashed sender's). A delivery paused by a 429 still counts: it is late.
    One grouped query on the (status, not_before) index.
    """
    due = or_(
        and_(Delivery.status == "pending", Delivery.not_before <= now),
        and_(Delivery.status == "sending", Delivery.lease_until < now),
    )
    rows = await session.execute(
        select(Workspace.platform, func.min(Delivery.not_before))
        .join(Workspace, Delivery.workspace_id == Workspace.id)
        .where(due, Workspace.platform.in_(list(platforms)))
        .group_by(Workspace.platform)
    )
    lag = dict.fromkeys(platforms, 0.0)
    for platform, oldest in rows:
        lag[platform] = max(0.0, round((now - oldest).total_seconds(), 3))
    return lag
