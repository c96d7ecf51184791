"""What kmbot says about an event: the announcement, answers, reminder and capture; pure wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions import EVENT_CAPTURE, EVENT_CAPTURE_FORM, EVENT_GOING, EVENT_NOT_GOING
from bot.chat import Button, Form, FormField, OutgoingMessage, PersonLink
from bot.prompts.messages import visibility_choices

CAPTURE_QUESTION = "What will you use from today?"
CAPTURE_MAX_CHARS = 3000


@dataclass(frozen=True)
class EventView:
    """An event as its messages show it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    place: str = ""
    link: str = ""
    host: str = ""
    calendar_url: str = ""


def when_text(event: EventView, member_zone: str) -> str:
    """`Tue 10 Mar 2026, 14:00–16:00 (Europe/Lisbon)`, plus the member's own time if it differs."""
    here = ZoneInfo(event.zone)
    start, end = event.starts_at.astimezone(here), event.ends_at.astimezone(here)
    text = f"{start:%a %d %b %Y}, {start:%H:%M}–{end:%H:%M} ({event.zone})"
    theirs = event.starts_at.astimezone(ZoneInfo(member_zone))
    if theirs.utcoffset() != start.utcoffset():
        text += f"; {theirs:%a %H:%M} your time ({member_zone})"
    return text


def where_text(event: EventView) -> str:
    parts = [
        f"At {event.place}" if event.place else "",
        f"Online: {event.link}" if event.link else "",
    ]
    return " · ".join(part for part in parts if part)


def _details(event: EventView, member_zone: str) -> str:
    lines = [f"When: {when_text(event, member_zone)}", f"Where: {where_text(event)}"]
    if event.host:
        lines.append(f"Host: {event.host}")
    return "\n".join(lines)


def announcement(event: EventView, member_zone: str, places_left: int | None) -> OutgoingMessage:
    """The invitation, with Going / Can't go (answers can be changed later)."""
    room = f"{places_left} places left when this was sent. " if places_left is not None else ""
    return OutgoingMessage(
        title=f"You're invited: {event.title}",
        text=_details(event, member_zone),
        context=(
            f"{room}You can change your answer here at any time; if it is full, "
            "Going puts you on the waitlist.",
        ),
        buttons=(
            Button(EVENT_GOING, "Going", str(event.id), "primary"),
            Button(EVENT_NOT_GOING, "Can't go", str(event.id)),
        ),
    )


def _lines(*lines: str) -> tuple[str, ...]:
    return tuple(line for line in lines if line)


def calendar_line(event: EventView) -> str:
    return f"Add it to your calendar: {event.calendar_url}" if event.calendar_url else ""


def going_text(event: EventView) -> str:
    return " ".join(
        part
        for part in (
            f"You're going to {event.title}. I'll remind you the day before.",
            calendar_line(event),
        )
        if part
    )


def waitlist_text(event: EventView, position: int) -> str:
    return (
        f"{event.title} is full, so you're number {position} on the waitlist. "
        "I'll tell you here if a place opens."
    )


def not_going_text(event: EventView) -> str:
    return f"Thanks for letting us know: you're not going to {event.title}."


def place_opened(event: EventView, member_zone: str) -> OutgoingMessage:
    """To the first on the waitlist when someone going says they can't."""
    return OutgoingMessage(
        title=f"A place opened: you're going to {event.title}",
        text=_details(event, member_zone),
        context=tuple(
            line for line in (calendar_line(event), "Can't make it? Tell us here.") if line
        ),
        buttons=(Button(EVENT_NOT_GOING, "Can't go", str(event.id)),),
    )


def reminder(event: EventView, member_zone: str) -> OutgoingMessage:
    """The day before, to those going."""
    return OutgoingMessage(
        title=f"Tomorrow: {event.title}",
        text=_details(event, member_zone),
        context=tuple(
            line
            for line in (calendar_line(event), "Plans changed? Tell us so someone else can come.")
            if line
        ),
        buttons=(Button(EVENT_NOT_GOING, "Can't go after all", str(event.id)),),
    )


def cancelled(event: EventView, member_zone: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"Cancelled: {event.title}",
        text=f"{event.title} on {when_text(event, member_zone)} will not take place.",
    )


def capture_prompt(event: EventView) -> OutgoingMessage:
    """Afterwards, to those who said they were going."""
    return OutgoingMessage(
        title=f"After {event.title}",
        text=f"{CAPTURE_QUESTION} One thing you learned at {event.title} and will put to work.",
        context=("Your answer is kept as a lesson from this event; you choose who sees it.",),
        buttons=(Button(EVENT_CAPTURE, "Share what I'll use", str(event.id), "primary"),),
    )


def capture_form(event_id: int, title: str) -> Form:
    fields = (
        FormField("q0", CAPTURE_QUESTION, max_length=CAPTURE_MAX_CHARS),
        FormField(
            "visibility",
            "Who can see this?",
            multiline=False,
            choices=visibility_choices(),
            initial="shared",
        ),
    )
    return Form(EVENT_CAPTURE_FORM, f"After {title}"[:24], fields, str(event_id), "Save")


def attendee_intro(title: str, others: list[tuple[PersonLink, str]]) -> OutgoingMessage:
    """After an event with check-ins: someone from another unit who was there too."""
    names = " and ".join(person.name for person, _ in others)
    units = ", ".join(f"{person.name} ({unit or 'no unit'})" for person, unit in others)
    return OutgoingMessage(
        title=f"After {title}: meet {names}",
        text=(
            f"You were at {title} too: {units}. Find 20 minutes this week to compare what "
            "each of you will use from it, and what your units do differently."
        ),
        people=tuple(person for person, _ in others),
    )
