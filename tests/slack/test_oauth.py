"""Distributed-app mode: installations in kmbot's database, tokens rotated before sends."""

from __future__ import annotations

import asyncio
import time

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.plugin import SlackPlugin
from adapters.slack.settings import SlackSettings
from bot.chat import MemberAddress, OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core, PluginResources
from bot.settings import load_settings
from tests.slack.harness import TEAM, slack_world
from tests.slack.signing import SECRET


async def test_scheduled_sends_refresh_an_expiring_token_once(
    core: Core, clock: FakeClock, engine: AsyncEngine
) -> None:
    async for world in slack_world(core, clock, oauth=True, engine=engine):
        store = world.adapter.installations
        assert store is not None
        await store.async_save(
            Installation(
                app_id="A-kmbot",
                enterprise_id=None,
                team_id=TEAM,
                user_id="U-installer",
                bot_token="xoxe.xoxb-old",
                bot_id="BBOT",
                bot_user_id="UBOT",
                bot_scopes="chat:write",
                bot_refresh_token="xoxe-refresh-0",
                bot_token_expires_at=int(time.time()) + 60,
            )
        )
        world.fake.refresh_tokens = {"xoxe-refresh-0": "xoxe.xoxb-old"}
        world.fake.valid_tokens = set()  # the old token has (nearly) expired

        await asyncio.gather(
            *(
                world.adapter.platform.send(
                    MemberAddress("slack", TEAM, f"U{n}"), OutgoingMessage(text="hello")
                )
                for n in range(5)
            )
        )

        assert len(world.fake.called("oauth.v2.access")) == 1  # one refresh at a time
        posts = world.fake.called("chat.postMessage")
        assert len(posts) == 5 and {p.token for p in posts} == {"xoxe.xoxb-rotated-1"}
        saved = await store.async_find_bot(enterprise_id=None, team_id=TEAM)
        assert saved is not None and saved.bot_refresh_token == "xoxe-refresh-1"


async def test_the_install_page_issues_a_state_stored_in_our_database(
    core: Core, clock: FakeClock, engine: AsyncEngine
) -> None:
    async for world in slack_world(core, clock, oauth=True, engine=engine):
        url = world.sender.url.replace("/slack/events", "/slack/install")
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, allow_redirects=False) as response,
        ):
            page = await response.text()

        assert response.status in (200, 302)
        assert "client_id=111.222" in (page + response.headers.get("Location", ""))
        async with core.sessions() as session:
            assert await session.scalar(text("SELECT count(*) FROM slack_oauth_states")) == 1


async def test_the_plugin_keeps_oauth_state_on_the_engine_the_server_lends_it(
    core: Core, engine: AsyncEngine
) -> None:
    settings = SlackSettings(
        signing_secret=SECRET, client_id="111.222", client_secret="oauth-secret"
    )
    app = web.Application()
    SlackPlugin(settings).install(app, core, PluginResources(engine, load_settings()))

    async with TestClient(TestServer(app)) as client:
        response = await client.get("/slack/install", allow_redirects=False)

    assert response.status in (200, 302)
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM slack_oauth_states")) == 1
