"""The ChatPlatform port on Teams: proactive sends and updates through the CloudAdapter."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from botbuilder.core import CloudAdapterBase, TurnContext
from botbuilder.schema import (
    ChannelAccount,
    ConversationParameters,
    ConversationReference,
    ErrorResponseException,
)

from adapters.teams import store
from adapters.teams.activities import Operation, activity_of, new_post
from adapters.teams.connector_errors import delivery_error, detail_of, status_of
from adapters.teams.conversations import (
    CHANNEL,
    channel_reference,
    ref_of,
    sent_reference,
    thread_conversation,
)
from adapters.teams.limits import RETRYABLE, Pacer, RetryPolicy
from bot.chat import (
    Address,
    DeliveryError,
    MemberAddress,
    MessageRef,
    OutgoingMessage,
    PermanentDeliveryError,
    PlatformHealth,
    TransientDeliveryError,
)
from bot.core import PlatformState
from bot.health.metrics import record_rate_limited
from bot.health.tracker import CallTracker

log = logging.getLogger(__name__)
T = TypeVar("T")


class TeamsPlatform:
    """Sends to a member's personal chat (creating it if needed) or to a team channel."""

    name = "teams"

    def __init__(
        self,
        adapter: CloudAdapterBase,
        state: PlatformState,
        app_id: str,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.adapter = adapter
        self._state = state
        self._app_id = app_id
        self._pacer = pacer
        self._retry = retry or RetryPolicy()
        self.tracker = CallTracker()  # one app id and password for every tenant

    def health(self) -> PlatformHealth:
        return self.tracker.snapshot()

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        reference = await (
            self.member_reference(to)
            if isinstance(to, MemberAddress)
            else self._channel_reference(to.workspace, thread_conversation(to.id, to.thread))
        )

        activity_id = await self.call(reference, to.workspace, new_post(activity_of(message)))
        return ref_of(reference, activity_id)

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None:
        where, reference = sent_reference(ref)
        activity = activity_of(message)
        activity.id = where["a"]

        async def put(context: TurnContext) -> None:
            await context.update_activity(activity)

        await self.call(reference, where.get("t", ""), put)

    async def delete(self, ref: MessageRef) -> None:
        """Delete an activity kmbot sent (a withdrawn answer's feed post)."""
        where, reference = sent_reference(ref)

        async def remove(context: TurnContext) -> None:
            await context.delete_activity(where["a"])

        await self.call(reference, where.get("t", ""), remove)

    async def call(
        self, reference: ConversationReference, tenant: str, operation: Operation[T]
    ) -> T:
        """Run `operation` in a proactive turn: paced, retried, errors mapped to the port's."""
        attempt = 0
        while True:
            attempt += 1
            await self._pacer.wait_turn(reference.conversation.id, tenant)
            try:
                result = await self._in_turn(reference, operation)
            except ErrorResponseException as exc:
                status, retry_after = status_of(exc)
                self._observe(status, detail_of(exc))
                wait = self._retry.delay(attempt, retry_after)
                if (
                    status in RETRYABLE
                    and attempt < self._retry.attempts
                    and wait <= self._retry.max_local_wait
                ):
                    log.info("Teams answered %s; retry %d in %.1fs", status, attempt, wait)
                    await self._pacer.sleep(wait)
                    continue
                raise delivery_error(status, retry_after, detail_of(exc)) from exc
            except DeliveryError:
                raise
            except Exception as exc:  # network errors, token errors: try again later
                self._observe_unreachable(exc)
                raise TransientDeliveryError(f"Teams unreachable: {exc!r}"[:300]) from exc
            self.tracker.succeeded()
            return result

    def _observe(self, status: int, detail: str) -> None:
        """An answer from the connector, as the platform's health sees it."""
        if status == 429:
            record_rate_limited(self.name)
        if status == 401:
            self.tracker.failed(f"Teams 401: {detail}", refused=True)
        elif status >= 500 or status == 0:
            self.tracker.failed(f"Teams {status}: {detail}")
        else:  # the connector answered: 403, 404, 429 are about the conversation or the pace
            self.tracker.succeeded()

    def _observe_unreachable(self, exc: Exception) -> None:
        """No answer: the connector is unreachable, or (PermissionError) no token was issued."""
        if isinstance(exc, PermissionError):
            self.tracker.failed(f"no connector token: {exc}"[:300], refused=True)
        else:
            self.tracker.failed(f"Teams unreachable: {exc!r}"[:300])

    async def _in_turn(self, reference: ConversationReference, operation: Operation[T]) -> T:
        box: dict[str, Any] = {}

        async def logic(context: TurnContext) -> None:
            try:
                box["result"] = await operation(context)
            except Exception as exc:  # carried out of the pipeline, past on_turn_error
                box["error"] = exc

        await self.adapter.continue_conversation(reference, logic, self._app_id)
        if "error" in box:
            raise box["error"]
        return box["result"]

    async def member_reference(self, to: MemberAddress) -> ConversationReference:
        """The member's personal chat, created (and saved) on first use."""
        target = await store.member_target(self._state, to.workspace, to.user)
        if target is None:
            raise PermanentDeliveryError("not a known Teams member")
        if target.reference:
            return ConversationReference.deserialize(target.reference)
        if not (target.teams_id and target.service_url and target.bot_id):
            raise PermanentDeliveryError(
                "no personal chat with this member yet and no Teams id to start one "
                "(sync their team's roster, or ask them to install kmbot)"
            )
        reference = await self.create_personal_chat(
            to.workspace, target.teams_id, target.service_url, target.bot_id
        )
        await store.remember_member(
            self._state, to.workspace, to.user, reference=reference.serialize()
        )
        return reference

    async def create_personal_chat(
        self, tenant: str, teams_id: str, service_url: str, bot_id: str
    ) -> ConversationReference:
        """Open the 1:1 chat with a member (Bot Connector `create_conversation`)."""
        parameters = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=bot_id),
            members=[ChannelAccount(id=teams_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )
        box: dict[str, ConversationReference] = {}

        async def keep(context: TurnContext) -> None:
            box["reference"] = TurnContext.get_conversation_reference(context.activity)

        try:
            await self.adapter.create_conversation(
                self._app_id, keep, parameters, CHANNEL, service_url
            )
        except ErrorResponseException as exc:
            status, retry_after = status_of(exc)
            self._observe(status, detail_of(exc))
            raise delivery_error(status, retry_after, detail_of(exc)) from exc
        except Exception as exc:
            self._observe_unreachable(exc)
            raise
        self.tracker.succeeded()
        reference = box["reference"]
        reference.conversation.tenant_id = tenant
        reference.bot = ChannelAccount(id=bot_id)
        return reference

    async def _channel_reference(self, tenant: str, channel: str) -> ConversationReference:
        info = await store.tenant_info(self._state, tenant)
        if not info.get("service_url"):
            raise PermanentDeliveryError(f"kmbot is not installed in Teams tenant {tenant}")
        return channel_reference(tenant, channel, info["service_url"], info.get("bot_id", ""))
