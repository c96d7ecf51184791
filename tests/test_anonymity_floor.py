"""The anonymity floor: a lead's view shows an anonymous answer only once enough of the team
answered that round; the program's digest always carries it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from tests.conversation import add_program, advance_to, fill_in, titled
from tests.test_leaders import THURSDAY_15, team_with_lead

MONDAY_10 = datetime(2026, 3, 9, 10, tzinfo=UTC)


async def a_round(core: Core, clock: FakeClock, platform: InMemoryPlatform, floor: int) -> str:
    """m0 and m1 answer with their names, m2 anonymously; what the lead reads on Monday."""
    await team_with_lead(core, size=4)
    await add_program(core, anonymity_floor=floor)
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    for user, visibility in (("m0", "shared"), ("m1", "shared"), ("m2", "anonymous")):
        [prompt] = titled(platform, user, "this week's question")
        await fill_in(core, user, prompt, {"q0": f"{user} says so.", "visibility": visibility})
    await advance_to(core, clock, MONDAY_10)
    [digest] = titled(platform, "lena", "your team's answers")
    return digest.message.text


@pytest.mark.parametrize(("floor", "shown"), [(5, False), (4, False), (3, True)])
async def test_an_anonymous_answer_reaches_the_lead_only_at_the_floor(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, floor: int, shown: bool
) -> None:
    text = await a_round(core, clock, platform, floor)

    assert "m0 says so." in text and "m1 says so." in text
    assert ("m2 says so." in text) is shown
    [program_digest] = [
        s for s in platform.posted_in("C-feed") if "what we learned" in s.message.title
    ]
    assert "m2 says so." in program_digest.message.text  # the whole program's view has it
