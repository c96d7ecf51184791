"""A member's week on Slack, from a paged directory sync to the App Home streak."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Reply
from tests.conversation import add_program
from tests.slack.fake_slack import FIXTURES, fixture
from tests.slack.harness import FEED, TEAM, SlackHarness, slack_world

THURSDAY_15_UTC = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def home_opened(user: str, event_id: str) -> dict[str, object]:
    envelope = json.loads((FIXTURES / "app_home_opened.event_callback.json").read_text())
    envelope["team_id"] = TEAM
    envelope["event_id"] = event_id
    envelope["event"]["user"] = user
    return envelope


async def test_sync_prompt_answer_feed_and_home(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        fake = world.fake
        fake.users = fixture("api.users.list.ok_with_next_cursor.json")["members"]
        fake.add_user("U-bot", "Helper", is_bot=True)
        fake.add_user("U-gone", "Gone", deleted=True)
        fake.add_user("U-guest", "Guest", is_restricted=True)
        fake.add_user("U-ana", "Ana", "Europe/Lisbon")
        fake.page_size = 2
        chat = SlackHarness(world, clock)

        report = await world.adapter.sync(TEAM)

        assert len(fake.called("users.list")) == 3  # every page, following next_cursor
        assert report.added == 3
        async with core.sessions() as session:
            members = {m.external_id: m for m in await session.scalars(select(Member))}
        assert set(members) == {"W012A3CDE", "W07QCRPA4", "U-ana"}  # no bot, deleted, guest
        assert members["W012A3CDE"].tz == "America/Los_Angeles"
        assert members["U-ana"].tz == "Europe/Lisbon"

        await add_program(core, share_mode="feed", feed=chat.feed_address())
        clock.set(THURSDAY_15_UTC)
        await chat.deliver()

        [post] = fake.in_channel("D-U-ana")
        # posted to the user id; the Los Angeles members' 15:00 is still to come
        assert [c.args["channel"] for c in fake.called("chat.postMessage")] == ["U-ana"]
        assert [b["type"] for b in post.blocks] == ["header", "section", "context", "actions"]
        assert "We share what we learn." in post.blocks[2]["elements"][0]["text"]
        [prompt] = chat.dms("U-ana")
        assert [a for a, _ in prompt.actions] == ["prompt.answer", "prompt.skip"]

        opened = await chat.click("U-ana", prompt, "prompt.answer")
        assert opened.form_labels[-1] == "Who can see this?"
        answer = await chat.submit(
            "U-ana", prompt, {"q0": "Pairing beats review.", "visibility": "shared"}
        )
        await chat.deliver()

        assert "recorded" in answer.text
        async with core.sessions() as session:
            [reply] = await session.scalars(select(Reply))
        assert reply.answers[0]["text"] == "Pairing beats review."
        [shared] = fake.in_channel(FEED)
        assert "Pairing beats review." in shared.text
        assert post.updates == 1 and "answered" in post.blocks[0]["text"]["text"]

        status, _ = await world.sender.event(home_opened("U-ana", "Ev-home"))
        await world.settle()

        assert status == 200
        home = fake.home["U-ana"]
        texts = json.dumps(home)
        assert home["type"] == "home" and "streak: 1 week" in texts
        assert "settings.pause" in texts and "settings.opt_out" in texts


async def test_home_settings_pause_until_a_date(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await chat.add_member("U-ana", "Europe/Lisbon")
        action = json.loads((FIXTURES / "block_actions.button_click.app_home.json").read_text())
        action["team"]["id"] = TEAM
        action["user"] = {"id": "U-ana", "team_id": TEAM}
        action["actions"] = [
            {
                "type": "datepicker",
                "action_id": "settings.pause",
                "block_id": "settings",
                "selected_date": "2026-04-01",
                "action_ts": "1583635577.758298",
            }
        ]

        status, _ = await world.sender.interaction(action)
        await world.settle()

        assert status == 200
        assert "Paused until 2026-04-01" in json.dumps(world.fake.home["U-ana"])
        async with core.sessions() as session:
            member = await session.scalar(select(Member))
        assert member is not None and str(member.paused_until) == "2026-04-01"


async def test_directory_kept_fresh_by_events(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        team_join = fixture("team_join.event_callback.schema_sample.json")
        team_join.update(team_id=TEAM, event_id="Ev-join", type="event_callback")
        team_join["event"]["user"] = world.fake.add_user("U-new", "New", "Asia/Tokyo")
        joined = fixture("member_joined_channel.event_callback.json")
        joined.update(team_id=TEAM, event_id="Ev-chan")
        joined["event"].update(user="U-new", channel="C-audience")
        left = json.loads(json.dumps(joined))
        left["event"]["type"] = "member_left_channel"
        left["event_id"] = "Ev-left"
        change = {
            "token": "t",
            "team_id": TEAM,
            "type": "event_callback",
            "event_id": "Ev-change",
            "event": {"type": "user_change", "user": {**world.fake.users[0], "deleted": True}},
        }

        for envelope in (team_join, joined):
            assert (await world.sender.event(envelope))[0] == 200
            await world.settle()
        async with core.sessions() as session:
            [member] = await session.scalars(select(Member))
            from bot.db.models import GroupMembership

            groups = list(await session.scalars(select(GroupMembership.group_id)))
        assert member.external_id == "U-new" and member.tz == "Asia/Tokyo"
        assert groups == ["C-audience"]

        for envelope in (left, change):
            assert (await world.sender.event(envelope))[0] == 200
            await world.settle()
        async with core.sessions() as session:
            [member] = await session.scalars(select(Member))
            groups = list(await session.scalars(select(GroupMembership.group_id)))
        assert groups == [] and member.active is False
