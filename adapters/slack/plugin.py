"""The Slack PlatformPlugin: joins kmbot's server when Slack credentials are set."""

from __future__ import annotations

from aiohttp import web

from adapters.slack.app import build_adapter
from adapters.slack.settings import SlackSettings
from bot.chat import ChatPlatform
from bot.core import Core, PluginResources


class SlackPlugin:
    """Single workspace (bot token) or distributed app (OAuth), from the environment."""

    name = "slack"

    def __init__(self, settings: SlackSettings | None = None) -> None:
        self.settings = settings or SlackSettings.from_env()

    def configured(self) -> bool:
        return bool(self.settings.mode)

    def install(self, app: web.Application, core: Core, resources: PluginResources) -> ChatPlatform:
        """Mount Slack's routes on `app`; OAuth mode keeps installations on `resources.engine`."""
        adapter = build_adapter(self.settings, core, engine=resources.engine)
        adapter.mount(app)
        return adapter.platform
