"""Outbound pacing: Bot Framework's per-conversation and per-tenant ceilings, and retries."""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

RETRYABLE = frozenset({412, 429, 500, 502, 503, 504})

# Teams refuses a bot message past 100 KB, "the entire message payload encoded as UTF-16"
# (413 MessageSizeTooBig; MicrosoftDocs/msteams-docs bots/how-to/format-your-bot-messages.md).
MESSAGE_BYTES = 100 * 1024
# Kept free for the activity around a card or a text: ids, service URL, conversation,
# summary. A personal conversation id is a few hundred characters; this is generous.
ENVELOPE_BYTES = 8 * 1024
CONTENT_BYTES = MESSAGE_BYTES - ENVELOPE_BYTES


def utf16_size(payload: Any) -> int:
    """The bytes `payload` takes in UTF-16 as the SDK writes it on the wire (`json.dumps`,
    ASCII with `\\u` escapes: the largest form the 100 KB rule can be read to count)."""
    return len(json.dumps(payload)) * 2


class RateGate:
    """At most `rate` sends per second per key; a caller waits (never fails) for its slot.

    Slots are reserved before the wait, so concurrent senders on one event loop queue up
    fairly without a lock.
    """

    def __init__(self, rate: float, monotonic: Monotonic) -> None:
        self._burst = max(1, math.floor(rate))
        self._window = self._burst / rate
        self._monotonic = monotonic
        self._slots: dict[str, deque[float]] = {}

    def reserve(self, key: str) -> float:
        """Reserve the next slot for `key`; returns how many seconds to wait for it."""
        now = self._monotonic()
        slots = self._slots.setdefault(key, deque(maxlen=self._burst))
        at = now if len(slots) < self._burst else max(now, slots[0] + self._window)
        slots.append(at)
        return at - now


@dataclass
class Pacer:
    """The two ceilings together: per conversation and per tenant."""

    conversation_rate: float
    tenant_rate: float
    sleep: Sleep
    monotonic: Monotonic
    waited: list[float] = field(default_factory=list)  # every wait, for operators and tests

    def __post_init__(self) -> None:
        self._conversations = RateGate(self.conversation_rate, self.monotonic)
        self._tenants = RateGate(self.tenant_rate, self.monotonic)

    async def wait_turn(self, conversation: str, tenant: str) -> None:
        delay = max(self._conversations.reserve(conversation), self._tenants.reserve(tenant))
        if delay > 0:
            self.waited.append(delay)
            await self.sleep(delay)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded local retries; a long Retry-After goes back to the outbox (a DB pause)."""

    attempts: int = 4
    base_delay: float = 0.5
    max_local_wait: float = 10.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before retry number `attempt` (1-based): Retry-After if given, else backoff."""
        if retry_after is not None:
            return retry_after
        return self.base_delay * 2 ** (attempt - 1)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) in seconds; None if absent or bad."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
