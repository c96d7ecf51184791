"""Time that runs `speed` times faster than the wall clock, for one whole event loop.

Slack's ceilings make a 100,000-message fan-out last hours. Run at `speed` x, every timer of
the loop (asyncio.sleep, aiohttp's and asyncpg's timeouts, slack_sdk's inline retry wait,
the conversation pacer) and kmbot's clock run fast together, while kmbot's own work (CPU,
database, HTTP) takes the real time it takes: measured in the fast time, kmbot is `speed`
times slower than it is. A fan-out that the platform's ceilings bound at `speed` x is bound
by them with more room at 1 x.

Another process (the fake Slack) reads the same time from the same origin: CLOCK_MONOTONIC is
one clock for the whole machine.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from datetime import datetime, timedelta
from typing import Any


def warped_seconds(origin: float, speed: float) -> float:
    """Fast seconds since `origin` (a time.monotonic() reading)."""
    return (time.monotonic() - origin) * speed


class _ScaledSelector:
    """The loop's selector, waiting 1/speed of the (fast) timeout the loop asks for."""

    def __init__(self, selector: selectors.BaseSelector, speed: float) -> None:
        self._selector = selector
        self._speed = speed

    def select(self, timeout: float | None = None) -> list[Any]:
        return self._selector.select(None if timeout is None else timeout / self._speed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._selector, name)


class WarpedLoop(asyncio.SelectorEventLoop):
    """An event loop whose `time()` runs `speed` times faster from `origin`."""

    def __init__(self, speed: float, origin: float) -> None:
        super().__init__()
        self.speed = speed
        self.origin = origin
        selector: Any = self._selector  # type: ignore[has-type]
        self._selector = _ScaledSelector(selector, speed)

    def time(self) -> float:
        return self.origin + warped_seconds(self.origin, self.speed)


class WarpedClock:
    """kmbot's Clock on a warped loop: `start` at the loop's origin, then fast."""

    def __init__(self, start: datetime, origin: float, speed: float) -> None:
        self.start = start
        self.origin = origin
        self.speed = speed

    def seconds(self) -> float:
        """Fast seconds since `start`."""
        return warped_seconds(self.origin, self.speed)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds())
