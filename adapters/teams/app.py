"""The Teams plugin: `POST /api/messages` on kmbot's aiohttp server, and the Teams platform."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from jwt import PyJWTError

from adapters.teams.auth import KmbotAuthentication, fetch_connector_token
from adapters.teams.body_check import activity_refusal
from adapters.teams.bot import KmbotTeamsBot
from adapters.teams.limits import Pacer, Sleep
from adapters.teams.platform import TeamsPlatform
from adapters.teams.settings import TeamsSettings
from bot.core import Core, PluginResources
from bot.secrets.redact import redact_value
from bot.settings import SettingsError

log = logging.getLogger(__name__)

EMULATOR_WARNING = (
    "\n" + "!" * 78 + "\n"
    "!! Teams EMULATOR MODE: MicrosoftAppId is not set, so /api/messages accepts\n"
    "!! UNAUTHENTICATED requests. Use this only on your own machine with the Bot\n"
    "!! Framework Emulator. Set MicrosoftAppId/MicrosoftAppPassword for real Teams.\n" + "!" * 78
)

TEAMS_PLATFORM_KEY = web.AppKey("teams_platform", TeamsPlatform)
START_CHECK_SECONDS = 15.0


def build_adapter(settings: TeamsSettings) -> CloudAdapter:
    """The real CloudAdapter with ConfigurationBotFrameworkAuthentication from `settings`."""
    adapter = CloudAdapter(KmbotAuthentication(settings))

    async def on_error(context: TurnContext, error: Exception) -> None:
        # logged, answered with 201/200: Teams must not redeliver an activity that crashes
        log.exception("Teams turn failed for activity %s", context.activity.id, exc_info=error)

    adapter.on_turn_error = on_error
    return adapter


def messages_handler(adapter: CloudAdapter, bot: KmbotTeamsBot):  # type: ignore[no-untyped-def]
    """`POST /api/messages`: malformed bodies get a 400 here, before the SDK sees them."""

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            # As the SDK reads it: text, so a UTF-8 BOM is refused here rather than there.
            body = json.loads(await request.text())
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(body, dict) or not isinstance(body.get("type"), str):
            return web.json_response({"error": "not a Bot Framework activity"}, status=400)
        if reason := activity_refusal(body):
            log.warning("malformed Teams activity refused: %s", reason)
            return web.json_response({"error": "malformed activity"}, status=400)
        try:
            response = await adapter.process(request, bot)
        except (PyJWTError, PermissionError) as exc:  # a token that does not even parse
            log.warning("Teams request refused: %s", exc)
            raise web.HTTPUnauthorized() from None
        return response if response is not None else web.Response(status=201)

    return messages


def install_teams(
    app: web.Application,
    core: Core,
    settings: TeamsSettings,
    *,
    sleep: Sleep = asyncio.sleep,
    monotonic: object = time.monotonic,
    env: str = "development",
) -> TeamsPlatform:
    """Add Teams to `app` and return its platform; refuse emulator mode in production."""
    problems = settings.problems()
    if problems:
        raise SettingsError("invalid Teams settings: " + "; ".join(problems))
    if settings.emulator_mode:
        if env == "production":
            raise SettingsError(
                "Teams emulator mode (no MicrosoftAppId) is refused when "
                "KMBOT_ENV=production: set MicrosoftAppId and its password"
            )
        log.warning(EMULATOR_WARNING)
    redact_value(settings.app_password)
    adapter = build_adapter(settings)
    pacer = Pacer(settings.conversation_rate, settings.tenant_rate, sleep, monotonic)  # type: ignore[arg-type]
    platform = TeamsPlatform(adapter, core.platform_state, settings.app_id, pacer)
    bot = KmbotTeamsBot(core, platform)
    app.router.add_post("/api/messages", messages_handler(adapter, bot))
    app[TEAMS_PLATFORM_KEY] = platform
    if settings.emulator_mode:
        platform.tracker.skipped("emulator mode: no credentials to check")
    else:
        app.on_startup.append(start_check(adapter, platform, settings.app_id))
    return platform


def start_check(
    adapter: CloudAdapter, platform: TeamsPlatform, app_id: str
) -> Callable[[web.Application], Awaitable[None]]:
    """The start-up credentials check: a Bot Connector token from AAD for the app id."""

    async def check(app: web.Application) -> None:
        authentication = adapter.bot_framework_authentication
        try:
            await asyncio.wait_for(
                fetch_connector_token(authentication, app_id), START_CHECK_SECONDS
            )
        except TimeoutError:
            detail = f"no connector token within {START_CHECK_SECONDS:g} s"
        except Exception as exc:  # MSAL and requests errors: wrong password, AAD unreachable
            detail = f"no connector token: {exc!r}"[:300]
        else:
            platform.tracker.checked(True, "connector token issued")
            log.info("Teams: connector token issued for app %s", app_id)
            return
        platform.tracker.checked(False, detail)
        log.error("Teams: the start-up check failed: %s", detail)

    return check


class TeamsPlugin:
    """The PlatformPlugin kmbot's composition root installs."""

    name = "teams"

    def __init__(self, settings: TeamsSettings | None = None) -> None:
        self._settings = settings

    @property
    def settings(self) -> TeamsSettings:
        if self._settings is None:
            self._settings = TeamsSettings()
        return self._settings

    def configured(self) -> bool:
        """True with an app id (or emulator mode asked for); SettingsError naming what is
        missing when a password or tenant is set without an app id."""
        if self.settings.enabled():
            return True
        problems = self.settings.problems()
        if problems:
            raise SettingsError("invalid Teams settings: " + "; ".join(problems))
        return False

    def install(
        self, app: web.Application, core: Core, resources: PluginResources
    ) -> TeamsPlatform:
        """Add Teams to `app`; `KMBOT_ENV` comes from the server's settings."""
        return install_teams(app, core, self.settings, env=resources.settings.env)
