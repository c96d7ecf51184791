"""Slack's tokens are sealed in the database, re-sealed by rotation, and never logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.installations import SealedInstallationStore
from adapters.slack.plugin import SlackPlugin
from adapters.slack.settings import SlackSettings
from bot.chat import MemberAddress, OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core, PluginResources
from bot.secrets.box import SecretBox, SecretKeyError
from bot.secrets.redact import redact_value
from bot.settings import configure_logging, load_settings
from tests.slack.harness import TEAM, SlackWorld, slack_world
from tests.slack.signing import SECRET

KEY = Fernet.generate_key().decode()
TOKENS = ("xoxe.xoxb-1-bot", "xoxe-1-bot-refresh", "xoxe.xoxp-1-user", "xoxe-1-user-refresh")


def installation(tokens: tuple[str, ...] = TOKENS) -> Installation:
    bot, bot_refresh, user, user_refresh = tokens
    return Installation(
        app_id="A-kmbot",
        enterprise_id=None,
        team_id=TEAM,
        user_id="U-installer",
        bot_token=bot,
        bot_id="BBOT",
        bot_user_id="UBOT",
        bot_scopes="chat:write",
        bot_refresh_token=bot_refresh,
        bot_token_expires_in=43200,
        user_token=user,
        user_refresh_token=user_refresh,
        user_token_expires_in=43200,
        incoming_webhook_url="https://hooks.slack.com/services/T/B/webhook-secret",
    )


async def stored_rows(engine: AsyncEngine) -> str:
    """Every column of slack_sdk's two tables, as text."""
    async with engine.connect() as connection:
        rows = [
            *(await connection.execute(text("SELECT * FROM slack_installations"))).all(),
            *(await connection.execute(text("SELECT * FROM slack_bots"))).all(),
        ]
    assert rows
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


async def test_tokens_are_sealed_in_the_database_and_read_back_in_clear(
    engine: AsyncEngine,
) -> None:
    store = SealedInstallationStore("111.222", engine, SecretBox([KEY]))
    await store.async_save(installation())

    stored = await stored_rows(engine)
    for secret in (*TOKENS, "webhook-secret"):
        assert secret not in stored
    assert stored.count("fernet:") == 5 + 2  # the installation's five, the bot's two

    bot = await store.async_find_bot(enterprise_id=None, team_id=TEAM)
    found = await store.async_find_installation(
        enterprise_id=None, team_id=TEAM, user_id="U-installer"
    )
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == TOKENS[:2]
    assert found is not None
    assert (found.user_token, found.user_refresh_token) == TOKENS[2:]
    assert found.incoming_webhook_url == "https://hooks.slack.com/services/T/B/webhook-secret"


async def test_rotation_re_seals_every_secret_with_the_first_key(engine: AsyncEngine) -> None:
    old = SealedInstallationStore("111.222", engine, SecretBox([KEY]))
    await old.async_save(installation())
    before = await stored_rows(engine)
    new_key = Fernet.generate_key().decode()

    both = SealedInstallationStore("111.222", engine, SecretBox([new_key, KEY]))
    assert await both.reseal_all() == 7

    assert await stored_rows(engine) != before
    new_only = SealedInstallationStore("111.222", engine, SecretBox([new_key]))
    bot = await new_only.async_find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None and bot.bot_token == TOKENS[0]
    with pytest.raises(SecretKeyError, match="cannot be decrypted"):
        await old.async_find_bot(enterprise_id=None, team_id=TEAM)


async def test_rotation_seals_tokens_stored_before_a_key_was_set(engine: AsyncEngine) -> None:
    await SealedInstallationStore("111.222", engine, None).async_save(installation())
    assert TOKENS[0] in await stored_rows(engine)  # development without a key: in clear

    sealed = SealedInstallationStore("111.222", engine, SecretBox([KEY]))
    assert await sealed.reseal_all() == 7

    stored = await stored_rows(engine)
    assert not any(token in stored for token in TOKENS)
    bot = await sealed.async_find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None and bot.bot_token == TOKENS[0]


@pytest.fixture
def debug_logging() -> Iterator[None]:
    names = ("", "apscheduler", "alembic.runtime.migration")
    levels = {name: logging.getLogger(name).level for name in names}
    configure_logging("DEBUG")
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    configure_logging("WARNING")


async def install(world: SlackWorld) -> None:
    """A browser through /slack/install and Slack's redirect back with a code."""
    base = world.sender.url.removesuffix("/slack/events")
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{base}/slack/install", allow_redirects=False) as page:
            found = re.search(r"state=([\w-]+)", await page.text())
            cookie = page.headers["Set-Cookie"].split(";")[0]  # Secure: a browser on https
        assert found is not None
        redirect = f"{base}/slack/oauth_redirect?code=the-code-123&state={found.group(1)}"
        async with browser.get(redirect, headers={"Cookie": cookie}) as done:
            assert done.status == 200, await done.text()
    await world.settle()


@pytest.mark.usefixtures("debug_logging")
async def test_no_token_or_secret_reaches_a_log_line_across_install_send_and_refresh(
    core: Core, clock: FakeClock, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    redact_value(KEY)  # what the composition root does with KMBOT_SECRET_KEY's keys
    caplog.set_level(logging.DEBUG)
    async for world in slack_world(core, clock, oauth=True, engine=engine, box=SecretBox([KEY])):
        world.fake.install_expires_in = 60  # expiring: the first send refreshes it
        world.fake.valid_tokens = set()
        await install(world)
        await world.adapter.platform.send(
            MemberAddress("slack", TEAM, "U1"), OutgoingMessage(text="hello")
        )

        refreshes = [c for c in world.fake.called("oauth.v2.access") if "refresh_token" in c.args]
        posts = world.fake.called("chat.postMessage")
        assert len(refreshes) == 1 and posts[-1].token.startswith("xoxe.xoxb-rotated-")
        issued = {c.token for c in world.fake.calls} | set(world.fake.refresh_tokens)
        issued |= {"xoxe-1-bot-refresh-0", "xoxe-1-user-refresh-0", "xoxe.xoxp-1-installer-0"}
        stored = await stored_rows(engine)

    logged = caplog.text
    assert "oauth.v2.access" in logged and "(redacted)" in logged  # the calls were logged
    for secret in (*issued, "the-code-123", "webhook-secret", "oauth-secret", SECRET, KEY):
        assert secret not in logged, secret
    for token in issued:
        assert token not in stored, token


async def test_development_without_a_key_warns_and_a_key_seals_what_the_plugin_stores(
    core: Core, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = SlackSettings(
        signing_secret=SECRET, client_id="111.222", client_secret="oauth-secret"
    )
    caplog.set_level(logging.WARNING)
    SlackPlugin(settings).install(web.Application(), core, PluginResources(engine, load_settings()))
    assert "KMBOT_SECRET_KEY is not set: Slack installation tokens are stored unencrypted" in (
        caplog.text
    )

    caplog.clear()
    keyed = PluginResources(engine, load_settings(secret_key=KEY))
    app = web.Application()
    SlackPlugin(settings).install(app, core, keyed)

    assert "KMBOT_SECRET_KEY" not in caplog.text
