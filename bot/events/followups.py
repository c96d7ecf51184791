"""After an invitation: the reminder the day before, at each member's local time, and the
capture prompt once the event is over; the answers become lessons tagged with the event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import OutgoingMessage, Response
from bot.clock import Clock
from bot.db.event_models import Event, EventInvite
from bot.db.models import Member, Program, Reply
from bot.events import messages as words
from bot.events.pairing import introduce_attendees
from bot.events.store import GOING, event_view, member_zone
from bot.i18n import _, speaking, spoken
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.prompts.answers import check_lengths
from bot.prompts.lessons import chosen_visibility, lesson_row
from bot.prompts.messages import feed_post
from bot.prompts.sharing import author_name, post_to_feed
from bot.schedule import resolve_zone

REMINDER_TIME = time(9, 0)
"""The reminder goes at 09:00 the day before, in the member's own zone."""
CAPTURE_WINDOW = timedelta(days=7)
"""A capture prompt is not sent for an event that ended longer ago than this."""

Due = tuple[EventInvite, Event, Member]


def reminder_moment(event: Event, member: Member) -> datetime:
    """09:00 on the day before the event, as the day falls in the member's zone."""
    zone = resolve_zone(member_zone(member, event))
    day = event.starts_at.astimezone(zone).date() - timedelta(days=1)
    return datetime.combine(day, REMINDER_TIME, zone)


@dataclass(frozen=True)
class EventFollowups:
    """The jobs' side of events: what is due, sent once each (dedupe keys, stamped rows)."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock

    async def send_reminders(self) -> int:
        return await self._send_due(_going, reminder_moment, words.reminder, "reminder")

    async def next_reminder(self, session: AsyncSession) -> datetime | None:
        rows = await _going(session, self.clock.now())
        return min((reminder_moment(e, m) for _, e, m in rows), default=None)

    async def send_captures(self) -> int:
        """The capture prompts, then (for events with check-ins) the attendees' pairs."""
        sent = await self._send_due(
            _ended, lambda event, _: event.ends_at, lambda view, _: words.capture_prompt(view),
            "capture",
        )  # fmt: skip
        async with self.sessions.begin() as session:
            now = self.clock.now()
            for event in await session.scalars(_to_pair(now).where(Event.ends_at <= now)):
                sent += await introduce_attendees(session, event, now)
                event.paired_at = now
        return sent

    async def next_capture(self, session: AsyncSession) -> datetime | None:
        now = self.clock.now()
        rows = await _ended(session, now)
        pairing = await session.scalar(_to_pair(now).with_only_columns(func.min(Event.ends_at)))
        moments = [event.ends_at for _, event, _ in rows] + ([pairing] if pairing else [])
        return min(moments, default=None)

    async def _send_due(
        self,
        find: Callable[[AsyncSession, datetime], Awaitable[list[Due]]],
        due_at: Callable[[Event, Member], datetime],
        build: Callable[[words.EventView, str], OutgoingMessage],
        what: str,
    ) -> int:
        """Queue `build`'s message to each invitation `find` returns whose moment has come,
        and stamp it (`reminded_at` or `capture_sent_at`) so it is sent once."""
        async with self.sessions.begin() as session:
            now = self.clock.now()
            sent = 0
            for invite, event, member in await find(session, now):
                if due_at(event, member) > now:
                    continue
                view = await event_view(session, event)
                message = spoken(member_language(member), build, view, member_zone(member, event))
                key = f"event-{what}:{event.id}:{member.id}"
                to = ToMember(member.workspace_id, member.id)
                await enqueue_message(session, key, "event", to, message, now)
                if what == "reminder":
                    invite.reminded_at = now
                else:
                    invite.capture_sent_at = now
                sent += 1
            return sent


def _to_pair(now: datetime) -> Select[Event]:
    """Scheduled events with check-ins, not paired yet, that end (or ended) recently."""
    return select(Event).where(
        Event.status == "scheduled",
        Event.checkins.is_(True),
        Event.paired_at.is_(None),
        Event.ends_at > now - CAPTURE_WINDOW,
    )


async def _going(session: AsyncSession, now: datetime) -> list[Due]:
    """Going invitations not reminded yet, for scheduled events that have not started."""
    query = _due_query().where(Event.starts_at > now, EventInvite.reminded_at.is_(None))
    return [(i, e, m) for i, e, m in await session.execute(query)]


async def _ended(session: AsyncSession, now: datetime) -> list[Due]:
    """Going invitations without a capture prompt, for events that end (or ended) recently."""
    query = _due_query().where(
        Event.ends_at > now - CAPTURE_WINDOW, EventInvite.capture_sent_at.is_(None)
    )
    return [(i, e, m) for i, e, m in await session.execute(query)]


def _due_query() -> Select[EventInvite, Event, Member]:
    return (
        select(EventInvite, Event, Member)
        .join(Event, Event.id == EventInvite.event_id)
        .join(Member, Member.id == EventInvite.member_id)
        .where(
            EventInvite.status == GOING,
            Event.status == "scheduled",
            Member.active.is_(True),
            Member.opted_out.is_(False),
        )
    )


async def open_capture_form(session: AsyncSession, member: Member, value: str) -> Response:
    event = await _attended(session, member, value)
    if event is None:
        return Response(text=_("That event is no longer available."))
    return Response(form=words.capture_form(event.id, event.title))


async def record_capture(
    session: AsyncSession, member: Member, value: str, fields: dict[str, str], now: datetime
) -> Response:
    """Store the answer as a lesson tagged with the event (Reply.event_id); shared to the
    program's feed when the event was for a program with one and the member chose to share."""
    event = await _attended(session, member, value)
    if event is None:
        return Response(text=_("That event is no longer available."))
    answers = check_lengths(fields, [words.CAPTURE_QUESTION])
    visibility = chosen_visibility(fields)
    earlier = await session.scalar(
        select(Reply.id).where(Reply.event_id == event.id, Reply.member_id == member.id)
    )
    if earlier is not None:
        return Response(
            text=_("You already shared what you'll use from {title}. Thank you!").format(
                title=event.title
            )
        )
    reply = lesson_row(member, event.program_id, answers, visibility, now, event.id)
    session.add(reply)
    await session.flush()
    program = await session.get(Program, event.program_id) if event.program_id else None
    if program is None or program.feed_channel is None or visibility == "private":
        return Response(
            text=_("Thanks, your lesson from {title} is saved.").format(title=event.title)
        )
    who = author_name(member, visibility)
    with speaking(program.language):  # a channel reads the program's language
        heading = _("From {title}: {question}").format(
            title=event.title, question=_(words.CAPTURE_QUESTION)
        )
        message = feed_post(reply.id, program.name, heading, who, answers)
    await post_to_feed(session, program, f"event-lesson:{reply.id}", "feed", message, now)
    return Response(
        text=_("Thanks, your lesson from {title} is saved and shared in {program}'s feed.").format(
            title=event.title, program=program.name
        )
    )


async def _attended(session: AsyncSession, member: Member, value: str) -> Event | None:
    """The event, if the member said they were going and it is over."""
    if not value.isdigit():
        return None
    found = await session.execute(
        select(Event)
        .join(EventInvite, EventInvite.event_id == Event.id)
        .where(
            Event.id == int(value), EventInvite.member_id == member.id, EventInvite.status == GOING
        )
    )
    return found.scalar_one_or_none()
