"""Web API clients with rate-limit retries, and bot tokens per workspace (with rotation)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any, Protocol

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.settings import SlackSettings
from bot.chat import PermanentDeliveryError
from bot.health.metrics import record_rate_limited
from bot.health.tracker import CallTracker

# Web API errors that mean the token itself is refused (not the recipient or the request).
AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)


def retry_after(headers: Mapping[str, Any] | None) -> float | None:
    """The Retry-After header in seconds, if any (values may be strings or lists)."""
    for name, values in (headers or {}).items():
        if name.lower() == "retry-after" and values:
            value = values[0] if isinstance(values, list) else values
            try:
                return float(value)
            except ValueError:
                return None
    return None


class ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, retrying inline only for short waits.

    Longer waits surface as errors, so the dispatcher pauses the whole workspace in the
    database (every replica honours it) instead of holding a connection while it sleeps.
    """

    def __init__(self, max_retry_count: int, max_wait_seconds: float) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait_seconds = max_wait_seconds

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        ):
            return False
        wait = retry_after(response.headers if response else None)
        return wait is not None and wait <= self.max_wait_seconds


class CallObserver(AsyncRetryHandler):
    """Never retries: slack_sdk shows each retry handler every response and error, and this
    one, first in the list, tells the platform's CallTracker (and counts the 429s)."""

    def __init__(self, tracker: CallTracker, workspace: str = "") -> None:
        super().__init__(max_retry_count=0)
        self.tracker = tracker
        self.workspace = workspace

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        observe(self.tracker, self.workspace, response, error)
        return False


def observe(
    tracker: CallTracker, workspace: str, response: HttpResponse | None, error: Exception | None
) -> None:
    """One Web API attempt's outcome, as the platform's health sees it."""
    if error is not None or response is None:
        tracker.failed(f"Slack unreachable: {error!r}"[:300])
        return
    if response.status_code == 429:
        record_rate_limited("slack")
    elif response.status_code >= 500:
        tracker.failed(f"Slack answered HTTP {response.status_code}")
        return
    body = response.body if isinstance(response.body, dict) else {}
    reason = body.get("error")
    if body.get("ok") is False and reason in AUTH_ERRORS:
        tracker.failed(str(reason), refused=True, workspace=workspace)
        return
    tracker.succeeded(workspace)


def observed(client: AsyncWebClient, tracker: CallTracker, workspace: str = "") -> AsyncWebClient:
    """`client`, its every call reported to `tracker` (bolt's per-request copies included)."""
    client.retry_handlers.insert(0, CallObserver(tracker, workspace))
    return client


def retry_handlers(settings: SlackSettings) -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(),
        ShortRateLimitRetry(settings.rate_limit_retries, settings.max_inline_wait_seconds),
    ]


class SharedSession:
    """One aiohttp session, so one pool of kept-alive connections, for every Web API client
    of a process (without it slack_sdk opens a session, a TCP connection and, against
    Slack, a TLS handshake per call). Made on first use inside the running loop."""

    def __init__(self, timeout_seconds: float = 30) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession | None:
        """The session (None outside an event loop: slack_sdk then makes its own)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return None
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def make_client(
    settings: SlackSettings, token: str | None = None, http: SharedSession | None = None
) -> AsyncWebClient:
    """An AsyncWebClient on the configured base URL with kmbot's retry handlers, on the
    process's shared session when `http` is given."""
    return AsyncWebClient(
        token=token,
        base_url=settings.base_url,
        retry_handlers=retry_handlers(settings),
        session=http.get() if http else None,
    )


class TokenSource(Protocol):
    """The bot token to use in a workspace; `shared`: one token for every workspace."""

    shared: bool

    async def token_for(self, team: str) -> str: ...


class StaticToken:
    """Single-workspace mode: one bot token for everything."""

    shared = True

    def __init__(self, token: str) -> None:
        self._token = token

    async def token_for(self, team: str) -> str:
        return self._token


class InstalledTokens:
    """OAuth mode: bot tokens from the installation store, refreshed before they expire.

    One refresh at a time per workspace: the lock is held while the token is read and,
    when it expires within `minutes` minutes, rotated and saved.
    """

    shared = False

    def __init__(
        self, store: AsyncInstallationStore, settings: SlackSettings, client: AsyncWebClient
    ) -> None:
        self._store = store
        self._rotator = AsyncTokenRotator(
            client_id=settings.client_id, client_secret=settings.client_secret, client=client
        )
        self._minutes = settings.token_refresh_minutes
        self._locks: dict[str, asyncio.Lock] = {}
        self._cache: dict[str, tuple[str, float | None]] = {}

    def _fresh(self, team: str) -> str | None:
        cached = self._cache.get(team)
        if cached is None:
            return None
        token, expires_at = cached
        if expires_at is not None and expires_at <= time.time() + self._minutes * 60:
            return None
        return token

    async def token_for(self, team: str) -> str:
        token = self._fresh(team)
        if token:
            return token
        async with self._locks.setdefault(team, asyncio.Lock()):
            token = self._fresh(team)
            if token:
                return token
            bot = await self._store.async_find_bot(enterprise_id=None, team_id=team)
            if bot is None or not bot.bot_token:
                raise PermanentDeliveryError(f"kmbot is not installed in Slack workspace {team}")
            rotated = await self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=self._minutes
            )
            if rotated is not None:
                await self._store.async_save_bot(rotated)
                bot = rotated
            expires = float(bot.bot_token_expires_at) if bot.bot_token_expires_at else None
            self._cache[team] = (str(bot.bot_token), expires)
            return str(bot.bot_token)

    def forget(self, team: str) -> None:
        """Drop a cached token (after `invalid_auth` or an uninstall)."""
        self._cache.pop(team, None)
