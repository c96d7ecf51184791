"""Slack's part of /healthz and /metrics: the plugin's start-up `auth.test`, every Web API
call's outcome, 429s counted, against the real AsyncWebClient and the local fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.plugin import SlackPlugin
from adapters.slack.settings import SlackSettings
from bot.bootstrap import build_web_app
from bot.chat import (
    MemberAddress,
    OutgoingMessage,
    PermanentDeliveryError,
    RateLimited,
    TransientDeliveryError,
)
from bot.core import Core, PluginResources
from bot.settings import load_settings
from tests.scrape import healthz, metrics, serve, value
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.signing import SECRET
from tests.test_serve import free_port

TEAM = "T-acme"
ANA = MemberAddress("slack", TEAM, "U-ana")
HELLO = OutgoingMessage(text="hello")


@dataclass
class ScriptedSlack(FakeSlack):
    """The fake Web API, some of whose answers are scripted: (HTTP status, Slack error).

    `script` answers the next calls in order; `always`, while set, answers every call.
    """

    script: list[tuple[int, str]] = field(default_factory=list)
    always: tuple[int, str] | None = None

    async def _api(self, request: web.Request) -> web.Response:
        answer = self.script.pop(0) if self.script else self.always
        if answer is None:
            return await super()._api(request)
        status, error = answer
        self.calls.append(Call(request.match_info["method"], {}, "", None))
        headers = {"Retry-After": "30"} if status == 429 else {}
        return web.json_response({"ok": False, "error": error}, status=status, headers=headers)


@dataclass
class Running:
    fake: ScriptedSlack
    client: TestClient[Any, Any]
    core: Core


async def kmbot_on_slack(
    core: Core,
    engine: AsyncEngine,
    *,
    fake: ScriptedSlack | None = None,
    api_url: str = "",
    **settings: Any,
) -> AsyncIterator[Running]:
    """The fake Slack, and kmbot's web app with the Slack plugin installed and started."""
    fake = fake or ScriptedSlack(team=TEAM)
    fake.add_user("U-ana", "Ana")
    api = TestServer(fake.app())
    await api.start_server()
    options: dict[str, Any] = {
        "signing_secret": SECRET,
        "api_url": api_url or str(api.make_url("/api/")),
        "sync_on_start": False,
        **settings,
    }
    if "client_id" not in options:
        options.setdefault("bot_token", "xoxb-test")
    core.platforms.clear()  # only Slack in the report
    app = build_web_app(engine, core)
    plugin = SlackPlugin(SlackSettings(**options))
    core.platforms["slack"] = plugin.install(app, core, PluginResources(engine, load_settings()))
    try:
        async for client in serve(app):
            yield Running(fake, client, core)
    finally:
        await api.close()


@pytest.fixture
async def slack(core: Core, engine: AsyncEngine) -> AsyncIterator[Running]:
    async for running in kmbot_on_slack(core, engine):
        yield running


async def test_healthz_is_ok_when_auth_test_answers_at_start(slack: Running) -> None:
    status, body = await healthz(slack.client)

    assert status == 200 and body["status"] == "ok"
    report = body["platforms"]["slack"]
    assert report["status"] == "ok" and report["start_check"] == "ok"
    assert report["start_detail"] == "auth.test: workspace T-acme as kmbot"
    assert report["last_success"] is not None
    assert [c.token for c in slack.fake.called("auth.test")] == ["xoxb-test"]


async def test_an_invalid_token_at_start_is_503_until_a_call_succeeds(
    core: Core, engine: AsyncEngine
) -> None:
    fake = ScriptedSlack(team=TEAM, valid_tokens={"xoxb-the-real-one"})
    async for running in kmbot_on_slack(core, engine, fake=fake, bot_token="xoxb-wrong"):
        status, body = await healthz(running.client)

        assert status == 503 and body["status"] == "unavailable"
        assert body["problems"] == ["slack: start-up check failed: auth.test: invalid_auth"]
        assert body["platforms"]["slack"]["status"] == "down"
        assert [c.token for c in fake.called("auth.test")] == ["xoxb-wrong"]

        fake.valid_tokens = {"xoxb-wrong"}  # the admin reinstalled the app with this token
        await running.core.platforms["slack"].send(ANA, HELLO)
        status, body = await healthz(running.client)
        assert status == 200 and body["platforms"]["slack"]["start_check"] == "failed"


async def test_a_revoked_token_at_start_is_503(core: Core, engine: AsyncEngine) -> None:
    fake = ScriptedSlack(team=TEAM, always=(200, "token_revoked"))
    async for running in kmbot_on_slack(core, engine, fake=fake):
        status, body = await healthz(running.client)
        scraped = await metrics(running.client)

    assert status == 503
    assert body["problems"] == ["slack: start-up check failed: auth.test: token_revoked"]
    assert body["platforms"]["slack"]["refused_workspaces"] == {"*": "token_revoked"}
    assert value(scraped, "kmbot_platform_up", platform="slack") == 0.0
    assert [c.method for c in fake.calls] == ["auth.test"]


async def test_an_unreachable_slack_at_start_is_503(core: Core, engine: AsyncEngine) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    async for running in kmbot_on_slack(core, engine, api_url=nowhere):
        status, body = await healthz(running.client)

    assert status == 503
    report = body["platforms"]["slack"]
    assert report["status"] == "down" and report["start_check"] == "failed"
    assert report["start_detail"].startswith("auth.test: ")
    assert report["last_error"].startswith("Slack unreachable: ")
    assert report["last_success"] is None


async def test_a_token_revoked_after_start_is_503_from_the_next_call(slack: Running) -> None:
    platform = slack.core.platforms["slack"]
    await platform.send(ANA, HELLO)
    slack.fake.always = (200, "token_revoked")

    with pytest.raises(PermanentDeliveryError):
        await platform.send(ANA, HELLO)
    status, body = await healthz(slack.client)

    assert status == 503
    assert body["problems"] == ["slack: credentials refused: token_revoked"]


async def test_calls_that_all_fail_with_5xx_are_503_until_one_succeeds(slack: Running) -> None:
    platform = slack.core.platforms["slack"]
    slack.fake.always = (503, "service_unavailable")
    for _ in range(3):
        with pytest.raises(TransientDeliveryError):
            await platform.send(ANA, HELLO)

    status, body = await healthz(slack.client)
    assert status == 503
    assert body["problems"] == ["slack: the last 3 calls failed: Slack answered HTTP 503"]

    slack.fake.always = None
    await platform.send(ANA, HELLO)
    status, body = await healthz(slack.client)
    assert status == 200 and body["platforms"]["slack"]["consecutive_failures"] == 0


async def test_429s_are_counted_and_leave_slack_healthy(slack: Running) -> None:
    platform = slack.core.platforms["slack"]
    before = await metrics(slack.client)
    slack.fake.script = [(429, "ratelimited")]

    with pytest.raises(RateLimited):
        await platform.send(ANA, HELLO)  # Retry-After 30: too long to wait in place
    status, body = await healthz(slack.client)
    after = await metrics(slack.client)

    assert status == 200 and body["platforms"]["slack"]["status"] == "ok"
    moved = value(after, "kmbot_rate_limited_total", platform="slack") - value(
        before, "kmbot_rate_limited_total", platform="slack"
    )
    assert moved == 1


async def test_oauth_a_workspace_that_refuses_its_token_is_degraded_not_down(
    core: Core, engine: AsyncEngine
) -> None:
    oauth = {"client_id": "111.222", "client_secret": "oauth-secret"}
    async for running in kmbot_on_slack(core, engine, **oauth):
        store = AsyncSQLAlchemyInstallationStore(client_id="111.222", engine=engine)
        for team, token in ((TEAM, "xoxb-acme"), ("T-gone", "xoxb-gone")):
            await store.async_save(installation(team, token))
        running.fake.valid_tokens = {"xoxb-acme"}  # T-gone revoked kmbot's token
        platform = running.core.platforms["slack"]

        await platform.send(ANA, HELLO)
        with pytest.raises(PermanentDeliveryError):
            await platform.send(MemberAddress("slack", "T-gone", "U-bo"), HELLO)
        status, body = await healthz(running.client)

    assert status == 200 and body["status"] == "degraded"
    report = body["platforms"]["slack"]
    assert report["status"] == "degraded" and report["start_check"] == "skipped"
    assert report["refused_workspaces"] == {"T-gone": "invalid_auth"}


def installation(team: str, token: str) -> Installation:
    return Installation(
        app_id="A-kmbot",
        enterprise_id=None,
        team_id=team,
        user_id="U-installer",
        bot_token=token,
        bot_id="BBOT",
        bot_user_id="UBOT",
        bot_scopes="chat:write",
    )
