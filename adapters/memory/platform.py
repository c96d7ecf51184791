"""An in-memory chat platform that keeps a transcript: the demo's and the tests' Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import count

from bot.chat import (
    Address,
    ConversationAddress,
    DeliveryError,
    MemberAddress,
    MessageRef,
    OutgoingMessage,
)
from bot.clock import Clock


@dataclass(frozen=True)
class Sent:
    """One message as the platform saw it."""

    at: datetime
    to: Address
    message: OutgoingMessage
    ref: MessageRef


@dataclass
class InMemoryPlatform:
    """Implements the ChatPlatform port; failures can be scripted per recipient."""

    clock: Clock
    name: str = "memory"
    transcript: list[Sent] = field(default_factory=list)
    updates: list[tuple[MessageRef, OutgoingMessage]] = field(default_factory=list)
    failures: dict[str, list[DeliveryError]] = field(default_factory=dict)
    _ids: count[int] = field(default_factory=lambda: count(1))

    def fail_next(self, recipient: str, *errors: DeliveryError) -> None:
        """Make the next sends to `recipient` (user or channel id) raise `errors` in order."""
        self.failures.setdefault(recipient, []).extend(errors)

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        recipient = to.user if isinstance(to, MemberAddress) else to.id
        pending = self.failures.get(recipient)
        if pending:
            raise pending.pop(0)
        conversation = f"D-{recipient}" if isinstance(to, MemberAddress) else to.id
        ref = MessageRef(conversation, str(next(self._ids)))
        self.transcript.append(Sent(self.clock.now(), to, message, ref))
        return ref

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self.updates.append((ref, message))

    def sent_to(self, user: str) -> list[Sent]:
        return [s for s in self.transcript if isinstance(s.to, MemberAddress) and s.to.user == user]

    def posted_in(self, channel: str) -> list[Sent]:
        return [
            s
            for s in self.transcript
            if isinstance(s.to, ConversationAddress) and s.to.id == channel
        ]
