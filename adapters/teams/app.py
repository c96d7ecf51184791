"""The Teams plugin: `POST /api/messages` on kmbot's aiohttp server, and the Teams platform."""

from __future__ import annotations

import asyncio
import json
import logging
import time

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from jwt import PyJWTError

from adapters.teams.auth import KmbotAuthentication
from adapters.teams.bot import KmbotTeamsBot
from adapters.teams.limits import Pacer, Sleep
from adapters.teams.platform import TeamsPlatform
from adapters.teams.settings import TeamsSettings
from bot.core import Core, PluginResources
from bot.settings import SettingsError

log = logging.getLogger(__name__)

EMULATOR_WARNING = (
    "\n" + "!" * 78 + "\n"
    "!! Teams EMULATOR MODE: MicrosoftAppId is not set, so /api/messages accepts\n"
    "!! UNAUTHENTICATED requests. Use this only on your own machine with the Bot\n"
    "!! Framework Emulator. Set MicrosoftAppId/MicrosoftAppPassword for real Teams.\n" + "!" * 78
)

TEAMS_PLATFORM_KEY = web.AppKey("teams_platform", TeamsPlatform)


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
            body = json.loads(await request.read())
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(body, dict) or not isinstance(body.get("type"), str):
            return web.json_response({"error": "not a Bot Framework activity"}, status=400)
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
    adapter = build_adapter(settings)
    pacer = Pacer(settings.conversation_rate, settings.tenant_rate, sleep, monotonic)  # type: ignore[arg-type]
    platform = TeamsPlatform(adapter, core.platform_state, settings.app_id, pacer)
    bot = KmbotTeamsBot(core, platform)
    app.router.add_post("/api/messages", messages_handler(adapter, bot))
    app[TEAMS_PLATFORM_KEY] = platform
    return platform


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
        return self.settings.enabled()

    def install(
        self, app: web.Application, core: Core, resources: PluginResources
    ) -> TeamsPlatform:
        """Add Teams to `app`; `KMBOT_ENV` comes from the server's settings."""
        return install_teams(app, core, self.settings, env=resources.settings.env)
