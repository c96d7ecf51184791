"""One prompt tick for N members: seconds, CPU and peak memory on SQLite and PostgreSQL.

Run on demand:
    python -m benchmarks.prompt_tick [--members 10000] [--sqlite 1]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench]
The PostgreSQL database given is wiped (downgraded to base, then upgraded). `--sqlite 0`
skips SQLite (a 100,000-member run there takes minutes).
Targets: under 2 s and 200 MB for 10,000 members; under 10 s and 500 MB for 100,000 on
PostgreSQL (issue 10).

The members are inserted by this process; the tick itself runs in a fresh Python process
(so its peak RSS is the tick's: interpreter, libraries and the tick, not the set-up), once
timed and once, on a freshly prepared database, under tracemalloc. "kmbot CPU" is that
process's user + system seconds; "PG CPU" the seconds of the PostgreSQL backends that served
it (read from /proc, so only when PostgreSQL runs on this machine). On a shared machine the
wall time depends on what else runs; the CPU seconds much less.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.common import add_members, fresh, options
from benchmarks.scale import backend_pids, max_rss_mb, own_cpu, process_cpu
from bot.clock import FakeClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Delivery
from bot.programs.programs import ProgramSpec, create_program

ZONES = (
    "Europe/Lisbon",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)
START = datetime(2026, 3, 2, tzinfo=UTC)
TICK_AT = datetime(2026, 3, 6, 12, tzinfo=UTC)  # Thursday 15:00 has passed in every zone


async def prepare(url: str, members: int) -> None:
    """A migrated database with `members` people and one weekly program."""
    engine = make_engine(url)
    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        await add_members(session, members, ZONES, START)
        await create_program(
            session,
            ProgramSpec(
                name="Weekly learning",
                purpose="We share what we learn.",
                weekday="thu",
                send_time="15:00",
                share_mode="private",
            ),
            START,
        )
    core = build_core(sessions, FakeClock(START), "UTC", {})
    await core.seed()
    await engine.dispose()


async def one_tick(url: str) -> tuple[int, int]:
    """Run one open_due_prompts tick; return (prompts opened, deliveries queued)."""
    opened, queued, _ = await _tick(url)
    return opened, queued


@dataclass(frozen=True)
class TickRun:
    opened: int
    queued: int
    seconds: float
    cpu: float
    database_cpu: float | None
    traced_mb: float | None
    rss_mb: float


async def _tick(url: str) -> tuple[int, int, float | None]:
    engine = make_engine(url)
    core = build_core(make_sessions(engine), FakeClock(TICK_AT), "UTC", {})
    opened = await core.prompting.open_due_prompts()
    database_cpu = None
    if engine.dialect.name == "postgresql":  # the pool's backends started with this tick
        seconds = [process_cpu(pid) for pid in await backend_pids(engine)]
        database_cpu = None if None in seconds else sum(s or 0.0 for s in seconds)
    async with core.sessions() as session:
        queued = await session.scalar(select(func.count()).select_from(Delivery)) or 0
    await engine.dispose()
    return opened, queued, database_cpu


def run_tick(url: str, traced: bool) -> TickRun:
    """One tick in this (fresh) process."""
    if traced:
        tracemalloc.start()
    cpu = own_cpu()
    started = time.perf_counter()
    opened, queued, database_cpu = asyncio.run(_tick(url))
    seconds = time.perf_counter() - started
    cpu = own_cpu() - cpu
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    tracemalloc.stop()
    return TickRun(opened, queued, seconds, cpu, database_cpu, traced_mb, max_rss_mb())


def in_fresh_process(url: str, traced: bool) -> TickRun:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_tick, url, traced).result()


def measure(name: str, url: str, members: int) -> None:
    """Time one tick, then repeat it on a freshly prepared database under tracemalloc."""
    asyncio.run(prepare(fresh(url), members))
    timed = in_fresh_process(url, traced=False)
    asyncio.run(prepare(fresh(url), members))
    traced = in_fresh_process(url, traced=True)
    database = "-" if timed.database_cpu is None else f"{timed.database_cpu:.2f}"
    print(
        f"{name:<11} {members:>7} {timed.opened:>7} {timed.queued:>8} {timed.seconds:>8.2f} "
        f"{timed.cpu:>10.2f} {database:>7} {traced.traced_mb or 0:>13.1f} {timed.rss_mb:>11.0f}",
        flush=True,
    )


def main() -> None:
    args = options(__doc__, sqlite=1)
    print(
        f"{'database':<11} {'members':>7} {'opened':>7} {'queued':>8} {'seconds':>8} "
        f"{'kmbot CPU':>10} {'PG CPU':>7} {'peak MB (py)':>13} {'max RSS MB':>11}"
    )
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            measure("sqlite", f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", args.members)
    if args.postgres:
        measure("postgresql", args.postgres, args.members)


if __name__ == "__main__":
    main()
