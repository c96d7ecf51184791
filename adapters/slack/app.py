"""The bolt AsyncApp inside kmbot's aiohttp server: POST /slack/events and the OAuth routes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.body_check import request_refusal
from adapters.slack.clients import (
    InstalledTokens,
    SharedSession,
    StaticToken,
    TokenSource,
    make_client,
)
from adapters.slack.inbox import BoltReplay, event_id_of
from adapters.slack.installations import SealedInstallationStore
from adapters.slack.listeners import SlackListeners
from adapters.slack.pacing import ConversationPacer
from adapters.slack.platform import SlackPlatform
from adapters.slack.settings import SlackSettings
from adapters.slack.sync import DirectoryReport, sync_directory
from bot.core import Core
from bot.inbox.workers import Inbox
from bot.secrets.box import SecretBox
from bot.secrets.redact import redact_value

log = logging.getLogger(__name__)

BOT_SCOPES = (
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:read",
    "im:history",
    "im:write",
    "users:read",
    "users:read.email",
)
EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass
class SlackAdapter:
    """Everything the Slack side of kmbot is made of, wired for one core."""

    settings: SlackSettings
    core: Core
    bolt: AsyncApp
    platform: SlackPlatform
    listeners: SlackListeners
    inbox: Inbox
    http: SharedSession
    installations: AsyncSQLAlchemyInstallationStore | None = None

    def mount(self, app: web.Application) -> None:
        """Add the Slack routes (and the start-up directory sync) to kmbot's web app."""
        app.router.add_post(EVENTS_PATH, self.handle_events)
        if self.bolt.oauth_flow is not None:
            app.router.add_get(INSTALL_PATH, self.handle_oauth)
            app.router.add_get(REDIRECT_PATH, self.handle_oauth)
        elif self.settings.sync_on_start:
            app.on_startup.append(self._sync_on_start)
        app.on_startup.append(self._start_inbox)
        app.on_cleanup.append(self._drain)

    async def handle_events(self, request: web.Request) -> web.Response:
        """Events, the slash command and interactivity: verified, then dispatched to bolt."""
        raw = await request.read()
        if not self._signed(raw, request):
            log.warning("Slack request with a bad or stale signature refused")
            return web.json_response({"error": "invalid request"}, status=401)
        if reason := request_refusal(raw, request.headers.get("Content-Type")):
            log.warning("malformed Slack request refused: %s", reason)
            return web.json_response({"error": "malformed request"}, status=400)
        if event_id := event_id_of(raw, request.headers.get("Content-Type")):
            return await self._store(event_id, raw)
        try:
            bolt_request = await to_bolt_request(request)
            response = await self.bolt.async_dispatch(bolt_request)
        except Exception:
            log.exception("malformed Slack request refused")
            return web.json_response({"error": "malformed request"}, status=400)
        if response.status == 404:  # a payload type no listener knows
            log.warning("unhandled Slack request refused: %s", bolt_request.body.get("type"))
            return web.json_response({"error": "unhandled request"}, status=400)
        return await to_aiohttp_response(response)

    async def _store(self, event_id: str, raw: bytes) -> web.Response:
        """An Events API callback: stored for the inbox's workers, then answered."""
        try:
            await self.inbox.accept(event_id, raw.decode())
        except Exception:  # not stored, so not answered: Slack sends it again
            log.exception("Slack event %s could not be stored", event_id)
            return web.json_response({"error": "try again"}, status=503)
        return web.Response(status=200)

    def _signed(self, raw: bytes, request: web.Request) -> bool:
        verifier = SignatureVerifier(self.settings.signing_secret)
        try:
            return verifier.is_valid_request(raw, dict(request.headers))
        except ValueError:  # a timestamp that is not a number
            return False

    async def handle_oauth(self, request: web.Request) -> web.Response:
        flow = self.bolt.oauth_flow
        assert flow is not None
        bolt_request = await to_bolt_request(request)
        if request.path == INSTALL_PATH:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    async def sync(self, team: str) -> DirectoryReport:
        """Re-read one workspace's directory now."""
        client = await self.platform.client(team)
        return await sync_directory(self.core, client, team, self.settings.include_guests)

    async def _sync_on_start(self, app: web.Application) -> None:
        async def run() -> None:
            client = make_client(self.settings, self.settings.bot_token, self.http)
            team = str((await client.auth_test())["team_id"])
            log.info("Slack: %s", (await self.sync(team)).text())

        self.listeners.spawn(run())

    async def _start_inbox(self, app: web.Application) -> None:
        self.inbox.start()

    async def _drain(self, app: web.Application) -> None:
        await self.inbox.stop()
        await self.listeners.stop()
        await self.http.close()

    async def settle(self) -> None:
        """Return once every stored event and what it started is done (tests)."""
        await self.inbox.idle()
        await self.listeners.idle()


def build_adapter(
    settings: SlackSettings,
    core: Core,
    *,
    engine: AsyncEngine | None = None,
    pacer: ConversationPacer | None = None,
    box: SecretBox | None = None,
) -> SlackAdapter:
    """The bolt app, listeners and platform for single-workspace or OAuth mode.

    OAuth mode needs `engine`: slack_sdk keeps its installations and OAuth states there,
    their tokens sealed by `box` (KMBOT_SECRET_KEY). Slack's credentials never reach a log.
    """
    redact_value(settings.signing_secret, settings.client_secret, settings.bot_token)
    pacer = pacer or ConversationPacer(settings.seconds_per_message)
    http = SharedSession()
    tokens: TokenSource
    store = None
    if settings.mode == "oauth":
        if engine is None:
            raise ValueError("Slack OAuth mode needs the engine for its installation store")
        store = SealedInstallationStore(settings.client_id, engine, box)
        tokens = InstalledTokens(store, settings, make_client(settings, http=http))
        bolt = AsyncApp(
            name="kmbot",
            signing_secret=settings.signing_secret,
            client=make_client(settings, http=http),
            installation_store_bot_only=True,
            oauth_settings=_oauth_settings(settings, store, engine),
            process_before_response=True,  # each listener says when it acks (listeners.py)
            request_verification_enabled=False,  # handle_events verifies every request first
        )
        bolt.event("tokens_revoked")(bolt.default_tokens_revoked_event_listener())
    else:
        tokens = StaticToken(settings.bot_token)
        bolt = AsyncApp(
            name="kmbot",
            signing_secret=settings.signing_secret,
            client=make_client(settings, settings.bot_token, http),
            process_before_response=True,  # each listener says when it acks (listeners.py)
            request_verification_enabled=False,  # handle_events verifies every request first
        )
    platform = SlackPlatform(tokens, lambda token: make_client(settings, token, http), pacer)
    listeners = SlackListeners(
        core, settings, _forget_installation(store, tokens) if store else None
    )
    inbox = Inbox(core.sessions, core.clock, "slack", BoltReplay(bolt))
    adapter = SlackAdapter(settings, core, bolt, platform, listeners, inbox, http, store)
    listeners.register(bolt)
    if bolt.oauth_flow is not None:
        bolt.oauth_flow.success_handler = _callbacks(adapter).success
    return adapter


def _oauth_settings(
    settings: SlackSettings, store: AsyncSQLAlchemyInstallationStore, engine: AsyncEngine
) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        token_rotation_expiration_minutes=settings.token_refresh_minutes,
    )


def _callbacks(adapter: SlackAdapter) -> AsyncCallbackOptions:
    """After a successful install, sync that workspace's directory in the background."""

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        team = args.installation.team_id
        if team:
            adapter.listeners.spawn(adapter.sync(team))
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        return await args.default.failure(args)

    return AsyncCallbackOptions(success=success, failure=failure)


def _forget_installation(store: AsyncSQLAlchemyInstallationStore, tokens: TokenSource) -> Any:
    async def forget(team: str) -> None:
        await store.async_delete_all(enterprise_id=None, team_id=team)
        if isinstance(tokens, InstalledTokens):
            tokens.forget(team)

    return forget
