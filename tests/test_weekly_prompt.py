"""The weekly prompt, end to end on the in-memory platform, read as conversations."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from tests.conversation import add_people, add_program, advance_to


async def test_tokyo_and_los_angeles_each_get_the_prompt_at_15_00_their_time(
        core: Core, clock: FakeClock, platform: InMemoryPlatform) -> None:
    await add_people(core, ("aiko", "Asia/Tokyo"), ("luis", "America/Los_Angeles"))
    await add_program(core)

    await advance_to(core, clock, datetime(2026, 3, 6, 5, tzinfo=UTC))  # before reminders

    [to_aiko] = platform.sent_to("aiko")
    [to_luis] = platform.sent_to("luis")
    assert to_aiko.at == datetime(2026, 3, 5, 6, 0, tzinfo=UTC)  # Thu 15:00 JST
    assert to_luis.at == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)  # Thu 15:00 PST
    assert to_aiko.message.buttons[0].value != to_luis.message.buttons[0].value
