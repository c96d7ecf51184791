"""What kmbot says about an event: the announcement, answers, reminder and capture; pure wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.actions import EVENT_CAPTURE, EVENT_CAPTURE_FORM, EVENT_GOING, EVENT_NOT_GOING
from bot.chat import Button, Form, FormField, OutgoingMessage, PersonLink
from bot.i18n import N_, _, current_language
from bot.prompts.messages import visibility_choices

CAPTURE_QUESTION = N_("What will you use from today?")
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
    day = format_date(start, "EEE dd MMM y", locale=current_language())
    text = f"{day}, {start:%H:%M}–{end:%H:%M} ({event.zone})"
    theirs = event.starts_at.astimezone(ZoneInfo(member_zone))
    if theirs.utcoffset() != start.utcoffset():
        weekday = format_date(theirs, "EEE", locale=current_language())
        text += "; " + _("{time} your time ({zone})").format(
            time=f"{weekday} {theirs:%H:%M}", zone=member_zone
        )
    return text


def where_text(event: EventView) -> str:
    parts = [
        _("At {place}").format(place=event.place) if event.place else "",
        _("Online: {link}").format(link=event.link) if event.link else "",
    ]
    return " · ".join(part for part in parts if part)


def _details(event: EventView, member_zone: str) -> str:
    lines = [
        _("When: {when}").format(when=when_text(event, member_zone)),
        _("Where: {where}").format(where=where_text(event)),
    ]
    if event.host:
        lines.append(_("Host: {host}").format(host=event.host))
    return "\n".join(lines)


def announcement(event: EventView, member_zone: str, places_left: int | None) -> OutgoingMessage:
    """The invitation, with Going / Can't go (answers can be changed later)."""
    room = (
        _("{count} places left when this was sent.").format(count=places_left) + " "
        if places_left is not None
        else ""
    )
    return OutgoingMessage(
        title=_("You're invited: {title}").format(title=event.title),
        text=_details(event, member_zone),
        context=(
            room
            + _(
                "You can change your answer here at any time; if it is full, "
                "Going puts you on the waitlist."
            ),
        ),
        buttons=(
            Button(EVENT_GOING, _("Going"), str(event.id), "primary"),
            Button(EVENT_NOT_GOING, _("Can't go"), str(event.id)),
        ),
    )


def _lines(*lines: str) -> tuple[str, ...]:
    return tuple(line for line in lines if line)


def calendar_line(event: EventView) -> str:
    if not event.calendar_url:
        return ""
    return _("Add it to your calendar: {url}").format(url=event.calendar_url)


def going_text(event: EventView) -> str:
    return " ".join(
        part
        for part in (
            _("You're going to {title}. I'll remind you the day before.").format(title=event.title),
            calendar_line(event),
        )
        if part
    )


def waitlist_text(event: EventView, position: int) -> str:
    return _(
        "{title} is full, so you're number {position} on the waitlist. "
        "I'll tell you here if a place opens."
    ).format(title=event.title, position=position)


def not_going_text(event: EventView) -> str:
    return _("Thanks for letting us know: you're not going to {title}.").format(title=event.title)


def place_opened(event: EventView, member_zone: str) -> OutgoingMessage:
    """To the first on the waitlist when someone going says they can't."""
    return OutgoingMessage(
        title=_("A place opened: you're going to {title}").format(title=event.title),
        text=_details(event, member_zone),
        context=tuple(
            line for line in (calendar_line(event), _("Can't make it? Tell us here.")) if line
        ),
        buttons=(Button(EVENT_NOT_GOING, _("Can't go"), str(event.id)),),
    )


def reminder(event: EventView, member_zone: str) -> OutgoingMessage:
    """The day before, to those going."""
    return OutgoingMessage(
        title=_("Tomorrow: {title}").format(title=event.title),
        text=_details(event, member_zone),
        context=tuple(
            line
            for line in (
                calendar_line(event),
                _("Plans changed? Tell us so someone else can come."),
            )
            if line
        ),
        buttons=(Button(EVENT_NOT_GOING, _("Can't go after all"), str(event.id)),),
    )


def cancelled(event: EventView, member_zone: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("Cancelled: {title}").format(title=event.title),
        text=_("{title} on {when} will not take place.").format(
            title=event.title, when=when_text(event, member_zone)
        ),
    )


def capture_prompt(event: EventView) -> OutgoingMessage:
    """Afterwards, to those who said they were going."""
    return OutgoingMessage(
        title=_("After {title}").format(title=event.title),
        text=_(CAPTURE_QUESTION)
        + " "
        + _("One thing you learned at {title} and will put to work.").format(title=event.title),
        context=(_("Your answer is kept as a lesson from this event; you choose who sees it."),),
        buttons=(Button(EVENT_CAPTURE, _("Share what I'll use"), str(event.id), "primary"),),
    )


def capture_form(event_id: int, title: str) -> Form:
    fields = (
        FormField("q0", _(CAPTURE_QUESTION), max_length=CAPTURE_MAX_CHARS),
        FormField(
            "visibility",
            _("Who can see this?"),
            multiline=False,
            choices=visibility_choices(),
            initial="shared",
        ),
    )
    form_title = _("After {title}").format(title=title)[:24]
    return Form(EVENT_CAPTURE_FORM, form_title, fields, str(event_id), _("Save"))


def attendee_intro(title: str, others: list[tuple[PersonLink, str]]) -> OutgoingMessage:
    """After an event with check-ins: someone from another unit who was there too."""
    people = [person for person, _unit in others]
    names = (
        _("{names} and {last}").format(
            names=", ".join(p.name for p in people[:-1]), last=people[-1].name
        )
        if len(people) > 1
        else "".join(p.name for p in people)
    )
    no_unit = _("no unit")
    units = ", ".join(f"{person.name} ({unit or no_unit})" for person, unit in others)
    return OutgoingMessage(
        title=_("After {title}: meet {names}").format(title=title, names=names),
        text=_(
            "You were at {title} too: {units}. Find 20 minutes this week to compare what "
            "each of you will use from it, and what your units do differently."
        ).format(title=title, units=units),
        people=tuple(people),
    )
