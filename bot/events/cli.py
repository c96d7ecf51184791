"""`kmbot event create | list | cancel`: the admin's side of events."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from bot.events.store import EventError, EventSpec, cancel_event, create_event, list_events
from bot.people.roles import find_person

ABOUT = (
    "Announce an event to a program's audience (--program) or to units (--unit, repeat for "
    "several): each member gets Going / Can't go; with --capacity, Going beyond it puts them on "
    "a waitlist and a freed place goes to the first waiting. Those going get a calendar file "
    "(an ICS link, when KMBOT_PUBLIC_URL is set), a reminder at 09:00 their time the day "
    "before, and when it is over the question 'What will you use from today?', whose answers "
    "are kept as lessons tagged with the event."
)


def add_event_parser(commands: Any) -> None:
    event = commands.add_parser("event", help="in-person and online events")
    actions = event.add_subparsers(dest="event_action", required=True)
    create = actions.add_parser("create", help="announce an event", description=ABOUT)
    create.add_argument("--title", required=True)
    create.add_argument("--date", required=True, help="YYYY-MM-DD")
    create.add_argument("--time", required=True, help="HH:MM, local to --zone")
    create.add_argument("--zone", help="IANA time zone of the event (default KMBOT_TIMEZONE)")
    create.add_argument("--duration", type=int, default=120, help="minutes (default 120)")
    create.add_argument("--place", default="", help="where it happens")
    create.add_argument("--link", default="", help="the online link (https://…)")
    create.add_argument("--program", help="invite this program's audience")
    create.add_argument("--unit", action="append", default=[], help="invite a unit (repeat)")
    create.add_argument("--host", help="the host: email or PLATFORM:WORKSPACE:USER")
    create.add_argument("--capacity", type=int, help="places; beyond it, a waitlist")
    create.add_argument(
        "--checkins",
        action="store_true",
        help="afterwards, introduce attendees from different units to each other in pairs",
    )
    actions.add_parser("list", help="events with their answers so far")
    actions.add_parser("cancel", help="cancel an event and tell those going").add_argument(
        "id", help="the event's number (see `event list`)"
    )


async def event_command(
    session: AsyncSession, now: datetime, args: argparse.Namespace, zone: str, public_url: str
) -> str:
    if args.event_action == "list":
        return await list_events(session)
    if args.event_action == "cancel":
        if not str(args.id).lstrip("#").isdigit():
            raise EventError(f"event id must be a number, not {args.id!r}")
        return await cancel_event(session, int(str(args.id).lstrip("#")), now)
    spec = await _spec(session, args, zone)
    event, invited = await create_event(session, spec, now, public_url)
    calendar = f"; calendar {event.calendar_url}" if event.calendar_url else ""
    return f"Event #{event.id} {event.title}: announced to {invited} people{calendar}."


async def _spec(session: AsyncSession, args: argparse.Namespace, default_zone: str) -> EventSpec:
    title = args.title.strip()
    if not title or len(title) > 200:
        raise EventError("--title must be 1 to 200 characters")
    zone_name = args.zone or default_zone
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise EventError(f"unknown time zone {zone_name!r} (e.g. Europe/Lisbon)") from None
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise EventError(f"--date {args.date!r} is not YYYY-MM-DD") from None
    try:
        at = time.fromisoformat(args.time)
    except ValueError:
        raise EventError(f"--time {args.time!r} is not HH:MM") from None
    if not 15 <= args.duration <= 24 * 60:
        raise EventError("--duration must be between 15 and 1440 minutes")
    if not args.place.strip() and not args.link.strip():
        raise EventError("say where: --place, --link, or both")
    if args.link and not args.link.startswith(("https://", "http://")):
        raise EventError(f"--link {args.link!r} must start with https://")
    if bool(args.program) == bool(args.unit):
        raise EventError("give the audience: --program NAME or --unit UNIT (not both)")
    if args.capacity is not None and args.capacity < 1:
        raise EventError("--capacity must be at least 1")
    host = await find_person(session, args.host) if args.host else None
    starts = datetime.combine(day, at, zone)
    return EventSpec(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=args.duration),
        zone=zone_name,
        place=args.place.strip()[:300],
        link=args.link.strip()[:500],
        program=args.program,
        units=tuple(u.strip() for u in args.unit),
        host=host,
        capacity=args.capacity,
        checkins=args.checkins,
    )
