"""APScheduler as the metronome: it decides when; the database decides whether."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from bot.core import Core
from bot.health.metrics import record_job
from jobs.registry import JOBS, JobSpec

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 3600


class JobRunner:
    """Runs jobs on a scheduler and lets a shutdown wait for the ones in flight."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self._in_flight: set[asyncio.Task[object]] = set()
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        started = datetime.now(UTC)
        for job in JOBS:
            self.scheduler.add_job(
                self._runner(job),
                IntervalTrigger(seconds=job.every_seconds),
                # the outbox at once: a restarted process resumes a fan-out without waiting
                next_run_time=started if job.id == "outbox.dispatch" else undefined,
                id=job.id,
                name=job.description,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=MISFIRE_GRACE_SECONDS,
                replace_existing=True,
            )

    def _runner(self, job: JobSpec) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_once(job)

        return run

    async def run_once(self, job: JobSpec) -> None:
        """One run of `job` as the scheduler makes it: waited for at shutdown, a failure
        logged (the next run catches up), and counted and timed in the job metrics."""
        started = time.perf_counter()
        task = asyncio.ensure_future(job.run(self._core))
        self._in_flight.add(task)
        try:
            result = await asyncio.shield(task)
        except Exception:
            record_job(job.id, time.perf_counter() - started, failed=True)
            log.exception("job %s failed; the next run catches up", job.id)
        else:
            record_job(job.id, time.perf_counter() - started, failed=False)
            log.debug("job %s: %s", job.id, result)
        finally:
            self._in_flight.discard(task)

    def start(self) -> None:
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop scheduling new runs, let running jobs (and their sends) finish, shut down."""
        self.scheduler.pause()
        self._core.dispatcher.stop()
        if self._in_flight:
            log.info("waiting for %d running job(s) to finish", len(self._in_flight))
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        self.scheduler.shutdown(wait=False)
