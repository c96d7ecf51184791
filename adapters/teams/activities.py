"""What kmbot sends in Teams: a message as an activity, and the operation that posts it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from adapters.teams import render
from bot.chat import OutgoingMessage

T = TypeVar("T")
Operation = Callable[[TurnContext], Awaitable[T]]


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
