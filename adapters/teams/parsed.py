"""A Teams activity as kmbot reads it: `Parsed`, `Malformed`, and the ids kmbot derives
(pure: nothing here does I/O)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from botbuilder.schema import Activity, ChannelAccount

from bot.chat import InboundEvent, MemberAddress

PLATFORM = "teams"
MAX_ID = 128  # the columns kmbot keeps tenant and user ids in


class Malformed(ValueError):
    """The activity lacks what every Teams activity has (tenant, sender, conversation)."""


def object_of(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def text_of(value: object) -> str:
    return value if isinstance(value, str) else ""


def is_plain(text: str) -> bool:
    """Printable ASCII: what Teams ids are made of (and what goes into the connector's URLs)."""
    return text.isascii() and text.isprintable()


@dataclass(frozen=True)
class Parsed:
    """One activity: its neutral events plus what the adapter itself must remember or do."""

    tenant: str
    events: list[InboundEvent] = field(default_factory=list)
    personal: bool = False
    user: str = ""  # the sender as kmbot knows them (AAD object id, else the Teams id)
    teams_ids: dict[str, str] = field(default_factory=dict)  # kmbot user -> Teams 29: id
    team_id: str = ""
    team_name: str = ""
    channel_id: str = ""
    team_added: bool = False
    team_removed: bool = False
    invoke: bool = False
    locale: str = ""  # the sender's Teams language: the activity's, else its clientInfo's


def user_of(account: ChannelAccount) -> str:
    """kmbot's user id for a Teams account: the AAD object id, stable across teams."""
    return account.aad_object_id or account.id


def event_id(activity: Activity, index: int = 0) -> str:
    """Teams activity ids are unique per conversation only, so the conversation is mixed in."""
    conversation = hashlib.sha256(activity.conversation.id.encode()).hexdigest()[:16]
    return f"{activity.id[:150]}@{conversation}" + (f"#{index}" if index else "")


def member_of(parsed: Parsed, user: str) -> MemberAddress:
    return MemberAddress(PLATFORM, parsed.tenant, user)
