"""The servers the fuzz tests attack: kmbot's one aiohttp app (with /healthz) and its Slack
or Teams adapter, the real SDKs behind it, local fakes of Slack's Web API and the Bot
Connector, and members and open prompts for the fixtures' senders so hostile payloads
reach kmbot's handlers and not only its "who are you?" answer."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from botframework.connector.auth import AuthenticationConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, settings
from jwt.algorithms import RSAAlgorithm
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.app import SlackAdapter, build_adapter
from adapters.slack.pacing import ConversationPacer
from adapters.slack.settings import SlackSettings
from adapters.teams.settings import TeamsSettings
from bot.bootstrap import build_web_app
from bot.clock import FakeClock
from bot.core import Core
from bot.people.directory import ensure_workspace, upsert_member
from bot.programs.programs import ProgramSpec, create_program
from tests.fakes import FakeTime
from tests.fuzz.observe import Problems, problems_logged, table_names
from tests.fuzz.slack_bodies import FIXTURE_PEOPLE, sign
from tests.fuzz.teams_bodies import FIXTURE_PEOPLE as TEAMS_PEOPLE
from tests.slack.fake_slack import FakeSlack, fixture
from tests.slack.signing import SECRET
from tests.teams.rig import TeamsRig, start_rig
from tests.teams.rig import fixture as teams_fixture

# Examples per property: modest, so the suite stays fast on 2 cores; derandomized, so a
# failure reproduces on every run and every machine. KMBOT_FUZZ_EXAMPLES=2000 digs deeper.
TEAMS_APP_ID = "00000000-0000-0000-0000-00000000f022"
EXAMPLES = int(os.environ.get("KMBOT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,  # one failure, shrunk: quicker, and one fix at a time
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one server for all examples, on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture
def problems() -> Iterator[Problems]:
    with problems_logged() as handler:
        yield handler


async def enrol_fixture_people(
    core: Core, platform: str, people: tuple[tuple[str, str], ...]
) -> None:
    """The fixtures' senders as members, with a program whose prompt is open for each."""
    now = core.clock.now()
    async with core.sessions.begin() as session:
        for team, user in people:
            workspace = await ensure_workspace(session, platform, team, now)
            await upsert_member(session, workspace, user, now, display_name=user, unit="Eng")
        await create_program(
            session,
            ProgramSpec(
                name="Weekly learning",
                purpose="We share what we learn.",
                share_mode="feed",
                feed=f"{platform}:{people[0][0]}:C-feed",
            ),
            now,
        )


async def open_prompts(core: Core, clock: FakeClock) -> int:
    clock.set(datetime(2026, 3, 5, 15, 1, tzinfo=UTC))  # Thursday 15:01 UTC: the prompts open
    return await core.prompting.open_due_prompts()


@dataclass
class SlackTarget:
    """kmbot serving /slack/events and /healthz, its fake Slack and a client session."""

    core: Core
    engine: AsyncEngine
    adapter: SlackAdapter
    fake: FakeSlack
    session: aiohttp.ClientSession
    base_url: str
    tables: list[str]
    served: int = 0

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("SlackTarget()")  # hypothesis prints a failing example's arguments

    async def post(self, body: bytes, content_type: str | None, headers: dict[str, str]) -> int:
        sent = dict(headers)
        if content_type is not None:
            sent["Content-Type"] = content_type
        async with self.session.post(
            self.base_url + "/slack/events",
            data=body,
            headers=sent,
            skip_auto_headers=["Content-Type"],
        ) as response:
            await response.read()
            return response.status

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.session.get(self.base_url + path) as response:
            return response.status, await response.json()

    async def settle(self) -> None:
        await self.adapter.settle()

    async def assert_still_serving(self) -> None:
        """/healthz's database check answers, and an ordinary signed DM gets its answer."""
        status, health = await self.get("/healthz")
        assert health["database"] == "ok", (status, health)
        self.served += 1
        envelope = {
            **fixture("app_mention.event_callback.json"),
            "team_id": "T123",
            "event_id": f"Ev-after-the-storm-{self.served}",
            "event": {
                **fixture("message_im.inner_event.docs_example.json"),
                "user": "U123",
                "channel": "D-U123",
                "text": "help",
            },
        }
        body = json.dumps(envelope).encode()
        before = len(self.fake.called("chat.postMessage"))

        assert await self.post(body, "application/json", sign(body)) == 200
        await self.settle()
        replies = self.fake.called("chat.postMessage")[before:]
        assert [r.args["channel"] for r in replies] == ["D-U123"]
        assert "Here is what you can tell me" in replies[0].args["text"]


@pytest.fixture
async def slack(core: Core, clock: FakeClock, engine: AsyncEngine) -> AsyncIterator[SlackTarget]:
    fake = FakeSlack(team="T123", now=clock.now)
    for _, user in FIXTURE_PEOPLE:
        fake.add_user(user)
    api = TestServer(fake.app())
    await api.start_server()
    time = FakeTime()
    adapter = build_adapter(
        SlackSettings(
            signing_secret=SECRET,
            api_url=str(api.make_url("/api/")),
            sync_on_start=False,
            bot_token="xoxb-fuzz",
            command="/webhook-collect",
        ),
        core,
        pacer=ConversationPacer(1.0, now=time.monotonic, sleep=time.sleep),
    )
    core.platforms["slack"] = adapter.platform
    await enrol_fixture_people(core, "slack", FIXTURE_PEOPLE)
    await open_prompts(core, clock)
    app = build_web_app(engine, core)
    adapter.mount(app)
    server = TestServer(app)
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        target = SlackTarget(
            core,
            engine,
            adapter,
            fake,
            session,
            str(server.make_url("")).rstrip("/"),
            await table_names(engine),
        )
        try:
            yield target
            await target.assert_still_serving()  # after every property: still healthy
        finally:
            await target.settle()
            core.platforms.pop("slack", None)
            await server.close()
            await api.close()


# Microsoft's signing keys as the Bot Framework SDK caches them, with a key of our own in
# their place: a forged token is checked against it and never sends the SDK to the internet.
MICROSOFT_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
MICROSOFT_KID = "microsoft-key-1"
METADATA_URLS = (
    AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
    AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
)


@pytest.fixture
def microsoft_keys() -> Iterator[None]:
    jwk = json.loads(RSAAlgorithm.to_jwk(MICROSOFT_KEY.public_key()))
    saved = dict(JwtTokenExtractor.metadataCache)
    fetched = datetime.now()
    for url in METADATA_URLS:
        metadata = JwtTokenExtractor.get_open_id_metadata(url)
        metadata.keys = [{**jwk, "kid": MICROSOFT_KID, "endorsements": ["msteams"]}]
        metadata.last_updated = fetched
    try:
        yield
        # nothing went to Microsoft for keys: no other metadata, none refreshed
        assert set(JwtTokenExtractor.metadataCache) <= set(saved) | set(METADATA_URLS)
        for url in METADATA_URLS:
            assert JwtTokenExtractor.metadataCache[url].last_updated == fetched, url
    finally:
        JwtTokenExtractor.metadataCache.clear()
        JwtTokenExtractor.metadataCache.update(saved)


@dataclass
class TeamsTarget:
    """kmbot serving /api/messages and /healthz (the real CloudAdapter) and its fake connector."""

    rig: TeamsRig
    engine: AsyncEngine
    tables: list[str]
    served: int = 0

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("TeamsTarget()")

    @property
    def core(self) -> Core:
        return self.rig.core

    async def post(self, body: bytes, content_type: str | None, headers: dict[str, str]) -> int:
        sent = dict(headers)
        if content_type is not None:
            sent["Content-Type"] = content_type
        response = await self.rig.client.post(
            "/api/messages", data=body, headers=sent, skip_auto_headers=["Content-Type"]
        )
        await response.read()
        return response.status

    async def assert_database_answers(self) -> None:
        response = await self.rig.client.get("/healthz")
        health = await response.json()
        assert health["database"] == "ok", (response.status, health)

    async def assert_still_serving(self) -> None:
        """/healthz's database check answers, and a member's "help" gets its answer."""
        await self.assert_database_answers()
        self.served += 1
        before = len(self.rig.connector.calls)
        status, _ = await self.rig.post(
            {
                **teams_fixture("message.personal.json"),
                "id": f"after-the-storm-{self.served}",
                "text": "help",
            }
        )
        assert status == 201
        [answer] = self.rig.connector.calls[before:]
        assert "pause" in answer.activity["text"]  # the help text, not "who are you?"


async def _teams_target(
    core: Core, clock: FakeClock, engine: AsyncEngine, settings: TeamsSettings
) -> AsyncIterator[TeamsTarget]:
    await enrol_fixture_people(core, "teams", TEAMS_PEOPLE)
    await open_prompts(core, clock)
    async for rig in start_rig(core, engine, settings):
        yield TeamsTarget(rig, engine, await table_names(engine))


@pytest.fixture
async def teams(core: Core, clock: FakeClock, engine: AsyncEngine) -> AsyncIterator[TeamsTarget]:
    """Emulator mode: every request is accepted as if Microsoft had signed it."""
    async for target in _teams_target(core, clock, engine, TeamsSettings(emulator=True)):
        yield target
        await target.assert_still_serving()  # after every property: still healthy


@pytest.fixture
async def locked_teams(
    core: Core, clock: FakeClock, engine: AsyncEngine, microsoft_keys: None
) -> AsyncIterator[TeamsTarget]:
    """With an app id: only a token Microsoft signed for it is accepted."""
    settings = TeamsSettings(app_id=TEAMS_APP_ID, app_password="not-a-real-secret")
    async for target in _teams_target(core, clock, engine, settings):
        yield target
        await target.assert_database_answers()  # (a real token needs Microsoft's own key)
