"""Events in the database: creating one (and announcing it), listing, cancelling."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.event_models import Event, EventInvite
from bot.db.models import Member, Workspace
from bot.events import messages as words
from bot.i18n import spoken
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.languages import member_language
from bot.programs import lifecycle
from bot.programs.programs import audience_query, get_program
from bot.schedule import resolve_zone

GOING, WAITLIST, NOT_GOING, INVITED = "going", "waitlist", "not_going", "invited"


class EventError(ValueError):
    """Bad input for an event: one line for the person who typed it."""


@dataclass(frozen=True)
class EventSpec:
    title: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    place: str
    link: str
    program: str | None
    units: tuple[str, ...]
    host: Member | None
    capacity: int | None
    checkins: bool = False


def view_of(event: Event, host: Member | None) -> words.EventView:
    return words.EventView(
        event.id,
        event.title,
        event.starts_at,
        event.ends_at,
        event.zone,
        event.place,
        event.link,
        (host.display_name or host.external_id) if host else "",
        event.calendar_url,
    )


async def event_view(session: AsyncSession, event: Event) -> words.EventView:
    host = await session.get(Member, event.host_id) if event.host_id else None
    return view_of(event, host)


def member_zone(member: Member, event: Event) -> str:
    return str(resolve_zone(member.zone_name, event.zone))


async def create_event(
    session: AsyncSession, spec: EventSpec, now: datetime, public_url: str
) -> tuple[Event, int]:
    """Store the event, invite its audience and put each invitation in the outbox."""
    if spec.starts_at <= now:
        raise EventError("the event must start in the future")
    program = await get_program(session, spec.program) if spec.program else None
    if program is not None and program.status != lifecycle.ACTIVE:
        raise EventError(
            f"program {program.name!r} is {lifecycle.status_label(program)}: it sends nothing "
            f"yet, so neither does its event; launch it first (kmbot program launch "
            f"{program.name}) or invite units with --unit"
            if program.status in (lifecycle.DRAFT, lifecycle.SCHEDULED)
            else f"program {program.name!r} is {program.status}: invite units with --unit"
        )
    query = (
        audience_query(program, Member)
        if program
        else select(Member)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(Member.active.is_(True), Member.opted_out.is_(False), Workspace.active.is_(True))
        .where(Member.unit.in_(spec.units))
    )
    audience = list(await session.scalars(query.order_by(Member.id)))
    if not audience:
        raise EventError("nobody is in that audience: check --program or --unit")
    if spec.units:
        found = {m.unit for m in audience}
        if missing := [u for u in spec.units if u not in found]:
            raise EventError(f"no active member is in unit {missing[0]!r}")
    token = secrets.token_urlsafe(24)
    event = Event(
        title=spec.title,
        starts_at=spec.starts_at,
        ends_at=spec.ends_at,
        zone=spec.zone,
        place=spec.place,
        link=spec.link,
        program_id=program.id if program else None,
        units=list(spec.units),
        host_id=spec.host.id if spec.host else None,
        capacity=spec.capacity,
        ics_token=token,
        status="scheduled",
        checkins=spec.checkins,
        created_at=now,
    )
    session.add(event)
    await session.flush()
    if public_url:
        event.calendar_url = f"{public_url.rstrip('/')}/events/{event.id}.ics?token={token}"
    session.add_all(EventInvite(event_id=event.id, member_id=m.id) for m in audience)
    view = view_of(event, spec.host)
    outgoing = [
        Outgoing(
            f"event:{event.id}:{m.id}",
            "event",
            ToMember(m.workspace_id, m.id),
            spoken(
                member_language(m), words.announcement, view, member_zone(m, event), spec.capacity
            ),
        )
        for m in audience
    ]
    await enqueue_messages(session, outgoing, now)
    return event, len(audience)


async def counts(session: AsyncSession, event_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(EventInvite.status, func.count())
        .where(EventInvite.event_id == event_id)
        .group_by(EventInvite.status)
    )
    return {status: int(n) for status, n in rows}


async def list_events(session: AsyncSession) -> str:
    events = list(await session.scalars(select(Event).order_by(Event.starts_at, Event.id)))
    if not events:
        return "No events yet: `kmbot event create --help`."
    lines = []
    for event in events:
        n = await counts(session, event.id)
        start = event.starts_at.astimezone(resolve_zone(event.zone))
        room = f"/{event.capacity}" if event.capacity else ""
        flag = " [cancelled]" if event.status == "cancelled" else ""
        lines.append(
            f"#{event.id} {start:%Y-%m-%d %H:%M} {event.zone} {event.title}{flag}: "
            f"going {n.get(GOING, 0)}{room}, waitlist {n.get(WAITLIST, 0)}, "
            f"can't go {n.get(NOT_GOING, 0)}, no answer {n.get(INVITED, 0)}"
        )
    return "\n".join(lines)


async def cancel_event(session: AsyncSession, event_id: int, now: datetime) -> str:
    """Cancel it and tell everyone going or waiting."""
    event = await session.get(Event, event_id)
    if event is None:
        raise EventError(f"no event #{event_id} (see `kmbot event list`)")
    if event.status == "cancelled":
        return f"#{event.id} {event.title} was already cancelled."
    event.status = "cancelled"
    view = await event_view(session, event)
    told = list(
        await session.execute(
            select(Member)
            .join(EventInvite, EventInvite.member_id == Member.id)
            .where(EventInvite.event_id == event.id, EventInvite.status.in_((GOING, WAITLIST)))
        )
    )
    outgoing = [
        Outgoing(
            f"event-cancel:{event.id}:{m.id}",
            "event",
            ToMember(m.workspace_id, m.id),
            spoken(member_language(m), words.cancelled, view, member_zone(m, event)),
        )
        for (m,) in told
    ]
    await enqueue_messages(session, outgoing, now)
    return f"Cancelled #{event.id} {event.title}; told {len(outgoing)} who were going or waiting."
