"""SlackPlatform: the ChatPlatform port on the Slack Web API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.clients import TokenSource, observed, retry_after
from adapters.slack.pacing import ConversationPacer
from adapters.slack.render import fallback_text, message_blocks
from bot.chat import (
    Address,
    DeliveryError,
    MemberAddress,
    MessageRef,
    OutgoingMessage,
    PermanentDeliveryError,
    PlatformHealth,
    RateLimited,
    TransientDeliveryError,
)
from bot.health.tracker import CallTracker

log = logging.getLogger(__name__)
START_CHECK_SECONDS = 10.0

PERMANENT = {
    "channel_not_found",
    "user_not_found",
    "messages_tab_disabled",
    "is_archived",
    "account_inactive",
    "user_disabled",
    "not_in_channel",
    "cannot_dm_bot",
    "invalid_auth",
    "token_revoked",
    "not_authed",
    "missing_scope",
    "no_permission",
    "restricted_action",
    "team_access_not_granted",
    "msg_too_long",
    "invalid_blocks",
    "message_not_found",
    "cant_update_message",
    "edit_window_closed",
    "team_not_found",
    "user_is_bot",
}


def delivery_error(exc: Exception) -> DeliveryError:
    """A Slack failure in the port's terms, keeping Slack's reason."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        reason = str(response.get("error") or "unknown_error")
        if response.status_code == 429 or reason == "ratelimited":
            wait = retry_after(response.headers)
            return RateLimited("ratelimited", retry_after=wait or 1.0)
        if reason in PERMANENT:
            return PermanentDeliveryError(reason)
        return TransientDeliveryError(reason)
    if isinstance(exc, (aiohttp.ClientError, asyncio.TimeoutError, OSError)):
        return TransientDeliveryError(f"network: {exc!r}"[:200])
    return TransientDeliveryError(f"unexpected: {exc!r}"[:200])


def split_ref(ref: MessageRef) -> tuple[str, str]:
    """(team, ts) from a message id written by `send`."""
    team, _, ts = ref.message_id.rpartition("/")
    return team, ts


class SlackPlatform:
    """Sends Block Kit messages; DMs go to the user id, falling back to conversations.open."""

    name = "slack"

    def __init__(
        self,
        tokens: TokenSource,
        client_for: Callable[[str], AsyncWebClient],
        pacer: ConversationPacer | None = None,
    ) -> None:
        self._tokens = tokens
        self._client_for = client_for
        self._pacer = pacer or ConversationPacer()
        self._dm_channels: dict[tuple[str, str], str] = {}
        self.tracker = CallTracker(shared_credentials=tokens.shared)

    async def client(self, team: str) -> AsyncWebClient:
        """A Web API client holding the workspace's bot token; its calls feed `health()`."""
        return observed(self._client_for(await self._tokens.token_for(team)), self.tracker, team)

    def health(self) -> PlatformHealth:
        return self.tracker.snapshot()

    async def check_credentials(self, team: str = "") -> str | None:
        """`auth.test` with the workspace's bot token, for the start-up check; its team id."""
        timeout = START_CHECK_SECONDS
        try:
            client = await self.client(team)
            async with asyncio.timeout(timeout):
                answer = await client.auth_test()
        except SlackApiError as exc:
            reason = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            self.tracker.checked(False, f"auth.test: {reason}")
            return None
        except TimeoutError:
            self.tracker.checked(False, f"auth.test: no answer within {timeout:g} s")
            return None
        except (aiohttp.ClientError, OSError, DeliveryError) as exc:
            self.tracker.checked(False, f"auth.test: {exc!r}"[:300])
            return None
        team_id = str(answer.get("team_id") or team)
        self.tracker.checked(True, f"auth.test: workspace {team_id} as {answer.get('user')}")
        return team_id

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        thread = ""
        if isinstance(to, MemberAddress):
            team = to.workspace
            channel = self._dm_channels.get((team, to.user), to.user)
        else:
            team, channel = to.workspace, to.id
            thread = split_ref(MessageRef(channel, to.thread))[1] if to.thread else ""
        try:
            client = await self.client(team)
            try:
                return await self._post(client, team, channel, message, thread)
            except SlackApiError as exc:
                if not (
                    isinstance(to, MemberAddress)
                    and channel == to.user
                    and exc.response.get("error") == "channel_not_found"
                ):
                    raise
                opened = await client.conversations_open(users=to.user)
                channel = str(opened["channel"]["id"])
                self._dm_channels[(team, to.user)] = channel
                return await self._post(client, team, channel, message)
        except DeliveryError:
            raise
        except Exception as exc:
            raise delivery_error(exc) from exc

    async def delete(self, ref: MessageRef) -> None:
        """chat.delete: a message kmbot posted (a withdrawn answer's feed post)."""
        team, ts = split_ref(ref)
        try:
            client = await self.client(team)
            await self._pacer.wait_turn(ref.conversation)
            await client.chat_delete(channel=ref.conversation, ts=ts)
        except DeliveryError:
            raise
        except Exception as exc:
            raise delivery_error(exc) from exc

    async def _post(
        self,
        client: AsyncWebClient,
        team: str,
        channel: str,
        message: OutgoingMessage,
        thread_ts: str = "",
    ) -> MessageRef:
        """chat.postMessage; with `thread_ts`, a reply in that message's thread."""
        await self._pacer.wait_turn(channel)
        response = await client.chat_postMessage(
            channel=channel,
            text=fallback_text(message),
            blocks=message_blocks(message),
            thread_ts=thread_ts or None,
        )
        return MessageRef(str(response["channel"]), f"{team}/{response['ts']}")

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None:
        team, ts = split_ref(ref)
        try:
            client = await self.client(team)
            await self._pacer.wait_turn(ref.conversation)
            await client.chat_update(
                channel=ref.conversation,
                ts=ts,
                text=fallback_text(message),
                blocks=message_blocks(message),
            )
        except DeliveryError:
            raise
        except Exception as exc:
            raise delivery_error(exc) from exc
