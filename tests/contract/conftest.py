"""The `chat` fixture: every contract test runs once per platform harness.

Adapters add their harness factory to HARNESSES: an async generator taking the core (whose
`platforms` dict the adapter joins), the fake clock and the in-memory platform, and yielding
a ChatHarness. The same conversations are then proven on every platform.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from tests.contract.harness import ChatHarness, MemoryHarness
from tests.slack.harness import slack_harness
from tests.teams.harness import teams_harness

HarnessFactory = Callable[[Core, FakeClock, InMemoryPlatform], AsyncIterator[ChatHarness]]


async def memory_harness(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> AsyncIterator[ChatHarness]:
    yield MemoryHarness(core, clock, platform)


HARNESSES: dict[str, HarnessFactory] = {
    "memory": memory_harness,
    "teams": teams_harness,  # type: ignore[dict-item]
    "slack": slack_harness,  # type: ignore[dict-item]
}


@pytest.fixture(params=sorted(HARNESSES))
async def chat(
    request: pytest.FixtureRequest, core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> AsyncIterator[ChatHarness]:
    async for harness in HARNESSES[request.param](core, clock, platform):
        yield harness
