"""Slack gets its 200 for an event only once the event is recorded: an event whose recording
fails is not acknowledged, so Slack sends it again, and the retry counts once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.chat import InboundEvent, Response
from bot.clock import FakeClock
from bot.core import Core
from bot.db.capture_models import AnswerDraft
from bot.inbound.router import InboundHandler
from tests.contract.test_weekly_prompt_contract import prompt_for
from tests.slack.fake_slack import FIXTURES
from tests.slack.harness import TEAM, SlackHarness, slack_world


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


async def test_an_event_whose_recording_fails_is_not_acknowledged_and_its_retry_counts_once(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = InboundHandler.handle
    failures = [OperationalError("INSERT", {}, Exception("the database went away"))]

    async def flaky(self: InboundHandler, event: InboundEvent) -> Response | None:
        if failures:
            raise failures.pop()
        return await real(self, event)

    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await prompt_for(chat)
        monkeypatch.setattr(InboundHandler, "handle", flaky)

        first, _ = await world.sender.event(answer_event())
        await world.settle()
        async with core.sessions() as session:
            assert list(await session.scalars(select(AnswerDraft))) == []
        retried, _ = await world.sender.event(answer_event(), retry_num=1)
        again, _ = await world.sender.event(answer_event(), retry_num=2)
        await world.settle()

        assert first != 200  # not acknowledged: Slack retries it
        assert (retried, again) == (200, 200)
        async with core.sessions() as session:  # one reply waiting for Save, offered once
            assert len(list(await session.scalars(select(AnswerDraft)))) == 1
        offers = [m for m in world.fake.in_channel("D-ana") if "Save this as" in m.text]
        assert len(offers) == 1


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
