"""The ICS file of an event (RFC 5545, written by the `icalendar` package)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bot.events.messages import EventView, where_text


def event_ics(event: EventView, cancelled: bool, now: datetime, domain: str = "kmbot") -> bytes:
    """One VEVENT in the event's own zone (its VTIMEZONE included); a cancelled event says so."""
    zone = ZoneInfo(event.zone)
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{domain}")
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", event.title)
    entry.add("location", where_text(event).removeprefix("At "))
    if event.link:
        entry.add("url", event.link)
    if event.host:
        entry.add("description", f"Host: {event.host}")
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", "-//kmbot//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics
