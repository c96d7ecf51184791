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
    PlatformHealth,
    RateLimited,
    TransientDeliveryError,
)
from bot.clock import Clock
from bot.health.tracker import CallTracker


@dataclass(frozen=True)
class Sent:
    """One message as the platform saw it."""

    at: datetime
    to: Address
    message: OutgoingMessage
    ref: MessageRef


@dataclass
class InMemoryPlatform:
    """Implements the ChatPlatform port; failures can be scripted per recipient.

    Its health is true to its calls: a scripted transient failure (other than a 429) is an
    unreachable platform, anything else is the platform answering.
    """

    clock: Clock
    name: str = "memory"
    transcript: list[Sent] = field(default_factory=list)
    updates: list[tuple[MessageRef, OutgoingMessage]] = field(default_factory=list)
    deletions: list[MessageRef] = field(default_factory=list)
    failures: dict[str, list[DeliveryError]] = field(default_factory=dict)
    _ids: count[int] = field(default_factory=lambda: count(1))
    _tracker: CallTracker = field(init=False)

    def __post_init__(self) -> None:
        self._tracker = CallTracker(now=self.clock.now)
        self._tracker.skipped("in memory: no credentials")

    def health(self) -> PlatformHealth:
        return self._tracker.snapshot()

    def fail_next(self, recipient: str, *errors: DeliveryError) -> None:
        """Make the next sends to `recipient` (user or channel id) raise `errors` in order."""
        self.failures.setdefault(recipient, []).extend(errors)

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        recipient = to.user if isinstance(to, MemberAddress) else to.id
        pending = self.failures.get(recipient)
        if pending:
            error = pending.pop(0)
            if isinstance(error, TransientDeliveryError) and not isinstance(error, RateLimited):
                self._tracker.failed(error.reason)
            else:
                self._tracker.succeeded()
            raise error
        self._tracker.succeeded()
        conversation = f"D-{recipient}" if isinstance(to, MemberAddress) else to.id
        ref = MessageRef(conversation, str(next(self._ids)))
        self.transcript.append(Sent(self.clock.now(), to, message, ref))
        return ref

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self._tracker.succeeded()
        self.updates.append((ref, message))

    async def delete(self, ref: MessageRef) -> None:
        self._tracker.succeeded()
        self.deletions.append(ref)

    def sent_to(self, user: str) -> list[Sent]:
        return [s for s in self.transcript if isinstance(s.to, MemberAddress) and s.to.user == user]

    def posted_in(self, channel: str) -> list[Sent]:
        """The channel's own posts, as it shows them (replies stay in their threads)."""
        return [
            s
            for s in self.transcript
            if isinstance(s.to, ConversationAddress) and s.to.id == channel and not s.to.thread
        ]

    def thread_of(self, ref: MessageRef) -> list[Sent]:
        """The replies in the thread of the message sent as `ref`."""
        return [
            s
            for s in self.transcript
            if isinstance(s.to, ConversationAddress)
            and s.to.id == ref.conversation
            and s.to.thread == ref.message_id
        ]
