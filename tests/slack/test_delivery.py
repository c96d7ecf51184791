"""Sending through Slack: a 429 storm, the pace per conversation, and failures admins see."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from adapters.slack.pacing import ConversationPacer
from bot.cli.admin import outbox_command
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Delivery, Workspace
from bot.people.directory import ensure_workspace, upsert_member
from tests.conversation import add_program
from tests.slack.harness import FEED, TEAM, SlackHarness, slack_world

THURSDAY_15_UTC = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


async def test_a_429_storm_during_a_fan_out_of_200_prompts(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        fake = world.fake
        fake.limit_per_minute = 60  # the fake answers 429 + Retry-After beyond this
        async with core.sessions.begin() as session:
            workspace = await ensure_workspace(session, "slack", TEAM, clock.now())
            for n in range(200):
                await upsert_member(session, workspace, f"U{n:03d}", clock.now(), tz="UTC")
        await add_program(core, share_mode="private", feed=None)
        clock.set(THURSDAY_15_UTC)
        await core.prompting.open_due_prompts()

        while clock.now() < THURSDAY_15_UTC + timedelta(minutes=10):
            await core.dispatcher.dispatch_due()
            clock.advance(timedelta(seconds=5))

        delivered = Counter(m.channel for m in fake.messages)
        assert len(delivered) == 200 and set(delivered.values()) == {1}
        assert fake.rate_limited, "the storm must have happened"
        assert min(m.at for m in fake.messages) >= THURSDAY_15_UTC  # type: ignore[type-var]
        for limited_at, wait in fake.rate_limited:  # nothing sent while the workspace waited
            assert not [
                m for m in fake.messages if limited_at < m.at < limited_at + timedelta(seconds=wait)
            ]  # type: ignore[operator]
        async with core.sessions() as session:
            statuses = Counter(await session.scalars(select(Delivery.status)))
            workspace = await session.scalar(select(Workspace))
        assert statuses == {"sent": 200}
        assert workspace is not None and workspace.deliveries_paused_until is not None


async def test_messages_to_one_conversation_are_paced_a_second_apart() -> None:
    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    pacer = ConversationPacer(1.0, now=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await pacer.wait_turn("C-feed")
    await pacer.wait_turn("D-other")

    assert waits == [1.0, 2.0]


async def test_unreachable_members_and_channels_fail_with_slacks_reason(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        for user in ("U-ana", "U-left", "U-blocked"):
            await chat.add_member(user, "UTC")
        world.fake.fail_channels.update(
            {
                "U-left": "user_not_found",
                "U-blocked": "messages_tab_disabled",
                FEED: "channel_not_found",
            }
        )
        await add_program(core, share_mode="digest", feed=chat.feed_address())
        clock.set(THURSDAY_15_UTC)
        await chat.deliver()
        clock.advance(timedelta(days=4))
        await chat.deliver()

        async with core.sessions() as session:
            failed = {
                (d.member_id is None, d.last_error)
                for d in await session.scalars(select(Delivery).where(Delivery.status == "failed"))
            }
            listing = await outbox_command(session, _Args())
        assert failed == {
            (False, "user_not_found"),
            (False, "messages_tab_disabled"),
            (True, "channel_not_found"),
        }
        assert "messages_tab_disabled" in listing and "channel_not_found" in listing


async def test_a_dm_falls_back_to_conversations_open(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await chat.add_member("U-ana", "UTC")
        world.fake.no_dm_by_user_id = True
        await add_program(core, share_mode="private", feed=None)
        clock.set(THURSDAY_15_UTC)
        await chat.deliver()

        assert [c.args["users"] for c in world.fake.called("conversations.open")] == ["U-ana"]
        assert len(world.fake.in_channel("D-U-ana")) == 1


class _Args:
    status = "failed"
    limit = 50
