"""The dispatcher: claim due deliveries, send them through their platform, record each once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import Address, ChatPlatform, ConversationAddress, DeliveryError, RateLimited
from bot.clock import Clock
from bot.db.lease import process_name
from bot.db.models import Delivery, Workspace
from bot.health import metrics
from bot.outbox.claim import claim_due
from bot.outbox.codec import message_from_dict
from bot.outbox.record import Claimed, DispatchReport, Outcome, record_outcome

log = logging.getLogger(__name__)

RECORD_ATTEMPTS = 3


@dataclass(frozen=True)
class OutboxLimits:
    """How many sends one process has in flight, and how long it holds each claimed row.

    A row whose holder died is claimed again once its lease ends; a live holder renews the
    lease of every row it is still sending, every third of a lease.
    """

    lease: timedelta = timedelta(seconds=60)
    concurrency: int = 16


DEFAULT_LIMITS = OutboxLimits()


@dataclass
class _Run:
    """What one `dispatch_due` shares between its sends."""

    report: DispatchReport = field(default_factory=DispatchReport)
    paused: set[int] = field(default_factory=set)  # workspaces a 429 paused during this run
    failures: list[Exception] = field(default_factory=list)
    channels: dict[Address, asyncio.Lock] = field(default_factory=dict)

    def in_order(self, claimed: Claimed) -> asyncio.Lock | None:
        """Posts to one channel go one after another, in claim order (a digest's parts)."""
        if not isinstance(claimed.address, ConversationAddress):
            return None
        return self.channels.setdefault(claimed.address, asyncio.Lock())


class Dispatcher:
    """Sends due deliveries through their platform; safe to run in many replicas at once.

    Each claimed row is sent and its outcome recorded inside one of `concurrency` slots, and
    no more rows are claimed than there are free slots, so a crash repeats at most the sends
    that were in flight: at least once, never more than `concurrency` duplicates.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        platforms: Mapping[str, ChatPlatform],
        limits: OutboxLimits = DEFAULT_LIMITS,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._platforms = platforms
        self._limits = limits
        self._stopping = False
        self.holder = process_name()
        self._held: set[int] = set()

    def stop(self) -> None:
        """Finish the sends in flight, claim no more (for a quick, clean shutdown)."""
        self._stopping = True

    async def dispatch_due(self) -> DispatchReport:
        """Drain everything due now; returns what happened."""
        run = _Run()
        running: set[asyncio.Task[None]] = set()
        refill = max(1, self._limits.concurrency // 2)
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            while not self._stopping and not run.failures:
                free = self._limits.concurrency - len(running)
                if running and free < refill:  # claim in chunks, not a row per finished send
                    running = await _first_done(running)
                    continue
                batch = await self._claim(free)
                if batch is None:  # nothing due now; what is in flight may free a retry
                    if not running:
                        break
                    running = await _all_done(running)
                    continue
                for claimed in batch:
                    running.add(asyncio.create_task(self._deliver(claimed, run)))
            running = await _all_done(running)
        finally:
            heartbeat.cancel()
            for task in running:  # only when cancelled: abandon the sends, their leases end
                task.cancel()
        if run.failures:
            raise run.failures[0]  # the job fails this tick; the leases end, the rows go again
        return run.report

    async def renew_leases(self) -> int:
        """Extend the lease of every row this process is still sending; returns how many."""
        if not self._held:
            return 0
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Delivery)
                .where(
                    Delivery.id.in_(sorted(self._held)),
                    Delivery.status == "sending",
                    Delivery.lease_holder == self.holder,
                )
                .values(lease_until=self._clock.now() + self._limits.lease)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def _heartbeat(self) -> None:
        period = self._limits.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(period)
            try:
                await self.renew_leases()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("renewing outbox leases failed: %s", exc)

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

    async def _claim(self, limit: int) -> list[Claimed] | None:
        """Claim up to `limit` due rows for this process; None when none is free to claim."""
        async with self._sessions.begin() as session:
            claimed = await claim_due(
                session,
                self._clock.now(),
                self._platforms,
                limit,
                self.holder,
                self._limits.lease,
            )
        if not claimed:
            return None
        self._held.update(c.id for c in claimed)
        return claimed

    async def _deliver(self, claimed: Claimed, run: _Run) -> None:
        """Send one row and record what came of it, in the same slot."""
        try:
            lock = run.in_order(claimed)
            async with lock or contextlib.nullcontext():
                started = time.perf_counter()
                outcome = await self._send_one(claimed, run.paused)
                seconds = time.perf_counter() - started if outcome.attempted else None
            for attempt in range(RECORD_ATTEMPTS):
                try:
                    result = await self._record(outcome)
                    run.report.count(result)
                    metrics.record_delivery(claimed.platform, claimed.kind, result, seconds)
                    return
                except SQLAlchemyError as exc:
                    if attempt == RECORD_ATTEMPTS - 1:
                        log.error("recording delivery %s failed: %s", claimed.id, exc)
                        run.failures.append(exc)  # its lease ends and it is sent again
                        return
                    log.warning("recording delivery %s failed; retrying", claimed.id)
                    await asyncio.sleep(0.5 * (attempt + 1))
        finally:
            self._held.discard(claimed.id)

    async def _send_one(self, claimed: Claimed, paused_now: set[int]) -> Outcome:
        if not claimed.still_wanted:
            return Outcome(claimed, cancelled=True)
        if claimed.workspace_id in paused_now:
            return Outcome(claimed, error=RateLimited("workspace paused", 1.0))
        platform = self._platforms.get(claimed.platform)
        if platform is None:
            return Outcome(
                claimed, error=DeliveryError(f"platform {claimed.platform!r} is not configured")
            )
        try:
            message = message_from_dict(claimed.payload)
            if claimed.update_of is not None and claimed.kind == "delete":
                await platform.delete(claimed.update_of)
                ref = claimed.update_of
            elif claimed.update_of is not None:
                await platform.update(claimed.update_of, message)
                ref = claimed.update_of
            else:
                ref = await platform.send(claimed.address, message)
        except DeliveryError as exc:
            if isinstance(exc, RateLimited):
                paused_now.add(claimed.workspace_id)
            return Outcome(claimed, error=exc, attempted=True)
        except Exception as exc:  # an adapter bug must not block other rows
            log.exception("delivery %s crashed", claimed.id)
            error = DeliveryError(f"unexpected: {exc!r}"[:300])
            return Outcome(claimed, error=error, attempted=True)
        return Outcome(claimed, ref=ref, attempted=True)

    async def _record(self, outcome: Outcome) -> str:
        async with self._sessions.begin() as session:
            return await record_outcome(session, outcome, self._clock.now())


async def _first_done(running: set[asyncio.Task[None]]) -> set[asyncio.Task[None]]:
    """Wait until one send is recorded; return those still running."""
    _, pending = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
    return pending


async def _all_done(running: set[asyncio.Task[None]]) -> set[asyncio.Task[None]]:
    if running:
        await asyncio.wait(running)
    return set()
