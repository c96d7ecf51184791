"""Run the scheduled jobs on a fake clock, jumping from one moment with work to the next.

A real scheduler ticks; a fake clock (tests, `kmbot demo`) need not. It moves on a grid of
`step` from where it starts, as if every job ran at every step, but stops only at the steps
where some job's `next_due` (or the caller's next event) has come. A job with nothing due
would have done nothing, so the outcome is the same as ticking, in a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import FakeClock
from bot.core import Core
from jobs.registry import JOBS, JobSpec

Step = Callable[[], Awaitable[datetime | None]]
Due = dict[str, datetime | None]


async def next_due(core: Core) -> Due:
    """Each job's next moment with work, as the database stands (read in one session)."""
    async with core.sessions() as session:
        return {job.id: await job.next_due(core, session) for job in JOBS}


async def run_due_jobs(core: Core, due: Due | None = None) -> None:
    """Run, in order, each job whose work is due now.

    `due` (from `next_due`, with no database change since) saves asking every job again;
    once a job has run, the jobs after it are asked afresh, since it may have made them work.
    """
    fresh = due is not None
    for job in JOBS:
        if fresh and due is not None:
            moment = due[job.id]
        else:
            async with core.sessions() as session:
                moment = await job.next_due(core, session)
        if moment is not None and moment <= core.clock.now():
            await job.run(core)
            fresh = False


async def fast_forward(
    core: Core,
    clock: FakeClock,
    until: datetime,
    step: timedelta = timedelta(hours=1),
    *,
    after_jobs: Step | None = None,
    run_at_end: bool = True,
) -> None:
    """Move `clock` to `until` as a scheduler ticking every `step` would, skipping idle steps.

    At each stop the due jobs run, then `after_jobs` (the caller's own events, such as
    simulated members answering), which returns when it next has something to do. With
    `run_at_end`, the jobs also run once at `until` itself.
    """
    origin = clock.now()
    due: Due | None = None
    while clock.now() < until:
        await run_due_jobs(core, due)
        moments = [await after_jobs()] if after_jobs is not None else []
        due = await next_due(core)
        moments += due.values()
        target = min((m for m in moments if m is not None), default=until)
        clock.set(min(_grid_point_after(origin, step, clock.now(), target), until))
    if run_at_end:
        await run_due_jobs(core, due)


def _grid_point_after(
    origin: datetime, step: timedelta, now: datetime, target: datetime
) -> datetime:
    """The first point origin + k * step that is after `now` and not before `target`."""
    after_now = (now - origin) // step + 1
    not_before_target = -((origin - target) // step)  # the ceiling of (target - origin) / step
    return origin + max(after_now, not_before_target) * step


__all__ = ["JobSpec", "fast_forward", "next_due", "run_due_jobs"]
