"""The overview is summed once a minute at most per scope, and again as soon as anything it
counts arrives."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.core import Core
from bot.dashboard.access import Viewer
from bot.dashboard.cache import OverviewCache
from tests.archive_helpers import post_lesson
from tests.dashboard_site import an_organisation

EVERYONE = Viewer(0, "Cara", "champion", None)
SALES = Viewer(0, "Lena", "lead", ("Sales",))


async def test_the_overview_is_kept_until_something_changes_or_a_minute_passes(
    core: Core, clock: FakeClock
) -> None:
    await an_organisation(core, clock)
    cache = OverviewCache()
    async with core.sessions() as session:
        first = await cache.views(session, EVERYONE, clock.now())
        assert await cache.views(session, EVERYONE, clock.now()) is first
        team = await cache.views(session, SALES, clock.now())
        assert team is not first and team[0].people == 7  # Sales: 6 members and their lead
        assert first[0].people == 18  # 7 in Sales, 7 in Ops, 3 in Legal, and the champion
        clock.advance(timedelta(seconds=61))
        assert await cache.views(session, EVERYONE, clock.now()) is not first

    again = await _views(core, cache, clock)
    assert await _views(core, cache, clock) is again
    await post_lesson(core, "s0", "Pricing", "Call the customer first.")
    assert await _views(core, cache, clock) is not again


async def _views(core: Core, cache: OverviewCache, clock: FakeClock) -> object:
    async with core.sessions() as session:
        return await cache.views(session, EVERYONE, clock.now())
