"""Fakes shared by the adapter tests (the fake clock of the core is bot.clock.FakeClock)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FakeTime:
    """Monotonic time for pacers and retries that moves only when the code under test sleeps."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
