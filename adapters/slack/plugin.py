"""The Slack PlatformPlugin: joins kmbot's server when Slack credentials are set."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from adapters.slack.app import SlackAdapter, build_adapter
from adapters.slack.clients import observed
from adapters.slack.settings import SlackSettings
from bot.chat import ChatPlatform
from bot.core import Core, PluginResources
from bot.secrets.box import SecretBox
from bot.settings import SettingsError

log = logging.getLogger(__name__)

NO_KEY_WARNING = (
    "KMBOT_SECRET_KEY is not set: Slack installation tokens are stored unencrypted "
    "(development only; docs/operations.md says how to make a key)"
)


class SlackPlugin:
    """Single workspace (bot token) or distributed app (OAuth), from the environment."""

    name = "slack"

    def __init__(self, settings: SlackSettings | None = None) -> None:
        self.settings = settings or SlackSettings.from_env()

    def configured(self) -> bool:
        """True with a complete set of credentials; SettingsError naming what is missing
        when only some are set (Slack would otherwise be silently left out)."""
        problems = self.settings.problems()
        if problems:
            raise SettingsError("invalid Slack settings: " + "; ".join(problems))
        return bool(self.settings.mode)

    def install(self, app: web.Application, core: Core, resources: PluginResources) -> ChatPlatform:
        """Mount Slack's routes on `app`; OAuth mode keeps installations on `resources.engine`.

        Bolt's own Web API calls (views, ephemeral replies) feed the platform's health too,
        and a start-up hook checks the bot token before the server takes requests.
        """
        box = SecretBox.from_setting(resources.settings.secret_key)
        if box is None and self.settings.mode == "oauth":
            log.warning(NO_KEY_WARNING)
        adapter = build_adapter(self.settings, core, engine=resources.engine, box=box)
        adapter.mount(app)
        observed(adapter.bolt.client, adapter.platform.tracker)
        app.on_startup.append(start_check(adapter))
        return adapter.platform


def start_check(adapter: SlackAdapter) -> Callable[[web.Application], Awaitable[None]]:
    """The start-up credentials check: `auth.test` with the bot token (single workspace).

    In OAuth mode each workspace has its own token, checked on that workspace's first call
    (a refusal marks only that workspace); there is no single token to test at start.
    """

    async def check(app: web.Application) -> None:
        platform = adapter.platform
        if adapter.settings.mode == "oauth":
            platform.tracker.skipped("OAuth: each workspace's token is checked on its first call")
            return
        if await platform.check_credentials() is None:
            log.error("Slack: the start-up check failed: %s", platform.health().start_detail)
        else:
            log.info("Slack: %s", platform.health().start_detail)

    return check
