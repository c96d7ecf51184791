"""Slack's Events API callbacks through kmbot's inbox: stored, answered, handled after.

Slack retries an event it got no 200 for within 3 s, and an app that is too slow too often
has its event subscriptions turned off. So an `event_callback` (a DM answer, a member
joining, …) is verified, stored by one small insert (deduplicated on Slack's `event_id`)
and answered at once; the inbox's workers then run it through the same bolt listeners a
request would have reached. Clicks, forms and the slash command are not events: bolt
answers them as before (their answers carry views and errors).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from contextvars import ContextVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.parse import slack_id
from bot.inbox.store import InboxItem

log = logging.getLogger(__name__)
_ERRORS: ContextVar[list[Exception] | None] = ContextVar("slack_replay_errors", default=None)
JSON: dict[str, str | Sequence[str]] = {"content-type": ["application/json"]}


class HandlingFailed(Exception):
    """A listener failed on a stored event: the inbox tries it again later."""


def event_id_of(raw: bytes, content_type: str | None) -> str | None:
    """The `event_id` of an Events API callback (what the inbox keeps), else None."""
    if "json" not in (content_type or "").lower():
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("type") != "event_callback":
        return None
    return slack_id(body.get("event_id")) or None  # without one, bolt answers as before


class BoltReplay:
    """The inbox's handler for Slack: a stored event dispatched to bolt's listeners."""

    def __init__(self, bolt: AsyncApp) -> None:
        self._bolt = bolt
        bolt.error(self._on_error)

    async def __call__(self, item: InboxItem) -> None:
        errors: list[Exception] = []
        _ERRORS.set(errors)
        request = AsyncBoltRequest(body=item.body, headers=JSON, mode="http")
        response = await self._bolt.async_dispatch(request)
        if response.status >= 500:  # a listener raised; bolt answered 500
            raise HandlingFailed(str(errors[0]) if errors else f"bolt answered {response.status}")

    async def _on_error(self, error: Exception) -> None:
        """Every listener's error: logged, and kept for the stored event being handled."""
        log.error("Slack listener failed: %s", error, exc_info=error)
        errors = _ERRORS.get()
        if errors is not None:
            errors.append(error)
