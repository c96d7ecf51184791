"""The ChatPlatform port on Teams: proactive sends and updates through the CloudAdapter."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from botbuilder.core import CloudAdapterBase, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    ErrorResponseException,
)

from adapters.teams import render, store
from adapters.teams.limits import RETRYABLE, Pacer, RetryPolicy, retry_after_seconds
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
from bot.core import PlatformState
from bot.health.metrics import record_rate_limited
from bot.health.tracker import CallTracker

log = logging.getLogger(__name__)
T = TypeVar("T")
Operation = Callable[[TurnContext], Awaitable[T]]
CHANNEL = "msteams"


def activity_of(message: OutgoingMessage) -> Activity:
    """A message activity: an Adaptive Card when there is more than text."""
    if not render.needs_card(message):
        return Activity(
            type=ActivityTypes.message, text=render.markdown(message.text), text_format="markdown"
        )
    return Activity(
        type=ActivityTypes.message,
        summary=render.summary(message),
        attachments=[render.attachment(render.card(message))],
    )


def short_conversation(conversation_id: str) -> str:
    """A conversation id that fits kmbot's 128-character columns (personal ids can be longer)."""
    if len(conversation_id) <= 128:
        return conversation_id
    return "sha256:" + hashlib.sha256(conversation_id.encode()).hexdigest()


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
        return self.ref_of(reference, activity_id)

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None:
        where, reference = self._sent(ref)
        activity = activity_of(message)
        activity.id = where["a"]

        async def put(context: TurnContext) -> None:
            await context.update_activity(activity)

        await self.call(reference, where.get("t", ""), put)

    async def delete(self, ref: MessageRef) -> None:
        """Delete an activity kmbot sent (a withdrawn answer's feed post)."""
        where, reference = self._sent(ref)

        async def remove(context: TurnContext) -> None:
            await context.delete_activity(where["a"])

        await self.call(reference, where.get("t", ""), remove)

    def _sent(self, ref: MessageRef) -> tuple[dict[str, str], ConversationReference]:
        """What `ref_of` stored, and the conversation reference it names."""
        where = json.loads(ref.message_id)
        reference = ConversationReference(
            channel_id=CHANNEL,
            service_url=where["s"],
            conversation=ConversationAccount(id=where["c"], tenant_id=where.get("t")),
            bot=ChannelAccount(id=where.get("b")),
        )
        return where, reference

    def ref_of(self, reference: ConversationReference, activity_id: str) -> MessageRef:
        """Where a sent activity lives; `message_id` carries what an update needs."""
        conversation = reference.conversation
        where = {
            "c": conversation.id,
            "a": activity_id,
            "s": reference.service_url,
            "t": conversation.tenant_id or "",
            "b": reference.bot.id if reference.bot else "",
        }
        return MessageRef(
            short_conversation(conversation.id), json.dumps(where, separators=(",", ":"))
        )

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
                status, retry_after = _status(exc)
                self._observe(status, _detail(exc))
                wait = self._retry.delay(attempt, retry_after)
                if (
                    status in RETRYABLE
                    and attempt < self._retry.attempts
                    and wait <= self._retry.max_local_wait
                ):
                    log.info("Teams answered %s; retry %d in %.1fs", status, attempt, wait)
                    await self._pacer.sleep(wait)
                    continue
                raise delivery_error(status, retry_after, _detail(exc)) from exc
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
            status, retry_after = _status(exc)
            self._observe(status, _detail(exc))
            raise delivery_error(status, retry_after, _detail(exc)) from exc
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


def new_post(activity: Activity) -> Operation[str]:
    """Post `activity` as a new message (send-to-conversation, not a reply to the turn)."""

    async def post(context: TurnContext) -> str:
        TurnContext.apply_conversation_reference(
            activity, TurnContext.get_conversation_reference(context.activity)
        )
        activity.reply_to_id = None
        [response] = await context.adapter.send_activities(context, [activity])
        return response.id if response is not None and response.id else ""

    return post


def thread_conversation(channel: str, thread: str) -> str:
    """A channel, or the thread of a post in it (`thread`: that post's `ref_of` message id):
    Teams threads a channel reply by `<channel>;messageid=<root activity id>`."""
    return f"{channel};messageid={json.loads(thread)['a']}" if thread else channel


def channel_reference(
    tenant: str, conversation: str, service_url: str, bot_id: str
) -> ConversationReference:
    """A reference to a team (or one of its channels) built from what the tenant row keeps."""
    return ConversationReference(
        channel_id=CHANNEL,
        service_url=service_url,
        bot=ChannelAccount(id=bot_id),
        conversation=ConversationAccount(
            id=conversation, is_group=True, conversation_type="channel", tenant_id=tenant
        ),
    )


def delivery_error(status: int, retry_after: float | None, detail: str) -> DeliveryError:
    """The port's error for a Bot Connector status."""
    reason = f"Teams {status}: {detail}"[:200]
    if status == 429:
        return RateLimited(reason, retry_after=retry_after or 1.0)
    if status == 403:
        return PermanentDeliveryError(f"bot blocked or uninstalled by the member ({reason})"[:200])
    if status == 404:
        return PermanentDeliveryError(f"conversation not found ({reason})"[:200])
    if status in RETRYABLE:
        return TransientDeliveryError(reason, retry_after=retry_after)
    return DeliveryError(reason)


def _status(exc: ErrorResponseException) -> tuple[int, float | None]:
    response = exc.response
    status = int(getattr(response, "status_code", 0) or 0)
    headers = getattr(response, "headers", None) or {}
    return status, retry_after_seconds(headers.get("Retry-After"))


def _detail(exc: ErrorResponseException) -> str:
    error = getattr(getattr(exc, "error", None), "error", None)
    code = getattr(error, "code", None)
    message = getattr(error, "message", None)
    return " ".join(str(p) for p in (code, message) if p) or "no detail"
