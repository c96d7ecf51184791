"""One prompt tick for 10,000 members: seconds and peak memory on SQLite and PostgreSQL.

Run on demand:
    python -m benchmarks.prompt_tick [--members 10000]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench]
The PostgreSQL database given is wiped (downgraded to base, then upgraded).
Targets: under 2 s and under 200 MB for 10,000 members.
"""

from __future__ import annotations

import asyncio
import resource
import time
import tracemalloc
from datetime import UTC, datetime

from sqlalchemy import func, select

from benchmarks.common import add_members, fresh, on_each_database, options
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
    engine = make_engine(url)
    core = build_core(make_sessions(engine), FakeClock(TICK_AT), "UTC", {})
    opened = await core.prompting.open_due_prompts()
    async with core.sessions() as session:
        queued = await session.scalar(select(func.count()).select_from(Delivery)) or 0
    await engine.dispose()
    return opened, queued


def measure(name: str, url: str, members: int) -> None:
    """Time one tick untraced, then repeat it on a fresh database under tracemalloc."""
    asyncio.run(prepare(fresh(url), members))
    started = time.perf_counter()
    opened, queued = asyncio.run(one_tick(url))
    seconds = time.perf_counter() - started

    asyncio.run(prepare(fresh(url), members))
    tracemalloc.start()
    asyncio.run(one_tick(url))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name:<11} {members:>7} {opened:>7} {queued:>8} {seconds:>9.2f} "
        f"{peak:>14.1f} {rss:>13.0f}"
    )


def main() -> None:
    args = options(__doc__)
    print(
        f"{'database':<11} {'members':>7} {'opened':>7} {'queued':>8} {'seconds':>9} "
        f"{'peak MB (py)':>14} {'max RSS MB':>13}"
    )
    on_each_database(args, lambda name, url: measure(name, url, args.members))


if __name__ == "__main__":
    main()
