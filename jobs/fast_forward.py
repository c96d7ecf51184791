"""Run the scheduled jobs on a fake clock, jumping from one moment with work to the next.

A real scheduler ticks; a fake clock (tests, `kmbot demo`) need not. It moves on a grid of
`step` from where it starts, as if every job ran at every step, but stops only at the steps
where some job's `next_due` (or the caller's next event) has come. A job with nothing due
would have done nothing, so the outcome is the same as ticking, in a fraction of the work.

Asking every job when it next has work costs queries, so each answer is kept until a
statement writes a table column the job read to compute it (or the job runs): a job's next
moment cannot move earlier unless what it read changes. What jobs read outside the database
(the configured platforms, the nudge rules) stays the same for one call of `fast_forward`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.core import Core
from jobs.registry import JOBS, JobSpec

Step = Callable[[], Awaitable[datetime | None]]

ANY = "*"
_QUALIFIED = re.compile(r"\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b")
_FROM = re.compile(
    r"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?", re.IGNORECASE
)
_NOT_ALIASES = {
    "where",
    "join",
    "left",
    "right",
    "inner",
    "outer",
    "on",
    "group",
    "order",
    "limit",
    "union",
    "cross",
    "full",
    "natural",
    "having",
    "window",
    "for",
}
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE)\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)
_LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
_AFTER_CTE = re.compile(r"\)\s*((?:INSERT\s+INTO|UPDATE)\s+[a-z_])", re.IGNORECASE)
_SET = re.compile(r"\bSET\s+(.*?)(?:\s+WHERE\s|\s+RETURNING\s|$)", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r"(?:^|,\s*)([a-z_][a-z0-9_]*)\s*=")


@dataclass
class _Reads:
    """The tables and (table, column) pairs a job's question touched."""

    tables: set[str] = field(default_factory=set)
    columns: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class _Answer:
    moment: datetime | None
    reads: _Reads
    asked_at: int  # the write count when it was computed


class WriteLog:
    """Watches an engine's statements: what each question read, and the last write to each
    table column (an INSERT writes its whole table; a DELETE, or anything it cannot read
    for sure, everything)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self.count = 0
        self.last: dict[tuple[str, str], int] = {}
        self.reading: _Reads | None = None
        event.listen(self._engine, "before_cursor_execute", self._seen)

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        kind, tables, columns = statement_effect(statement)
        if kind == "read":
            if self.reading is not None:
                self.reading.tables.update(tables)
                self.reading.columns.update(columns)
        elif kind == "write":
            self.count += 1
            for column in columns:
                self.last[column] = self.count
        elif kind == "unknown":
            self.count += 1
            self.last[(ANY, ANY)] = self.count

    def still_true(self, answer: _Answer) -> bool:
        """No statement since `answer` was computed wrote anything it read."""

        def written(key: tuple[str, str]) -> bool:
            return self.last.get(key, 0) > answer.asked_at

        if written((ANY, ANY)):
            return False
        reads = answer.reads
        if any(written((table, ANY)) for table in reads.tables):
            return False
        return not any(written((t, c)) or written((t, ANY)) for t, c in reads.columns)


@lru_cache(maxsize=4096)  # statements repeat: SQLAlchemy compiles each shape once
def statement_effect(statement: str) -> tuple[str, frozenset[str], frozenset[tuple[str, str]]]:
    """("read", tables, columns), ("write", {}, written columns), "other" (transaction
    control), or "unknown" (anything else, DELETE among them: foreign keys cascade)."""
    head = statement.lstrip()[:7].upper()
    if head.startswith("SELECT") or (head.startswith("WITH") and not _DML.search(statement)):
        return "read", *_read(statement)
    if head.startswith(("BEGIN", "COMMIT", "ROLLBAC", "SAVEPOI", "RELEASE", "PRAGMA")):
        return "other", frozenset(), frozenset()
    if head.startswith("WITH") and (main := _AFTER_CTE.search(statement)):
        if _DML.search(_LOCKING.sub("", statement[: main.start(1)])):
            return "unknown", frozenset(), frozenset()  # a CTE that writes too
        statement = statement[main.start(1) :]  # WITH x AS (SELECT … FOR UPDATE) UPDATE t …
    write = _WRITE.match(statement)
    if write is None:
        return "unknown", frozenset(), frozenset()
    verb, table = write.group(1).upper(), write.group(2).lower()
    columns: list[str] = []
    if verb == "UPDATE":
        assigned = _SET.search(statement)
        pairs = assigned.group(1) if assigned else '"'
        if '"' not in pairs and "SELECT" not in pairs.upper():  # else: unsure which columns
            columns = _ASSIGNED.findall(pairs)
    return "write", frozenset(), frozenset((table, column) for column in columns or [ANY])


def _read(statement: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The tables a SELECT reads, and its qualified columns with aliases resolved to tables."""
    tables, aliases = set(), {}
    for table, alias in _FROM.findall(statement):
        tables.add(table.lower())
        if alias and alias.lower() not in _NOT_ALIASES:
            aliases[alias.lower()] = table.lower()
    columns = {(aliases.get(t, t), c) for t, c in _QUALIFIED.findall(statement)}
    return frozenset(tables), frozenset(columns)


class Timeline:
    """Each job's next moment with work, asked again only when what it read has changed."""

    def __init__(self, core: Core, engine: AsyncEngine) -> None:
        self.core = core
        self.log = WriteLog(engine)
        self._answers: dict[str, _Answer] = {}

    def close(self) -> None:
        self.log.close()

    async def next_due(self, job: JobSpec) -> datetime | None:
        answer = self._answers.get(job.id)
        if answer is None or not self.log.still_true(answer):
            reads = _Reads()
            asked_at = self.log.count
            self.log.reading = reads
            try:
                async with self.core.sessions() as session:
                    moment = await job.next_due(self.core, session)
            finally:
                self.log.reading = None
            answer = self._answers[job.id] = _Answer(moment, reads, asked_at)
        return answer.moment

    async def run_due_jobs(self) -> None:
        """Run, in order, each job whose work is due now."""
        for job in JOBS:
            moment = await self.next_due(job)
            if moment is not None and moment <= self.core.clock.now():
                await job.run(self.core)
                self._answers.pop(job.id, None)

    async def next_work(self) -> datetime | None:
        """The earliest moment any job has work, if nothing changes first."""
        moments = [await self.next_due(job) for job in JOBS]
        return min((m for m in moments if m is not None), default=None)


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
    async with core.sessions() as session:
        engine = session.bind
    assert isinstance(engine, AsyncEngine)
    timeline = Timeline(core, engine)
    origin = clock.now()
    try:
        while clock.now() < until:
            await timeline.run_due_jobs()
            moments = [await after_jobs()] if after_jobs is not None else []
            moments.append(await timeline.next_work())
            target = min((m for m in moments if m is not None), default=until)
            clock.set(min(_grid_point_after(origin, step, clock.now(), target), until))
        if run_at_end:
            await timeline.run_due_jobs()
    finally:
        timeline.close()


def _grid_point_after(
    origin: datetime, step: timedelta, now: datetime, target: datetime
) -> datetime:
    """The first point origin + k * step that is after `now` and not before `target`."""
    after_now = (now - origin) // step + 1
    not_before_target = -((origin - target) // step)  # the ceiling of (target - origin) / step
    return origin + max(after_now, not_before_target) * step
