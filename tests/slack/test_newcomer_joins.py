"""Slack's team_join makes a newcomer of a new person only: not a guest, not someone kmbot
already knew, not the people of the first directory sync."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member
from tests.slack.fake_slack import fixture
from tests.slack.harness import TEAM, SlackWorld, slack_world


async def team_join(world: SlackWorld, user: dict[str, object]) -> None:
    envelope = fixture("team_join.event_callback.schema_sample.json")
    envelope.update(team_id=TEAM, event_id=world.next_id("Ev"), type="event_callback")
    envelope["event"]["user"] = user
    assert (await world.sender.event(envelope))[0] == 200
    await world.settle()


async def start_dates(core: Core) -> dict[str, str | None]:
    async with core.sessions() as session:
        return {
            m.external_id: (str(m.start_date) if m.start_date else None)
            for m in await session.scalars(select(Member))
        }


async def test_only_a_new_person_joining_is_a_newcomer(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        world.fake.add_user("U-old", "Old")
        await world.adapter.sync(TEAM)  # the first sync: existing staff

        await team_join(world, world.fake.add_user("U-new", "New", "Asia/Tokyo"))
        await team_join(world, world.fake.add_user("U-guest", "Guest", is_restricted=True))
        await team_join(world, world.fake.users[0])  # U-old again: a re-join

        assert await start_dates(core) == {"U-old": None, "U-new": str(clock.now().date())}
