"""Slack's events go through the inbox: stored and answered at once, handled after, never
lost. A handler that fails, or a process that dies mid-handler, leaves the event to be
handled again (by this process or another), and an event Slack delivers twice counts once."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from adapters.slack.inbox import BoltReplay
from bot.chat import InboundEvent, Response
from bot.clock import FakeClock
from bot.core import Core
from bot.db.capture_models import AnswerDraft
from bot.db.models import InboxEvent
from bot.inbound.router import InboundHandler
from bot.inbox.store import InboxItem
from bot.inbox.workers import Inbox
from tests.contract.test_weekly_prompt_contract import prompt_for
from tests.slack.fake_slack import FIXTURES
from tests.slack.harness import TEAM, SlackHarness, SlackWorld, slack_world


def answer_event() -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A-kmbot",
        "type": "event_callback",
        "event_id": "Ev-crash",
        "event_time": 1355517523,
        "event": {
            **json.loads((FIXTURES / "message_im.inner_event.docs_example.json").read_text()),
            "channel": "D-ana",
            "user": "ana",
            "text": "Write it down first.",
        },
    }


async def answers(core: Core) -> list[AnswerDraft]:
    """The typed replies kept for the member's Save (what handling a DM records)."""
    async with core.sessions() as session:
        return list(await session.scalars(select(AnswerDraft)))


async def stored(core: Core) -> list[InboxEvent]:
    async with core.sessions() as session:
        return list(await session.scalars(select(InboxEvent)))


def thanks(world: SlackWorld) -> list[str]:
    """The "Save this as your answer?" offers in the DM: one per reply handled."""
    return [m.text for m in world.fake.in_channel("D-ana") if "Save this as" in m.text]


async def handled_once(core: Core, world: SlackWorld) -> None:
    """One reply kept for Save, one offer in the DM, and nothing left in the inbox."""
    assert len(await answers(core)) == 1
    assert len(thanks(world)) == 1
    assert await stored(core) == []


class Held:
    """InboundHandler.handle held at its start until `release`; `started` once it waits."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.gate = asyncio.Event()
        self.real = InboundHandler.handle

        async def handle(handler: InboundHandler, event: InboundEvent) -> Response | None:
            self.started.set()
            await self.gate.wait()
            return await self.real(handler, event)

        self.handle = handle


async def test_an_event_is_acknowledged_before_it_is_handled(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held()
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        monkeypatch.setattr(InboundHandler, "handle", held.handle)

        status, _ = await asyncio.wait_for(world.sender.event(answer_event()), 10)
        await asyncio.wait_for(held.started.wait(), 10)

        assert status == 200
        assert await answers(core) == []
        held.gate.set()
        await world.settle()
        assert len(await answers(core)) == 1
        assert len(thanks(world)) == 1
        assert await stored(core) == []  # a handled event is not kept


async def test_an_event_whose_handling_fails_is_handled_again_later_and_counts_once(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = InboundHandler.handle
    failures = [OperationalError("INSERT", {}, Exception("the database went away"))]

    async def flaky(self: InboundHandler, event: InboundEvent) -> Response | None:
        if failures:
            raise failures.pop()
        return await real(self, event)

    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        monkeypatch.setattr(InboundHandler, "handle", flaky)

        status, _ = await world.sender.event(answer_event())
        await world.settle()
        assert status == 200
        assert await answers(core) == []
        [waiting] = await stored(core)
        assert (waiting.status, waiting.attempts) == ("pending", 1)
        assert "the database went away" in (waiting.last_error or "")

        clock.advance(timedelta(seconds=2))  # its backoff
        await world.settle()
        await handled_once(core, world)


async def test_a_process_killed_mid_handler_leaves_the_event_to_another_process(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held()
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        monkeypatch.setattr(InboundHandler, "handle", held.handle)
        status, _ = await world.sender.event(answer_event())
        await asyncio.wait_for(held.started.wait(), 10)
        world.adapter.inbox.kill()  # dies mid-handler: nothing recorded, the row still held
        [claimed] = await stored(core)
        assert (claimed.status, claimed.lease_holder) == ("working", world.adapter.inbox.holder)

        monkeypatch.setattr(InboundHandler, "handle", held.real)
        other = Inbox(core.sessions, clock, "slack", BoltReplay(world.adapter.bolt))
        assert await other.drain() == 0  # not before the dead holder's lease ends
        clock.advance(timedelta(seconds=61))
        assert await other.drain() == 1
        await world.settle()

        assert status == 200
        await handled_once(core, world)


async def test_an_event_handled_just_before_a_crash_counts_once_when_handled_again(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        replay = BoltReplay(world.adapter.bolt)
        recorded = asyncio.Event()

        async def handled_then_dies(
            item: InboxItem, replay: BoltReplay = replay, recorded: asyncio.Event = recorded
        ) -> None:
            await replay(item)  # the answer is committed ...
            recorded.set()
            await asyncio.Event().wait()  # ... and the process dies before the row is deleted

        world.adapter.inbox.kill()
        dying = Inbox(core.sessions, clock, "slack", handled_then_dies)
        await world.sender.event(answer_event())
        draining = asyncio.ensure_future(dying.drain())
        await asyncio.wait_for(recorded.wait(), 10)
        draining.cancel()
        await world.settle()
        assert len(await answers(core)) == 1

        clock.advance(timedelta(seconds=61))
        other = Inbox(core.sessions, clock, "slack", replay)
        assert await other.drain() == 1
        await world.settle()
        await handled_once(core, world)


async def test_an_event_slack_delivers_twice_is_handled_once(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        await world.adapter.inbox.stop()  # the first copy still waits when the second comes
        first, _ = await world.sender.event(answer_event())
        second, _ = await world.sender.event(answer_event(), retry_num=1)
        assert len(await stored(core)) == 1
        world.adapter.inbox.start()
        await world.settle()
        third, _ = await world.sender.event(answer_event(), retry_num=2)  # after it was handled
        await world.settle()

        assert (first, second, third) == (200, 200, 200)
        await handled_once(core, world)


async def test_an_event_that_cannot_be_stored_is_not_acknowledged(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Inbox.accept
    failures = [OperationalError("INSERT", {}, Exception("the database went away"))]

    async def flaky(self: Inbox, event_id: str, body: str) -> None:
        if failures:
            raise failures.pop()
        await real(self, event_id, body)

    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        monkeypatch.setattr(Inbox, "accept", flaky)
        refused, _ = await world.sender.event(answer_event())
        retried, _ = await world.sender.event(answer_event(), retry_num=1)
        await world.settle()

        assert (refused, retried) == (503, 200)  # Slack sends again what got no 200
        assert len(await answers(core)) == 1


async def test_a_click_is_acknowledged_while_it_is_still_being_handled(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.Event()
    real = InboundHandler.handle

    async def held(self: InboundHandler, event: InboundEvent) -> Response | None:
        await gate.wait()  # the handling cannot finish before the click is answered
        return await real(self, event)

    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await prompt_for(chat)
        [prompt] = chat.dms("ana")
        channel, ts = prompt.ref.split("|")
        monkeypatch.setattr(InboundHandler, "handle", held)
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": "ana", "username": "ana", "team_id": TEAM},
            "api_app_id": "A-kmbot",
            "token": "legacy",
            "trigger_id": "trigger-held",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"type": "message", "ts": ts, "bot_id": "BBOT", "text": ""},
            "actions": [
                {
                    "action_id": "prompt.answer",
                    "block_id": "b",
                    "type": "button",
                    "value": prompt.action("prompt.answer"),
                    "action_ts": "1.1",
                }
            ],
        }
        status, _ = await asyncio.wait_for(world.sender.interaction(payload), 10)
        assert status == 200
        assert world.fake.views_opened == []
        gate.set()
        await world.settle()
        assert [trigger for trigger, _ in world.fake.views_opened] == ["trigger-held"]


async def test_a_reply_slack_refuses_with_429_waits_and_is_sent(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        world.fake.refuse_posts = 2  # one more than slack_sdk's own inline retry absorbs

        status, _ = await world.sender.event(answer_event())
        await world.settle()

        assert status == 200
        assert world.fake.refuse_posts == 0
        await handled_once(core, world)  # the Save offer arrived, once


async def test_stopping_does_not_wait_out_a_long_retry_after(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        await prompt_for(SlackHarness(world, clock))
        world.fake.refuse_posts, world.fake.refuse_retry_after = 1, 3600  # an hour's wait

        await world.sender.event(answer_event())
        await world.adapter.inbox.idle()  # handled; its reply now waits for Retry-After
        await asyncio.wait_for(world.adapter.listeners.stop(grace=0.05), 10)

        assert len(await answers(core)) == 1  # the answer is kept; only the reply is dropped
        assert thanks(world) == []
