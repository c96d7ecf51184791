"""The inbox table's statements: store an event, claim due ones, finish or retry them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.lease import claim, claimable
from bot.db.models import InboxEvent
from bot.db.upsert import insert_new

BUSY = "working"


@dataclass(frozen=True)
class InboxItem:
    """A claimed event: its row, the platform's raw body, and how often it was tried."""

    id: int
    event_id: str
    body: str
    attempts: int


def new_row(platform: str, event_id: str, body: str, now: datetime) -> dict[str, Any]:
    """The `inbox_events` row of an event just received: due at once, never tried."""
    return {
        "platform": platform,
        "event_id": event_id,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "not_before": now,
        "received_at": now,
    }


async def store(
    session: AsyncSession, platform: str, event_id: str, body: str, now: datetime
) -> None:
    """Keep the event for the workers; a second copy of a waiting event is not stored."""
    await insert_new(session, InboxEvent, [new_row(platform, event_id, body, now)])


async def claim_due(
    session: AsyncSession,
    platform: str,
    now: datetime,
    limit: int,
    holder: str,
    lease: timedelta,
    finished: Collection[int] = (),
) -> list[InboxItem]:
    """Delete the `finished` rows, then claim up to `limit` due events, oldest first."""
    if finished:
        await session.execute(delete(InboxEvent).where(InboxEvent.id.in_(list(finished))))
    if limit <= 0:
        return []
    due = claimable(InboxEvent, BUSY, now)
    candidates = (
        select(InboxEvent.id)
        .where(due, InboxEvent.platform == platform)
        .order_by(InboxEvent.not_before, InboxEvent.id)
        .limit(limit)
    )
    statement = claim(
        InboxEvent,
        candidates,
        due,
        status=BUSY,
        lease_until=now + lease,
        lease_holder=holder,
        attempts=InboxEvent.attempts + 1,
    ).returning(InboxEvent.id, InboxEvent.event_id, InboxEvent.body, InboxEvent.attempts)
    rows = await session.execute(statement)
    return sorted((InboxItem(*row) for row in rows), key=lambda item: item.id)


def retry_delay(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s, … capped at five minutes."""
    return timedelta(seconds=min(2**attempts, 300))


async def give_back(
    session: AsyncSession, item: InboxItem, error: str, now: datetime, max_attempts: int
) -> bool:
    """After a failed handling: due again after a backoff, or `failed` after `max_attempts`
    (kept with its error). True when it will be tried again."""
    again = item.attempts < max_attempts
    await session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == item.id)
        .values(
            status="pending" if again else "failed",
            not_before=now + retry_delay(item.attempts),
            lease_until=None,
            lease_holder=None,
            last_error=error[:300],
        )
    )
    return again
