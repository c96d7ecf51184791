"""The outbox's own cost per delivery: 10,000 prompts dispatched to the in-memory platform.

Run on demand:
    python -m benchmarks.dispatch [--members 10000]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench]
The platform answers instantly, so the figure is kmbot's own overhead (claim, send call,
record). Slack allows several hundred messages a minute per workspace and Bot Framework
about 30-50 per second per tenant: the bot must be far faster than that.
"""

from __future__ import annotations

import asyncio
import time

from adapters.memory.platform import InMemoryPlatform
from benchmarks.common import fresh, on_each_database, options
from benchmarks.prompt_tick import TICK_AT, prepare
from bot.clock import FakeClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions


async def dispatch(url: str) -> tuple[int, float]:
    engine = make_engine(url)
    clock = FakeClock(TICK_AT)
    platform = InMemoryPlatform(clock, name="memory")
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await core.prompting.open_due_prompts()
    started = time.perf_counter()
    report = await core.dispatcher.dispatch_due()
    seconds = time.perf_counter() - started
    await engine.dispose()
    assert report.sent == len(platform.transcript)
    return report.sent, seconds


def measure(name: str, url: str, members: int) -> None:
    asyncio.run(prepare(fresh(url), members))
    sent, seconds = asyncio.run(dispatch(url))
    print(
        f"{name:<11} {sent:>7} {seconds:>8.2f} {sent / seconds:>14.0f} "
        f"{seconds / sent * 1000:>12.2f}"
    )


def main() -> None:
    args = options(__doc__)
    print(f"{'database':<11} {'sent':>7} {'seconds':>8} {'deliveries/s':>14} {'ms/delivery':>12}")
    on_each_database(args, lambda name, url: measure(name, url, args.members))


if __name__ == "__main__":
    main()
