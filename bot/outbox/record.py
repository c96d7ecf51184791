"""Recording what a send came to: sent, retried later, paused by a 429, or given up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Address, DeliveryError, MessageRef, RateLimited
from bot.db.models import Delivery, Member, Prompt, Workspace

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0

    def add(self, other: DispatchReport) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.cancelled += other.cancelled

    def count(self, result: str) -> None:
        """Count one outcome as `record_outcome` names it."""
        if result == "sent":
            self.sent += 1
        elif result in ("retry", "rate_limited"):
            self.retried += 1
        elif result == "failed":
            self.failed += 1
        else:
            self.cancelled += 1


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery with everything needed to send it."""

    id: int
    kind: str
    workspace_id: int
    member_id: int | None
    prompt_id: int | None
    attempts: int
    payload: dict[str, Any]
    platform: str
    address: Address
    still_wanted: bool
    update_of: MessageRef | None = None
    key: str = ""  # its dedupe key: the replies waiting for its thread extend it


@dataclass(frozen=True)
class Outcome:
    claimed: Claimed
    ref: MessageRef | None = None
    error: DeliveryError | None = None
    cancelled: bool = False
    attempted: bool = False  # the platform was called (so the send's latency means something)


async def record_outcome(session: AsyncSession, outcome: Outcome, now: datetime) -> str:
    """Write one send's outcome to its delivery (and the prompt's message, the member's
    reachability, the workspace's pause); return what it came to: sent, retry,
    rate_limited, failed or cancelled."""
    claimed = outcome.claimed
    row = update(Delivery).where(Delivery.id == claimed.id)
    if outcome.cancelled:
        await session.execute(
            row.values(status="cancelled", lease_until=None, last_error="no longer wanted")
        )
        await release_thread(session, claimed, None, now)
        return "cancelled"
    if outcome.ref is not None:
        ref = outcome.ref
        await session.execute(
            row.values(
                status="sent",
                sent_at=now,
                lease_until=None,
                message_conversation=ref.conversation,
                message_id=ref.message_id,
            )
        )
        if claimed.kind == "prompt" and claimed.prompt_id is not None:
            await session.execute(
                update(Prompt)
                .where(Prompt.id == claimed.prompt_id)
                .values(message_conversation=ref.conversation, message_id=ref.message_id)
            )
        await release_thread(session, claimed, ref, now)
        return "sent"
    if isinstance(outcome.error, RateLimited):
        until = now + timedelta(seconds=outcome.error.retry_after or 1.0)
        await pause_workspace(session, claimed.workspace_id, until)
        await session.execute(
            row.values(
                status="pending",
                not_before=until,
                lease_until=None,
                attempts=Delivery.attempts - 1,
                last_error=outcome.error.reason[:300],
            )
        )
        return "rate_limited"
    error = outcome.error or DeliveryError("unknown")
    if error.permanent or claimed.attempts >= MAX_ATTEMPTS:
        await session.execute(
            row.values(status="failed", lease_until=None, last_error=error.reason[:300])
        )
        if error.permanent and claimed.member_id is not None:
            await session.execute(
                update(Member)
                .where(Member.id == claimed.member_id)
                .values(unreachable_reason=error.reason[:200])
            )
        log.warning("delivery %s failed: %s", claimed.id, error.reason)
        await release_thread(session, claimed, None, now)
        return "failed"
    await session.execute(
        row.values(
            status="pending",
            lease_until=None,
            not_before=now + backoff(claimed.attempts),
            last_error=error.reason[:300],
        )
    )
    return "retry"


async def release_thread(
    session: AsyncSession, claimed: Claimed, ref: MessageRef | None, now: datetime
) -> None:
    """The replies waiting for this channel post's thread may go: into its thread once it is
    sent (`ref`), on their own in the channel when it never will be (nothing is lost)."""
    if claimed.member_id is not None or not claimed.key:
        return
    await session.execute(
        update(Delivery)
        .where(
            Delivery.status == "waiting",  # the due index's first column: only waiting rows
            Delivery.dedupe_key.startswith(claimed.key + ":", autoescape=True),
        )
        .values(status="pending", not_before=now, message_id=ref.message_id if ref else None)
    )


async def pause_workspace(session: AsyncSession, workspace_id: int, until: datetime) -> None:
    """Hold the workspace's deliveries until `until`, never shortening a longer pause.

    One conditional UPDATE, so two 429s recorded at once cannot overwrite each other.
    """
    paused = Workspace.deliveries_paused_until
    await session.execute(
        update(Workspace)
        .where(Workspace.id == workspace_id, or_(paused.is_(None), paused < until))
        .values(deliveries_paused_until=until)
    )
