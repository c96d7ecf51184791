"""CallTracker: what each adapter keeps of its own calls, to answer `ChatPlatform.health()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from bot.chat import PlatformHealth


def utc_now() -> datetime:
    return datetime.now(UTC)


class CallTracker:
    """Records the start-up check and every call's outcome; `snapshot()` is the health.

    `workspace` names whose credentials a call used ("" when the caller cannot tell); a success
    there clears an earlier refusal there. With `shared_credentials` (one credential for every
    workspace) the workspace is ignored: any success clears a refusal.
    """

    def __init__(
        self, *, shared_credentials: bool = True, now: Callable[[], datetime] = utc_now
    ) -> None:
        self._now = now
        self._shared = shared_credentials
        self._health = PlatformHealth(shared_credentials=shared_credentials)
        self._refused: dict[str, str] = {}

    def checked(self, ok: bool, detail: str = "") -> None:
        """The start-up credentials check answered (`ok`) or failed (`detail` says why)."""
        state = "ok" if ok else "failed"
        self._health = replace(
            self._health, start_check=state, start_detail=detail, checked_at=self._now()
        )

    def skipped(self, detail: str) -> None:
        """There is nothing to check at start-up (`detail` says why)."""
        self._health = replace(
            self._health, start_check="skipped", start_detail=detail, checked_at=self._now()
        )

    def succeeded(self, workspace: str = "") -> None:
        """The platform answered a call."""
        self._refused.pop(self._key(workspace), None)
        self._health = replace(
            self._health,
            last_success_at=self._now(),
            consecutive_failures=0,
            refused=tuple(sorted(self._refused.items())),
        )

    def failed(self, error: str, *, refused: bool = False, workspace: str = "") -> None:
        """A call failed: unreachable, 5xx, or (`refused`) kmbot's credentials refused."""
        if refused:
            self._refused[self._key(workspace)] = error
        self._health = replace(
            self._health,
            last_failure_at=self._now(),
            last_error=error[:300],
            consecutive_failures=self._health.consecutive_failures + 1,
            refused=tuple(sorted(self._refused.items())),
        )

    def snapshot(self) -> PlatformHealth:
        return self._health

    def _key(self, workspace: str) -> str:
        return "" if self._shared else workspace
