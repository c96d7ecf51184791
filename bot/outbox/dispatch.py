"""The dispatcher: claim due deliveries, send them through their platform, record each once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import (
    Address,
    ChatPlatform,
    ConversationAddress,
    DeliveryError,
    MemberAddress,
    MessageRef,
    RateLimited,
)
from bot.clock import Clock
from bot.db.models import Delivery, Member, Prompt, Workspace
from bot.outbox.codec import message_from_dict
from bot.outbox.record import Claimed, DispatchReport, Outcome, record_outcome

log = logging.getLogger(__name__)

RECORD_ATTEMPTS = 3
LEASE = timedelta(minutes=5)


class Dispatcher:
    """Sends due deliveries through their platform; safe to run in many replicas at once."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        platforms: Mapping[str, ChatPlatform],
        *,
        batch_size: int = 200,
        concurrency: int = 16,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._platforms = platforms
        self._batch_size = batch_size
        self._concurrency = asyncio.Semaphore(concurrency)
        self._stopping = False

    def stop(self) -> None:
        """Finish the batch in flight, claim no more (for a quick, clean shutdown)."""
        self._stopping = True

    async def dispatch_due(self) -> DispatchReport:
        """Drain everything due now; returns what happened."""
        report = DispatchReport()
        while not self._stopping and (batch := await self._claim()) is not None:
            if batch:
                report.add(await self._send_batch(batch))
        return report

    async def next_dispatch(self, session: AsyncSession) -> datetime | None:
        """When `dispatch_due` next has a delivery to claim: a pending one's time (after its
        workspace's pause), or the end of a lease a crashed sender left behind."""
        rows = await session.execute(
            select(
                Delivery.status,
                func.min(Delivery.not_before),
                func.min(Delivery.lease_until),
                Workspace.deliveries_paused_until,
            )
            .join(Workspace, Delivery.workspace_id == Workspace.id)
            .where(
                Delivery.status.in_(("pending", "sending")),
                Workspace.platform.in_(list(self._platforms)),
            )
            .group_by(Delivery.status, Workspace.id, Workspace.deliveries_paused_until)
        )
        moments = []
        for status, due, lease, paused in rows:
            if status == "pending":
                moments.append(max(due, paused) if paused else due)
            elif lease is not None:  # a crashed sender's rows, once the lease (and pause) end
                after = lease + timedelta(microseconds=1)
                moments.append(max(after, paused) if paused else after)
        return min(moments, default=None)

    async def _claim(self) -> list[Claimed] | None:
        """Claim a batch; None when nothing is due, [] when another replica won the race."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            paused = select(Workspace.id).where(Workspace.deliveries_paused_until > now)
            due = or_(
                and_(Delivery.status == "pending", Delivery.not_before <= now),
                and_(Delivery.status == "sending", Delivery.lease_until < now),
            )
            ids = list(
                await session.scalars(
                    select(Delivery.id)
                    .join(Workspace, Delivery.workspace_id == Workspace.id)
                    .where(
                        due,
                        Delivery.workspace_id.not_in(paused),
                        Workspace.platform.in_(list(self._platforms)),
                    )
                    .order_by(Delivery.not_before, Delivery.id)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True, of=Delivery)
                )
            )
            if not ids:
                return None
            # Claim only rows still due: atomic even where SKIP LOCKED does not exist (SQLite).
            ids = list(
                await session.scalars(
                    update(Delivery)
                    .where(Delivery.id.in_(ids), due)
                    .values(
                        status="sending", lease_until=now + LEASE, attempts=Delivery.attempts + 1
                    )
                    .returning(Delivery.id)
                )
            )
            if not ids:
                return []
            rows = await session.execute(
                select(
                    Delivery,
                    Workspace.platform,
                    Workspace.external_id,
                    Member.external_id,
                    Member.active,
                    Member.opted_out,
                    Prompt.status,
                )
                .join(Workspace, Delivery.workspace_id == Workspace.id)
                .outerjoin(Member, Delivery.member_id == Member.id)
                .outerjoin(Prompt, Delivery.prompt_id == Prompt.id)
                .where(Delivery.id.in_(ids))
                .order_by(Delivery.id)
            )
            return [_claimed(*row) for row in rows]

    async def _send_batch(self, batch: list[Claimed]) -> DispatchReport:
        paused_now: set[int] = set()
        reports = await asyncio.gather(*(self._send_and_record(c, paused_now) for c in batch))
        total = DispatchReport()
        for report in reports:
            total.add(report)
        return total

    async def _send_and_record(self, claimed: Claimed, paused_now: set[int]) -> DispatchReport:
        """Record each outcome as soon as its send returns, so a crash repeats at most one."""
        outcome = await self._send_one(claimed, paused_now)
        for attempt in range(RECORD_ATTEMPTS):
            try:
                return await self._record([outcome])
            except SQLAlchemyError:
                if attempt == RECORD_ATTEMPTS - 1:
                    raise  # the lease expires and the row is retried: at least once
                log.warning("recording delivery %s failed; retrying", claimed.id)
                await asyncio.sleep(0.5 * (attempt + 1))
        return DispatchReport()

    async def _send_one(self, claimed: Claimed, paused_now: set[int]) -> Outcome:
        if not claimed.still_wanted:
            return Outcome(claimed, cancelled=True)
        async with self._concurrency:
            if claimed.workspace_id in paused_now:
                return Outcome(claimed, error=RateLimited("workspace paused", 1.0))
            platform = self._platforms.get(claimed.platform)
            if platform is None:
                return Outcome(
                    claimed, error=DeliveryError(f"platform {claimed.platform!r} is not configured")
                )
            try:
                message = message_from_dict(claimed.payload)
                if claimed.update_of is not None:
                    await platform.update(claimed.update_of, message)
                    ref = claimed.update_of
                else:
                    ref = await platform.send(claimed.address, message)
            except DeliveryError as exc:
                if isinstance(exc, RateLimited):
                    paused_now.add(claimed.workspace_id)
                return Outcome(claimed, error=exc)
            except Exception as exc:  # an adapter bug must not block other rows
                log.exception("delivery %s crashed", claimed.id)
                return Outcome(claimed, error=DeliveryError(f"unexpected: {exc!r}"[:300]))
            return Outcome(claimed, ref=ref)

    async def _record(self, outcomes: Sequence[Outcome]) -> DispatchReport:
        now = self._clock.now()
        report = DispatchReport()
        async with self._sessions.begin() as session:
            for outcome in outcomes:
                await record_outcome(session, outcome, now, report)
        return report


def _claimed(
    delivery: Delivery,
    platform: str,
    workspace: str,
    user: str | None,
    member_active: bool | None,
    opted_out: bool | None,
    prompt_status: str | None,
) -> Claimed:
    address: Address
    if delivery.member_id is not None:
        address = MemberAddress(platform, workspace, user or "")
    else:
        address = ConversationAddress(platform, workspace, delivery.channel or "")
    wanted = True
    if delivery.member_id is not None and (not member_active or opted_out):
        wanted = False
    if delivery.kind == "reminder" and prompt_status != "open":
        wanted = False
    update_of = None
    if delivery.kind == "update" and delivery.channel and delivery.message_id:
        update_of = MessageRef(delivery.channel, delivery.message_id)
    return Claimed(
        delivery.id,
        delivery.kind,
        delivery.workspace_id,
        delivery.member_id,
        delivery.prompt_id,
        delivery.attempts,
        delivery.payload,
        platform,
        address,
        wanted,
        update_of,
    )
