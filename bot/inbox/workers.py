"""The inbox's workers: a bounded pool in each process drains the stored events.

An event is stored by one small insert while the platform waits for its answer, and handled
afterwards by one of `workers` handlers in this process (or in another replica). Each claimed
row has a lease: a process that dies mid-handler leaves its rows `working`, and once the
lease ends any process claims them again. A handler that fails gives its row back with a
backoff, up to `max_attempts`; a handled row is deleted (in the next claim's transaction).
Handlers must be idempotent by the event's id (the core's `processed_events` is): an event
whose handler committed just before a crash is handled again, and counts once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.lease import process_name
from bot.inbox.intake import Intake
from bot.inbox.store import InboxItem, claim_due, give_back, new_row

log = logging.getLogger(__name__)

Handler = Callable[[InboxItem], Awaitable[None]]  # raises to have the event tried again


@dataclass(frozen=True)
class InboxLimits:
    """How many events one process handles at once, and how long it holds each claim."""

    workers: int = 4
    lease: timedelta = timedelta(seconds=60)
    max_attempts: int = 5
    poll_seconds: float = 2.0  # how often an idle process looks for retries and dead claims


class Inbox:
    """One platform's stored events and the workers that handle them."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        platform: str,
        handler: Handler,
        limits: InboxLimits | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._platform = platform
        self._handler = handler
        self._limits = limits or InboxLimits()
        engine = sessions.kw["bind"]
        assert isinstance(engine, AsyncEngine)
        self._intake = Intake(engine)
        self.holder = process_name()
        self._wake = asyncio.Event()
        self._finished: set[int] = set()
        self._stopping = False
        self._loop: asyncio.Task[None] | None = None
        self._pass: asyncio.Task[int] | None = None

    async def accept(self, event_id: str, body: str) -> None:
        """Store the event (once per event id) and wake a worker; the caller may answer."""
        await self._intake.store(new_row(self._platform, event_id, body, self._clock.now()))
        self._wake.set()

    def start(self) -> None:
        """Run the workers in the background until `stop`."""
        self._stopping = False
        self._loop = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        """Finish the handlers in flight, claim no more."""
        self._stopping = True
        self._wake.set()
        if self._loop is not None:
            await asyncio.gather(self._loop, return_exceptions=True)
            self._loop = None
        await self._intake.close()

    def kill(self) -> None:
        """Stop at once, as a crash would: what was claimed stays claimed until its lease ends."""
        self._stopping = True
        if self._loop is not None:
            self._loop.cancel()
            self._loop = None

    async def idle(self) -> None:
        """Return once nothing that is due now waits or runs here (tests, shutdown)."""
        while True:
            current = self._pass
            if current is not None and not current.done():
                await asyncio.wait([current])
            elif self._wake.is_set() and self._loop is not None and not self._loop.done():
                await asyncio.sleep(0)  # the workers' loop has yet to see the wake-up
            else:
                break
        await self.drain()

    async def drain(self) -> int:
        """Handle every event due now, `workers` at a time; returns how many were claimed."""
        running: set[asyncio.Task[None]] = set()
        claimed = 0
        try:
            while not self._stopping:
                free = self._limits.workers - len(running)
                batch = await self._claim(free) if free else []
                if not batch:
                    if not running:
                        break
                    _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    continue
                claimed += len(batch)
                running.update(asyncio.create_task(self._handle(item)) for item in batch)
            if running:
                await asyncio.wait(running)
                running = set()
            if self._finished:
                await self._claim(0)  # delete what was handled
        finally:
            for task in running:  # only when cancelled: abandoned, their leases end
                task.cancel()
        return claimed

    async def _claim(self, limit: int) -> list[InboxItem]:
        finished, self._finished = self._finished, set()
        try:
            async with self._sessions.begin() as session:
                return await claim_due(
                    session,
                    self._platform,
                    self._clock.now(),
                    limit,
                    self.holder,
                    self._limits.lease,
                    finished,
                )
        except BaseException:
            self._finished |= finished
            raise

    async def _handle(self, item: InboxItem) -> None:
        try:
            await self._handler(item)
        except Exception as exc:
            await self._give_back(item, exc)
            return
        self._finished.add(item.id)

    async def _give_back(self, item: InboxItem, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"
        try:
            async with self._sessions.begin() as session:
                again = await give_back(
                    session, item, error, self._clock.now(), self._limits.max_attempts
                )
        except Exception:  # its lease ends and it is claimed again
            log.exception("giving back %s event %s failed", self._platform, item.event_id)
            return
        level = logging.WARNING if again else logging.ERROR
        log.log(
            level,
            "%s event %s failed (attempt %d%s): %s",
            self._platform,
            item.event_id,
            item.attempts,
            ", tried again later" if again else ", given up",
            error,
        )

    async def _run(self) -> None:
        while not self._stopping:
            self._pass = asyncio.ensure_future(self.drain())
            try:
                await self._pass
            except Exception:  # the database is away: try again after the poll
                log.exception("draining the %s inbox failed", self._platform)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._limits.poll_seconds)
            self._wake.clear()
