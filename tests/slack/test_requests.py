"""Signed requests as Slack sends them: verification, fixtures, retries and bad input."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.capture_models import AnswerDraft
from bot.db.models import ProcessedEvent
from tests.contract.test_weekly_prompt_contract import prompt_for
from tests.slack.fake_slack import FIXTURES
from tests.slack.harness import TEAM, SlackHarness, SlackWorld, slack_world
from tests.slack.signing import SECRET, signature

SLASH_BODY = (FIXTURES / "slash_command.form_urlencoded.txt").read_text().strip()
SLASH_TIMESTAMP = 1531420618
SLASH_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
async def world(core: Core, clock: FakeClock) -> AsyncIterator[SlackWorld]:
    async for world in slack_world(core, clock, command="/webhook-collect"):
        yield world


async def recorded_events(core: Core) -> int:
    async with core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)


def test_our_signer_reproduces_slacks_documented_signature() -> None:
    assert signature(SECRET, SLASH_TIMESTAMP, SLASH_BODY) == SLASH_SIGNATURE


async def test_the_documented_slash_command_is_refused_for_its_old_timestamp(
    world: SlackWorld, core: Core
) -> None:
    status, _ = await world.sender.post(
        SLASH_BODY,
        FORM,
        headers={
            "X-Slack-Request-Timestamp": str(SLASH_TIMESTAMP),
            "X-Slack-Signature": SLASH_SIGNATURE,
        },
    )
    await world.settle()

    assert status == 401
    assert await recorded_events(core) == 0 and world.fake.hooks == []


async def test_the_same_slash_command_re_signed_now_is_accepted(
    world: SlackWorld, core: Core
) -> None:
    status, _ = await world.sender.post(SLASH_BODY, FORM)  # signed with a fresh timestamp
    await world.settle()

    assert status == 200
    [(path, body)] = world.fake.hooks  # the response_url, sent to the fake's host
    assert path == "/hooks/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"
    assert body["response_type"] == "ephemeral"
    assert "Here is what you can tell me" in body["text"]  # a bare /kmbot is help, for anyone


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""},
        {"X-Slack-Request-Timestamp": str(int(time.time()) - 301)},
    ],
)
async def test_a_bad_missing_or_stale_signature_is_refused(
    world: SlackWorld, core: Core, headers: dict[str, str]
) -> None:
    envelope = json.loads((FIXTURES / "app_home_opened.event_callback.json").read_text())
    body = json.dumps(envelope)
    if "X-Slack-Request-Timestamp" in headers and headers["X-Slack-Request-Timestamp"]:
        stamp = headers["X-Slack-Request-Timestamp"]
        headers = {**headers, "X-Slack-Signature": signature(SECRET, stamp, body)}

    status, _ = await world.sender.post(body, "application/json", headers=headers)
    await world.settle()

    assert status == 401
    assert await recorded_events(core) == 0 and world.fake.home == {}


async def test_url_verification_answers_the_challenge(world: SlackWorld) -> None:
    body = (FIXTURES / "url_verification.json").read_text()

    status, text = await world.sender.post(body, "application/json")

    assert status == 200 and "valid_challenge_token" in text


async def test_malformed_and_unknown_bodies_record_nothing_and_the_server_keeps_serving(
    world: SlackWorld, core: Core
) -> None:
    malformed, _ = await world.sender.post('{"type": "event_callback", ', "application/json")
    unknown, _ = await world.sender.post(
        (FIXTURES / "app_mention.event_callback.json").read_text(), "application/json"
    )
    payload, _ = await world.sender.post("payload=%7Bnot-json", FORM)
    await world.settle()
    after, text = await world.sender.post(
        (FIXTURES / "url_verification.json").read_text(), "application/json"
    )

    assert malformed == 400 and payload == 400 and unknown == 200
    assert await recorded_events(core) == 0
    assert after == 200 and "valid_challenge_token" in text


async def test_an_answer_delivered_three_times_is_recorded_once(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await prompt_for(chat)
        envelope = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A-kmbot",
            "type": "event_callback",
            "event_id": "Ev-once",
            "event_time": 1355517523,
            "event": {
                **json.loads((FIXTURES / "message_im.inner_event.docs_example.json").read_text()),
                "channel": "D-ana",
                "user": "ana",
                "text": "Write it down first.",
            },
        }
        statuses = [(await world.sender.event(envelope, retry_num=n))[0] for n in (None, 1, 2)]
        await world.settle()

        assert statuses == [200, 200, 200]
        async with core.sessions() as session:  # one reply waiting for Save, offered once
            assert len(list(await session.scalars(select(AnswerDraft)))) == 1
        offers = [m for m in world.fake.in_channel("D-ana") if "Save this as" in m.text]
        assert len(offers) == 1
