"""`kmbot jobs list` and `kmbot jobs run`: when each job next has work, and what a run did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_server
from bot.clock import SystemClock
from bot.core import Core
from bot.outbox.record import DispatchReport
from bot.outbox.stranded import describe_stranded, stranded
from bot.settings import Settings
from jobs.registry import JOBS, job_by_id


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _dispatched(report: DispatchReport) -> str:
    return (
        f"sent {_count(report.sent, 'delivery', 'deliveries')}; {report.retried} to retry "
        f"later, {report.failed} failed, {report.cancelled} cancelled"
    )


# What each job's result counts, in words.
SAYS: dict[str, Callable[[int], str]] = {
    "prompts.open": lambda n: f"opened {_count(n, 'prompt')} and queued their messages",
    "prompts.remind": lambda n: f"queued {_count(n, 'reminder')}",
    "rounds.close": lambda n: f"closed {_count(n, 'round')} (and marked late prompts missed)",
    "evidence.sum": lambda n: f"summed {_count(n, 'closed round')} for the figures",
    "checkins.plan": lambda n: f"matched {_count(n, 'check-in group')}",
    "checkins.intro": lambda n: f"queued {_count(n, 'check-in intro')}",
    "checkins.followup": lambda n: f"queued {_count(n, 'check-in follow-up')}",
    "leads.nudge": lambda n: f"queued {_count(n, 'nudge')} to leads",
    "leads.weekly": lambda n: (
        f"queued {_count(n, 'weekly digest or summary', 'weekly digests and summaries')}"
    ),
    "privacy.retention": lambda n: (
        f"deleted {_count(n, 'expired prompt or answer', 'expired prompts and answers')}"
    ),
    "events.remind": lambda n: f"queued {_count(n, 'event reminder')}",
    "events.capture": lambda n: f"queued {_count(n, 'after-event question')}",
    "sponsors.monthly": lambda n: f"queued {_count(n, 'sponsor summary', 'sponsor summaries')}",
    "questions.notes": lambda n: f"queued {_count(n, 'note')} about proposed questions",
    "pilots.review": lambda n: f"queued {_count(n, 'pilot review')}",
    "champions.weekly": lambda n: f"queued {_count(n, 'champion note')}",
}


def describe_run(job_id: str, result: object) -> str:
    """One line saying what a run of `job_id` did."""
    if isinstance(result, DispatchReport):
        return _dispatched(result)
    if isinstance(result, int) and job_id in SAYS:
        return SAYS[job_id](result)
    return str(result)


def _every(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def _next_work(moment: datetime | None, now: datetime, every: int, zone: ZoneInfo) -> str:
    """When the job next has work: now, a moment, or (nothing known) its next check."""
    if moment is None:
        check = (now + timedelta(seconds=every)).astimezone(zone)
        return f"no work yet (next check {check:%Y-%m-%d %H:%M %Z})"
    if moment <= now:
        return "now"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M %Z}"


async def list_jobs(engine: AsyncEngine, settings: Settings) -> str:
    """A table of every job: when it next has work (from the database), how often it checks."""
    _app, core = build_server(engine, SystemClock(), settings)
    zone = ZoneInfo(settings.timezone)
    now = core.clock.now()
    rows = [("job", "next work", "checks every", "what it does")]
    async with core.sessions() as session:
        for job in JOBS:
            moment = await job.next_due(core, session)
            rows.append(
                (
                    job.id,
                    _next_work(moment, now, job.every_seconds, zone),
                    _every(job.every_seconds),
                    job.description,
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    return "\n".join(lines + await _stranded_lines(core))


async def run_job(engine: AsyncEngine, settings: Settings, job_id: str) -> str:
    """Run one job now, as the scheduler would, and say what it did."""
    job = job_by_id(job_id)
    _app, core = build_server(engine, SystemClock(), settings)
    await core.seed()
    said = f"{job.id}: {describe_run(job.id, await job.run(core))}"
    return "\n".join([said, *await _stranded_lines(core)])


async def _stranded_lines(core: Core) -> list[str]:
    async with core.sessions() as session:
        return [
            f"note: {line}" for line in describe_stranded(await stranded(session, core.platforms))
        ]
