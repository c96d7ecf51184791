"""Putting messages in the outbox: once per dedupe key, addressed to a member, a channel, a
sent message's thread, or an earlier message to update. The payload is encoded here and read
only by the dispatcher."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.db.bulk import JsonText, count_new_bulk
from bot.db.models import Delivery
from bot.outbox.codec import PayloadEncoder

UPDATE = "update"
DELETE = "delete"  # remove a message sent earlier (a withdrawn answer's feed post)


@dataclass(frozen=True)
class ToMember:
    """A member's direct chat with the bot."""

    workspace_id: int
    member_id: int


@dataclass(frozen=True)
class ToChannel:
    """A channel (a program's feed)."""

    workspace_id: int
    channel: str


@dataclass(frozen=True)
class ToMessage:
    """A message sent earlier, to be replaced (a prompt once it is answered or skipped)."""

    workspace_id: int
    conversation: str
    message_id: str


@dataclass(frozen=True)
class ToThread:
    """A reply in the thread of the message sent under `parent_key`: it waits until that one
    is sent (posted on its own if that one fails); its key extends `parent_key` by ':…'."""

    workspace_id: int
    channel: str
    parent_key: str


Recipient = ToMember | ToChannel | ToMessage | ToThread
WAITING = "waiting"  # a thread reply whose parent is not sent yet (record.py releases it)


@dataclass(frozen=True)
class Outgoing:
    """One message for the outbox; `key` makes enqueueing it twice a no-op."""

    key: str
    kind: str
    to: Recipient
    message: OutgoingMessage | JsonText  # JsonText: already encoded (templates.py)
    prompt_id: int | None = None
    not_before: datetime | None = None


async def enqueue_messages(
    session: AsyncSession, outgoing: Iterable[Outgoing], now: datetime
) -> int:
    """Add the messages whose keys are new; returns how many were added."""
    encoder = PayloadEncoder()
    rows = [
        _row(
            item,
            item.message if isinstance(item.message, JsonText) else encoder.encode(item.message),
            now,
        )
        for item in outgoing
    ]
    return await count_new_bulk(session, Delivery, rows)


async def enqueue_message(
    session: AsyncSession,
    key: str,
    kind: str,
    to: Recipient,
    message: OutgoingMessage,
    now: datetime,
    *,
    prompt_id: int | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Add one message unless its key is already in the outbox; True when it was added."""
    item = Outgoing(key, kind, to, message, prompt_id, not_before)
    return await enqueue_messages(session, [item], now) == 1


def _row(item: Outgoing, payload: dict[str, Any] | JsonText, now: datetime) -> dict[str, Any]:
    to = item.to
    if isinstance(to, ToMessage) != (item.kind in (UPDATE, DELETE)):
        raise ValueError(
            f"kind {item.kind!r} and recipient {to!r} disagree: updates go to a message"
        )
    if isinstance(to, ToThread) and not item.key.startswith(to.parent_key + ":"):
        raise ValueError(f"a thread reply's key extends its parent's: {item.key!r}")
    return {
        "dedupe_key": item.key,
        "kind": item.kind,
        "workspace_id": to.workspace_id,
        "member_id": to.member_id if isinstance(to, ToMember) else None,
        "channel": to.channel
        if isinstance(to, ToChannel | ToThread)
        else (to.conversation if isinstance(to, ToMessage) else None),
        "message_id": to.message_id if isinstance(to, ToMessage) else None,
        "prompt_id": item.prompt_id,
        "payload": payload,
        "status": WAITING if isinstance(to, ToThread) else "pending",
        "attempts": 0,
        "not_before": item.not_before or now,
        "created_at": now,
    }
