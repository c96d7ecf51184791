"""The Teams test rig: the real CloudAdapter in emulator mode in the real aiohttp server,
its outbound calls landing on a local fake Bot Connector service."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.teams.app import install_teams
from adapters.teams.platform import TeamsPlatform
from adapters.teams.settings import TeamsSettings
from bot.bootstrap import build_web_app
from bot.core import Core
from tests.fakes import FakeTime
from tests.teams.fake_connector import FakeConnector

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "teams"
if not FIXTURES.is_dir():  # the repository may be checked out elsewhere
    FIXTURES = Path("/work/shared/fixtures/teams")


def fixture(name: str) -> dict[str, Any]:
    """A Teams payload from ../shared/fixtures/teams/ (see SOURCES.md there)."""
    return json.loads((FIXTURES / name).read_text())


@dataclass
class TeamsRig:
    """The kmbot server with Teams installed, and the fake connector it talks to."""

    core: Core
    client: TestClient[Any, Any]
    connector: FakeConnector
    connector_url: str
    platform: TeamsPlatform
    time: FakeTime

    async def post(self, activity: dict[str, Any], **headers: str) -> tuple[int, Any]:
        """POST an activity to /api/messages, its serviceUrl pointed at the fake connector."""
        body = copy.deepcopy(activity)
        body["serviceUrl"] = self.connector_url
        response = await self.client.post("/api/messages", json=body, headers=headers)
        text = await response.text()
        return response.status, (json.loads(text) if text.strip().startswith("{") else text)


async def start_rig(
    core: Core,
    engine: AsyncEngine | None = None,
    settings: TeamsSettings | None = None,
) -> AsyncIterator[TeamsRig]:
    """Start the fake connector and the kmbot web app with Teams in it."""
    connector = FakeConnector()
    connector_server = TestServer(connector.app())
    await connector_server.start_server()
    time = FakeTime()
    app = build_web_app(engine, core)  # type: ignore[arg-type]
    platform = install_teams(
        app,
        core,
        settings or TeamsSettings(emulator=True),
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    core.platforms["teams"] = platform
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield TeamsRig(core, client, connector, str(connector_server.make_url("/")), platform, time)
    finally:
        await client.close()
        await connector_server.close()
