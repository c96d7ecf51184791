"""About one message per second per conversation, as Slack's chat.postMessage asks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class ConversationPacer:
    """Reserves send slots per conversation; a caller waits only for its own slot."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        max_conversations: int = 10_000,
    ) -> None:
        self._interval = interval
        self._now = now
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._max = max_conversations

    async def wait_turn(self, conversation: str) -> None:
        """Return when `conversation` may receive the next message."""
        now = self._now()
        slot = max(now, self._next.get(conversation, now))
        if len(self._next) >= self._max:
            self._next = {c: t for c, t in self._next.items() if t > now}
        self._next[conversation] = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)
