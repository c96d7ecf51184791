"""The app manifest asks for exactly what the adapter uses, in a form Slack accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

import adapters.slack
from adapters.slack.app import BOT_SCOPES
from adapters.slack.settings import SlackSettings

MANIFEST = Path(adapters.slack.__file__).parent / "manifest.yml"
SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "platforms"
if not SCHEMAS.is_dir():  # the repository may be checked out elsewhere
    SCHEMAS = Path("/work/shared/schemas/platforms")


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


def test_the_manifest_is_valid_against_slacks_own_schema() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    # slack-manifest.schema.json picks 1.0.0 for a manifest without `_metadata`
    schema = json.loads((SCHEMAS / "slack-manifest.schema.1.0.0.json").read_text())
    validator = jsonschema.Draft7Validator(schema)

    assert "_metadata" not in manifest
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(manifest)] == []
    wrong = {**manifest, "features": {**manifest["features"], "bot_user": {"name": "kmbot"}}}
    assert list(validator.iter_errors(wrong))  # the schema does refuse what Slack refuses
