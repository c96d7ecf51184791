"""Teams' part of /healthz and /metrics: the start-up credentials check, every connector
call's outcome, 429s counted; the real CloudAdapter against the local fake connector."""

from __future__ import annotations

import pytest
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.teams.app import install_teams
from adapters.teams.settings import TeamsSettings
from bot.bootstrap import build_web_app
from bot.chat import ConversationAddress, DeliveryError, OutgoingMessage, TransientDeliveryError
from bot.core import Core
from tests.scrape import healthz, metrics, serve, value
from tests.teams.fake_connector import Failure
from tests.teams.harness import CHANNEL, TENANT, TeamsHarness
from tests.teams.rig import TeamsRig
from tests.test_serve import free_port

FEED = ConversationAddress("teams", TENANT, CHANNEL)
HELLO = OutgoingMessage(text="hello")


@pytest.fixture
async def installed(rig: TeamsRig) -> TeamsRig:
    await TeamsHarness(rig, rig.core.clock).install()  # type: ignore[arg-type]
    return rig


async def test_emulator_mode_has_nothing_to_check_and_is_healthy(installed: TeamsRig) -> None:
    await installed.platform.send(FEED, HELLO)

    status, body = await healthz(installed.client)

    assert status == 200 and body["status"] == "ok"
    report = body["platforms"]["teams"]
    assert report["status"] == "ok" and report["start_check"] == "skipped"
    assert report["start_detail"] == "emulator mode: no credentials to check"
    assert report["last_success"] is not None


async def test_a_connector_that_refuses_kmbots_token_is_503(installed: TeamsRig) -> None:
    installed.connector.fail_next(Failure(401))

    with pytest.raises(DeliveryError):
        await installed.platform.send(FEED, HELLO)
    status, body = await healthz(installed.client)

    assert status == 503
    assert body["problems"] == ["teams: credentials refused: Teams 401: E401 scripted failure"]

    await installed.platform.send(FEED, HELLO)  # a new token works again
    status, _ = await healthz(installed.client)
    assert status == 200


async def test_connector_calls_that_all_fail_are_503(installed: TeamsRig) -> None:
    installed.connector.fail_next(Failure(502), Failure(503), Failure(503), Failure(504))

    with pytest.raises(TransientDeliveryError):
        await installed.platform.send(FEED, HELLO)  # four attempts, all 5xx
    status, body = await healthz(installed.client)

    assert status == 503
    assert body["problems"] == ["teams: the last 4 calls failed: Teams 504: E504 scripted failure"]
    assert body["platforms"]["teams"]["status"] == "down"


async def test_429s_are_counted_and_leave_teams_healthy(installed: TeamsRig) -> None:
    before = await metrics(installed.client)
    installed.connector.fail_next(Failure(429, {"Retry-After": "2"}))

    await installed.platform.send(FEED, HELLO)  # retried in place after 2 s (fake time)
    status, _ = await healthz(installed.client)
    after = await metrics(installed.client)

    assert status == 200
    moved = value(after, "kmbot_rate_limited_total", platform="teams") - value(
        before, "kmbot_rate_limited_total", platform="teams"
    )
    assert moved == 1


async def test_no_connector_token_at_start_is_503(
    core: Core, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # AAD behind a proxy that is not there
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, closed)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    core.platforms.clear()
    app: web.Application = build_web_app(engine, core)
    settings = TeamsSettings(app_id="00000000-0000-0000-0000-00000000b07", app_password="pw")
    core.platforms["teams"] = install_teams(app, core, settings)

    async for client in serve(app):  # the start-up hook asks AAD for a connector token
        status, body = await healthz(client)

    assert status == 503
    report = body["platforms"]["teams"]
    assert report["status"] == "down" and report["start_check"] == "failed"
    assert report["start_detail"].startswith("no connector token: ")
    assert body["problems"][0].startswith("teams: start-up check failed: no connector token")
