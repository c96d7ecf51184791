"""Slack settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.settings import SettingsError

TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SlackSettings:
    """Credentials and knobs; `mode` says which way the app is installed."""

    signing_secret: str = ""
    bot_token: str = ""  # single workspace
    client_id: str = ""  # distributed app (OAuth)
    client_secret: str = ""
    api_url: str = ""  # KMBOT_SLACK_API_URL: Web API base URL override (tests, proxies)
    command: str = "/kmbot"
    include_guests: bool = False
    rate_limit_retries: int = 1  # inline retries by slack_sdk for short Retry-After waits
    max_inline_wait_seconds: int = 1  # longer waits pause the workspace in the database
    seconds_per_message: float = 1.0  # chat.postMessage pace per conversation
    sync_on_start: bool = True
    token_refresh_minutes: int = 120

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SlackSettings:
        """SLACK_* credentials plus KMBOT_SLACK_* options."""
        env = os.environ if env is None else env
        return cls(
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            bot_token=env.get("SLACK_BOT_TOKEN", ""),
            client_id=env.get("SLACK_CLIENT_ID", ""),
            client_secret=env.get("SLACK_CLIENT_SECRET", ""),
            api_url=env.get("KMBOT_SLACK_API_URL", ""),
            command=env.get("KMBOT_SLACK_COMMAND", "/kmbot"),
            include_guests=env.get("KMBOT_SLACK_INCLUDE_GUESTS", "").lower() in TRUE,
            rate_limit_retries=_whole_number(env, "KMBOT_SLACK_RATE_LIMIT_RETRIES", 1),
            sync_on_start=env.get("KMBOT_SLACK_SYNC_ON_START", "true").lower() in TRUE,
        )

    def problems(self) -> list[str]:
        """Credentials set only in part, naming the variable that is missing ([] when Slack is
        fully configured or not at all)."""
        given = [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", self.bot_token),
                ("SLACK_CLIENT_ID", self.client_id),
                ("SLACK_CLIENT_SECRET", self.client_secret),
            )
            if value
        ]
        found = []
        if self.client_id and not self.client_secret:
            found.append("SLACK_CLIENT_SECRET is required with SLACK_CLIENT_ID")
        if self.client_secret and not self.client_id:
            found.append("SLACK_CLIENT_ID is required with SLACK_CLIENT_SECRET")
        if given and not self.signing_secret:
            found.append(f"SLACK_SIGNING_SECRET is required with {' and '.join(given)}")
        if self.signing_secret and not given:
            found.append(
                "SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                "(a distributed app) is required with SLACK_SIGNING_SECRET"
            )
        return found

    @property
    def mode(self) -> str:
        """ "oauth", "single" or "" (not configured)."""
        if not self.signing_secret:
            return ""
        if self.client_id and self.client_secret:
            return "oauth"
        return "single" if self.bot_token else ""

    @property
    def base_url(self) -> str:
        """The Web API base URL, ending in a slash as slack_sdk expects."""
        url = self.api_url or "https://slack.com/api/"
        return url if url.endswith("/") else url + "/"

    def webhook_url(self, response_url: str) -> str:
        """A response_url, sent to the overridden API host when KMBOT_SLACK_API_URL is set."""
        if not self.api_url:
            return response_url
        origin = self.base_url.split("/api/")[0].rstrip("/")
        return response_url.replace("https://hooks.slack.com", origin + "/hooks", 1)


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "")
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(
            f"invalid setting {name}: expected a whole number, not {text!r}"
        ) from None
