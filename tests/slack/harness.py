"""The contract on Slack: the real bolt app in the real aiohttp server, signed requests,
and the real AsyncWebClient talking to a local fake Slack Web API."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from adapters.slack.app import SlackAdapter, build_adapter
from adapters.slack.pacing import ConversationPacer
from adapters.slack.settings import SlackSettings
from bot.clock import FakeClock
from bot.core import Core
from bot.people.directory import ensure_workspace, upsert_member
from bot.secrets.box import SecretBox
from tests.contract.harness import Answer, Seen
from tests.conversation import run_jobs
from tests.fakes import FakeTime
from tests.slack.fake_slack import (
    FakeSlack,
    Posted,
    block_actions,
    block_labels,
    block_text,
    fixture,
)
from tests.slack.signing import SECRET, SlackSender

TEAM = "T-acme"
FEED = "C-feed"


class SlackWorld:
    """A running kmbot Slack adapter, its fake Web API and a signed sender."""

    def __init__(
        self,
        core: Core,
        fake: FakeSlack,
        adapter: SlackAdapter,
        sender: SlackSender,
        time: FakeTime,
        api_url: str,
    ) -> None:
        self.core = core
        self.fake = fake
        self.adapter = adapter
        self.sender = sender
        self.time = time
        self.api_url = api_url
        self.ids = itertools.count(1)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self.ids)}"

    async def settle(self) -> None:
        await self.adapter.settle()

    def hook_url(self) -> str:
        return f"https://hooks.slack.com/actions/A-kmbot/{self.next_id('')}/secret"


async def slack_world(
    core: Core,
    clock: FakeClock,
    *,
    oauth: bool = False,
    engine: AsyncEngine | None = None,
    box: SecretBox | None = None,
    **settings: Any,
) -> AsyncIterator[SlackWorld]:
    """Start the fake API and kmbot's server with the Slack plugin installed.

    OAuth mode needs the `engine` slack_sdk keeps its installations and OAuth states on.
    """
    fake = FakeSlack(team=TEAM, now=clock.now)
    api = TestServer(fake.app())
    await api.start_server()
    api_url = str(api.make_url("/api/"))
    options: dict[str, Any] = {
        "signing_secret": SECRET,
        "api_url": api_url,
        "sync_on_start": False,
        **settings,
    }
    if oauth:
        options.update(client_id="111.222", client_secret="oauth-secret")
    else:
        options.setdefault("bot_token", "xoxb-test")
    time = FakeTime()
    adapter = build_adapter(
        SlackSettings(**options),
        core,
        engine=engine,
        pacer=ConversationPacer(1.0, now=time.monotonic, sleep=time.sleep),
        box=box,
    )
    core.platforms["slack"] = adapter.platform
    app = web.Application()
    adapter.mount(app)
    server = TestServer(app)
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        sender = SlackSender(session, str(server.make_url("/slack/events")))
        world = SlackWorld(core, fake, adapter, sender, time, api_url)
        try:
            yield world
        finally:
            await world.settle()
            core.platforms.pop("slack", None)
            await server.close()
            await api.close()


def seen(message: Posted) -> Seen:
    return Seen(
        block_text(message.blocks),
        block_actions(message.blocks),
        f"{message.channel}|{message.ts}",
        block_labels(message.blocks),
    )


class SlackHarness:
    """ChatHarness for Slack: members click and type through signed Slack payloads."""

    name = "slack"

    def __init__(self, world: SlackWorld, clock: FakeClock) -> None:
        self.world = world
        self.core = world.core
        self.clock = clock

    async def add_member(self, user: str, tz: str, unit: str = "Eng", role: str = "member") -> None:
        self.world.fake.add_user(user, user.title(), tz)
        await self.world.adapter.sync(TEAM)
        async with self.core.sessions.begin() as session:
            workspace = await ensure_workspace(session, "slack", TEAM, self.clock.now())
            await upsert_member(session, workspace, user, self.clock.now(), unit=unit, role=role)

    async def join(self, user: str, tz: str, unit: str = "Eng") -> None:
        envelope = fixture("team_join.event_callback.schema_sample.json")
        envelope.update(team_id=TEAM, event_id=self.world.next_id("Ev"), type="event_callback")
        envelope["event"]["user"] = self.world.fake.add_user(user, user.title(), tz)
        status, _ = await self.world.sender.event(envelope)
        assert status == 200
        await self.world.settle()
        async with self.core.sessions.begin() as session:
            workspace = await ensure_workspace(session, "slack", TEAM, self.clock.now())
            await upsert_member(session, workspace, user, self.clock.now(), unit=unit)

    def feed_address(self) -> str:
        return f"slack:{TEAM}:{FEED}"

    def dms(self, user: str) -> list[Seen]:
        return [seen(m) for m in self.world.fake.in_channel(f"D-{user}")]

    def feed(self) -> list[Seen]:
        return [seen(m) for m in self.world.fake.in_channel(FEED)]

    def thread(self, post: Seen) -> list[Seen]:
        channel, ts = post.ref.split("|")
        return [seen(m) for m in self.world.fake.in_thread(channel, ts)]

    async def click(self, user: str, seen: Seen, action_id: str) -> Answer:
        answer, _ = await self._click(user, seen, action_id)
        return answer

    async def _click(
        self, user: str, seen: Seen, action_id: str
    ) -> tuple[Answer, dict[str, Any] | None]:
        world = self.world
        channel, ts = seen.ref.split("|")
        trigger = world.next_id("trigger-")
        hook = world.hook_url()
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "username": user, "team_id": TEAM},
            "api_app_id": "A-kmbot",
            "token": "legacy",
            "trigger_id": trigger,
            "container": {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"type": "message", "ts": ts, "bot_id": "BBOT", "text": ""},
            "response_url": hook,
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "b",
                    "type": "button",
                    "value": seen.action(action_id),
                    "action_ts": "1.1",
                }
            ],
        }
        status, _ = await world.sender.interaction(payload)
        assert status == 200
        await world.settle()
        path = "/hooks/" + hook.removeprefix("https://hooks.slack.com/")
        bodies = [body for url, body in world.fake.hooks if url == path]
        texts = [body.get("text", "") for body in bodies]
        views = [v for t, v in world.fake.views_opened if t == trigger]
        labels = tuple(b["label"]["text"] for b in views[0]["blocks"]) if views else ()
        replies = tuple(  # ephemeral replies: their buttons are clicked where they appear
            Seen(
                block_text(b.get("blocks", [])),
                block_actions(b.get("blocks", [])),
                seen.ref,
                block_labels(b.get("blocks", [])),
            )
            for b in bodies
        )
        answer = Answer("\n".join(texts), labels, messages=replies)
        return answer, (views[0] if views else None)

    async def submit(
        self, user: str, seen: Seen, fields: dict[str, str], action_id: str = "prompt.answer"
    ) -> Answer:
        opened, view = await self._click(user, seen, action_id)
        if view is None:
            return opened
        values: dict[str, Any] = {}
        for block in view["blocks"]:
            if block["block_id"] not in fields:
                continue
            value = fields[block["block_id"]]
            element = block["element"]
            if element["type"] == "radio_buttons":
                values[block["block_id"]] = {
                    "value": {
                        "type": "radio_buttons",
                        "selected_option": {
                            "value": value,
                            "text": {"type": "plain_text", "text": value},
                        },
                    }
                }
            else:
                values[block["block_id"]] = {"value": {"type": "plain_text_input", "value": value}}
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "username": user, "team_id": TEAM},
            "api_app_id": "A-kmbot",
            "token": "legacy",
            "trigger_id": self.world.next_id("trigger-"),
            "view": {
                **view,
                "id": "V1",
                "team_id": TEAM,
                "hash": "1.abc",
                "state": {"values": values},
                "app_id": "A-kmbot",
            },
            "response_urls": [],
        }
        status, body = await self.world.sender.interaction(payload)
        assert status == 200
        await self.world.settle()
        response = json.loads(body) if body else {}
        if response.get("response_action") == "errors":
            return Answer("", (), dict(response["errors"]))
        return Answer(block_text(response.get("view", {}).get("blocks", [])))

    async def say(self, user: str, text: str) -> Answer:
        before = len(self.world.fake.in_channel(f"D-{user}"))
        files_before = len(self.world.fake.shared_in(f"D-{user}"))
        envelope = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A-kmbot",
            "event": {
                "type": "message",
                "channel": f"D-{user}",
                "user": user,
                "text": text,
                "ts": "1355517523.000005",
                "event_ts": "1355517523.000005",
                "channel_type": "im",
            },
            "type": "event_callback",
            "event_id": self.world.next_id("Ev"),
            "event_time": 1355517523,
        }
        status, _ = await self.world.sender.event(envelope)
        assert status == 200
        await self.world.settle()
        replies = self.world.fake.in_channel(f"D-{user}")[before:]
        files = self.world.fake.shared_in(f"D-{user}")[files_before:]
        return Answer(
            "\n".join(block_text(m.blocks) for m in replies),
            files=tuple((f.filename, f.content) for f in files),
            messages=tuple(seen(m) for m in replies),
        )

    async def deliver(self) -> None:
        await run_jobs(self.core)
        await self.world.settle()


async def slack_harness(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> AsyncIterator[SlackHarness]:
    """The HARNESSES factory for the shared contract suite."""
    async for world in slack_world(core, clock):
        yield SlackHarness(world, clock)
