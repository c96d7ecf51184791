"""Answering an invitation: Going (or the waitlist when it is full), Can't go, changed at will.

The capacity is kept with a waitlist: when someone going says they can't, the first person
waiting gets the place and is told.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import EVENT_GOING
from bot.chat import Response
from bot.db.event_models import Event, EventInvite
from bot.db.models import Member
from bot.events import messages as words
from bot.events.followups import reminder_moment
from bot.events.store import GOING, NOT_GOING, WAITLIST, event_view, member_zone
from bot.i18n import N_, _, spoken
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language

GONE = N_("That event is no longer available.")


async def answer_invitation(
    session: AsyncSession, member: Member, action_id: str, value: str, now: datetime
) -> Response:
    invite, event = await _invite(session, member, value)
    if invite is None or event is None:
        return Response(text=_(GONE))
    if event.status == "cancelled":
        return Response(text=_("{title} was cancelled.").format(title=event.title))
    if event.starts_at <= now:
        return Response(
            text=_("{title} has already started, so answers are closed.").format(title=event.title)
        )
    view = await event_view(session, event)
    if action_id == EVENT_GOING:
        if invite.status in (GOING, WAITLIST):
            already = (
                words.going_text(view) if invite.status == GOING else _("You're on the waitlist.")
            )
            return Response(text=_("Already noted.") + f" {already}")
        going = await _count(session, event.id, GOING)
        invite.status = GOING if event.capacity is None or going < event.capacity else WAITLIST
        invite.answered_at = now
        if invite.status == GOING:
            _no_late_reminder(invite, event, member, now)
            return Response(text=words.going_text(view))
        return Response(text=words.waitlist_text(view, await _count(session, event.id, WAITLIST)))
    was_going = invite.status == GOING
    invite.status, invite.answered_at = NOT_GOING, now
    if was_going:
        await _give_place_to_next(session, event, view, now)
    return Response(text=words.not_going_text(view))


async def _give_place_to_next(
    session: AsyncSession, event: Event, view: words.EventView, now: datetime
) -> None:
    await session.flush()
    waiting = await session.scalar(
        select(EventInvite)
        .where(EventInvite.event_id == event.id, EventInvite.status == WAITLIST)
        .order_by(EventInvite.answered_at, EventInvite.id)
        .limit(1)
    )
    if waiting is None:
        return
    waiting.status, waiting.answered_at = GOING, now
    member = await session.get(Member, waiting.member_id)
    if member is not None:
        _no_late_reminder(waiting, event, member, now)
        message = spoken(
            member_language(member), words.place_opened, view, member_zone(member, event)
        )
        to = ToMember(member.workspace_id, member.id)
        key = f"event-place:{event.id}:{member.id}:{now.isoformat()}"
        await enqueue_message(session, key, "event", to, message, now)


def _no_late_reminder(invite: EventInvite, event: Event, member: Member, now: datetime) -> None:
    """Going after the reminder's moment: what they were just told is the reminder."""
    if reminder_moment(event, member) <= now:
        invite.reminded_at = now


async def _invite(
    session: AsyncSession, member: Member, value: str
) -> tuple[EventInvite | None, Event | None]:
    if not value.isdigit():
        return None, None
    invite = await session.scalar(
        select(EventInvite).where(
            EventInvite.event_id == int(value), EventInvite.member_id == member.id
        )
    )
    if invite is None:
        return None, None
    # the event's row is locked so that two replicas cannot both give away the last place
    event = await session.scalar(select(Event).where(Event.id == invite.event_id).with_for_update())
    return invite, event


async def _count(session: AsyncSession, event_id: int, status: str) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(EventInvite)
        .where(EventInvite.event_id == event_id, EventInvite.status == status)
    )
    return int(found or 0)
