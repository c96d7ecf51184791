"""`kmbot secrets rotate`: re-encrypt every stored secret with KMBOT_SECRET_KEY's first key."""

from __future__ import annotations

import argparse

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.installations import SealedInstallationStore
from bot.secrets.box import GENERATE, SecretBox
from bot.settings import Settings, SettingsError


def add_secrets_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    secrets = commands.add_parser("secrets", help="stored secrets (Slack tokens)")
    actions = secrets.add_subparsers(dest="secrets_action", required=True)
    actions.add_parser(
        "rotate",
        help="re-encrypt every stored secret with the first key of KMBOT_SECRET_KEY "
        "(put a new key first, rotate, then remove the old one)",
    )


async def rotate_secrets(engine: AsyncEngine, settings: Settings) -> str:
    """Re-seal Slack's stored tokens with the first key; what was done, in one line."""
    box = SecretBox.from_setting(settings.secret_key)
    if box is None:
        raise SettingsError(
            f"KMBOT_SECRET_KEY is not set: there is no key to encrypt with (make one: {GENERATE})"
        )
    count = await SealedInstallationStore("", engine, box).reseal_all()
    others = len(box.keys) - 1
    after = f"; the other {others} key(s) can now be removed" if others else ""
    return f"re-encrypted {count} stored secret(s) with the first key{after}"
