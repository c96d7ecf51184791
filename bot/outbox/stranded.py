"""Deliveries no process here can send: their platform is not configured.

The dispatcher claims only deliveries for the platforms it has, so the others wait, pending,
until that platform is configured. `kmbot serve` warns about them at start and `kmbot outbox`
lists them first.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Workspace


async def stranded(session: AsyncSession, configured: Collection[str]) -> dict[str, int]:
    """Pending deliveries by platform, for each platform not in `configured`."""
    rows = await session.execute(
        select(Workspace.platform, func.count(Delivery.id))
        .join(Workspace, Delivery.workspace_id == Workspace.id)
        .where(Delivery.status == "pending", Workspace.platform.not_in(list(configured)))
        .group_by(Workspace.platform)
        .order_by(Workspace.platform)
    )
    return {platform: count for platform, count in rows}


def describe_stranded(counts: dict[str, int]) -> list[str]:
    """One line per platform: how many wait, and what makes them go."""
    return [
        f"{count} pending deliver{'y' if count == 1 else 'ies'} for {platform}, which is not "
        f"configured here: they wait until {platform} is configured "
        f"(kmbot outbox --status pending lists them)"
        for platform, count in counts.items()
    ]
