"""The app manifest asks for exactly what the adapter uses."""

from __future__ import annotations

from pathlib import Path

import adapters.slack
from adapters.slack.app import BOT_SCOPES
from adapters.slack.settings import SlackSettings

MANIFEST = Path(adapters.slack.__file__).parent / "manifest.yml"


def listed_under(key: str) -> list[str]:
    """The `- item` lines of a YAML list under `key:` (the manifest is plain YAML)."""
    lines = MANIFEST.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    items = []
    for line in lines[start + 1 :]:
        if not line.strip().startswith("- "):
            break
        items.append(line.strip()[2:])
    return items


def test_scopes_events_and_command() -> None:
    assert listed_under("bot") == sorted(BOT_SCOPES)
    assert set(listed_under("bot_events")) == {
        "app_home_opened",
        "app_uninstalled",
        "member_joined_channel",
        "member_left_channel",
        "message.im",
        "team_join",
        "tokens_revoked",
        "user_change",
    }
    text = MANIFEST.read_text()
    assert f"- command: {SlackSettings().command}" in text
    assert text.count("/slack/events") == 3 and "/slack/oauth_redirect" in text
