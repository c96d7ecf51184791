"""The health report behind /healthz: the database, each platform, the outbox lag.

kmbot "can do its job" when the database answers, every platform's credentials work and
its calls get through, and the outbox is not falling behind; otherwise the report is
unavailable (503). The rules are pure functions of what the platforms and the database say.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import ChatPlatform, PlatformHealth
from bot.health import metrics
from bot.health.inbox_backlog import InboxBacklog, inbox_backlog
from bot.health.outbox_lag import outbox_lag


@dataclass(frozen=True)
class HealthRules:
    """When kmbot counts as unable to do its job.

    `lag_limit`: the oldest due delivery has waited longer than this. The dispatcher runs
    every 5 s and a crashed sender's lease runs out within minutes, so a healthy outbox stays
    seconds behind; Slack's per-workspace ceiling (several hundred messages a minute) drains
    a 2,000-member fan-out in about 7 minutes. 15 minutes is well past both.
    `failing_calls`: this many platform calls in a row failed (unreachable, 5xx).
    `database_timeout`: the database must answer within this many seconds.
    """

    lag_limit: timedelta = timedelta(minutes=15)
    failing_calls: int = 3
    database_timeout: float = 5.0


@dataclass(frozen=True)
class HealthReport:
    """What /healthz says; `ok` is False when kmbot cannot do its job."""

    database: str
    platforms: dict[str, dict[str, Any]]
    lag: dict[str, float] | None
    lag_limit: timedelta
    problems: list[str] = field(default_factory=list)
    inbox: InboxBacklog | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        if self.problems:
            return "unavailable"
        degraded = any(p["status"] == "degraded" for p in self.platforms.values())
        return "degraded" if degraded else "ok"

    def as_json(self) -> dict[str, Any]:
        lag = self.lag
        return {
            "status": self.status,
            "database": self.database,
            "platforms": self.platforms,
            "outbox": {
                "lag_seconds": max(lag.values(), default=0.0) if lag is not None else None,
                "limit_seconds": self.lag_limit.total_seconds(),
                "lag_by_platform": lag,
            },
            "inbox": {
                "waiting": self.inbox.waiting,
                "oldest_seconds": self.inbox.oldest_seconds,
                "failed": self.inbox.failed,
            }
            if self.inbox is not None
            else None,
            "problems": self.problems,
        }


def platform_problem(health: PlatformHealth, rules: HealthRules) -> str | None:
    """Why this platform cannot be used now, or None when it can."""
    if health.start_check == "failed" and not _succeeded_since(health, health.checked_at):
        return f"start-up check failed: {health.start_detail}"
    if health.refused and health.shared_credentials:
        return f"credentials refused: {health.refused[0][1]}"
    if health.consecutive_failures >= rules.failing_calls:
        return f"the last {health.consecutive_failures} calls failed: {health.last_error}"
    return None


def platform_json(health: PlatformHealth, problem: str | None) -> dict[str, Any]:
    """One platform in the report; `degraded`: some workspaces refuse kmbot, the rest work.

    A refusal of a credential every workspace shares (or of an unnamed one) is listed as "*".
    """
    status = "down" if problem else "degraded" if health.refused else "ok"
    return {
        "status": status,
        "problem": problem,
        "start_check": health.start_check,
        "start_detail": health.start_detail,
        "last_success": _iso(health.last_success_at),
        "last_failure": _iso(health.last_failure_at),
        "last_error": health.last_error,
        "consecutive_failures": health.consecutive_failures,
        "refused_workspaces": {workspace or "*": error for workspace, error in health.refused},
    }


async def health_report(
    sessions: async_sessionmaker[AsyncSession],
    platforms: Mapping[str, ChatPlatform],
    now: datetime,
    rules: HealthRules,
) -> HealthReport:
    """Ask the database (the outbox lag, the inbox backlog) and each platform (no call).

    Also sets the platform-up and outbox-lag gauges, so /metrics shows what /healthz saw.
    """
    problems: list[str] = []
    report: dict[str, dict[str, Any]] = {}
    for name in sorted(platforms):
        health = platforms[name].health()
        problem = platform_problem(health, rules)
        report[name] = platform_json(health, problem)
        metrics.set_platform_up(name, problem is None)
        if problem:
            problems.append(f"{name}: {problem}")
    database = "ok"
    lag: dict[str, float] | None = None
    inbox: InboxBacklog | None = None
    try:
        lag, inbox = await asyncio.wait_for(
            _lag(sessions, now, sorted(platforms)), timeout=rules.database_timeout
        )
    except (SQLAlchemyError, OSError, TimeoutError) as exc:
        database = _database_error(exc, rules)
        problems.insert(0, f"database: {database}")
    if lag is not None:
        metrics.set_outbox_lag(lag)
        limit = rules.lag_limit.total_seconds()
        for name, seconds in lag.items():
            if seconds > limit:
                problems.append(
                    f"outbox: {name} deliveries are {seconds:.0f} s late (limit {limit:.0f} s)"
                )
    if inbox is not None:
        metrics.set_inbox_backlog(inbox.waiting, inbox.oldest_seconds, inbox.failed)
        if inbox.oldest_seconds > rules.lag_limit.total_seconds():
            problems.append(
                f"inbox: {inbox.waiting} received events wait, the oldest "
                f"{inbox.oldest_seconds:.0f} s (limit {rules.lag_limit.total_seconds():.0f} s)"
            )
    return HealthReport(database, report, lag, rules.lag_limit, problems, inbox)


async def _lag(
    sessions: async_sessionmaker[AsyncSession], now: datetime, platforms: list[str]
) -> tuple[dict[str, float], InboxBacklog]:
    async with sessions() as session:
        return await outbox_lag(session, now, platforms), await inbox_backlog(session, now)


def _database_error(exc: BaseException, rules: HealthRules) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {rules.database_timeout:g} s"
    reason = str(getattr(exc, "orig", None) or exc).splitlines()
    return f"cannot reach the database: {reason[0] if reason else type(exc).__name__}"


def _succeeded_since(health: PlatformHealth, moment: datetime | None) -> bool:
    last = health.last_success_at
    return last is not None and (moment is None or last >= moment)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
