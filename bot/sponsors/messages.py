"""What sponsors and the people they thank read: the endorsement, the monthly summary, the
thank-you's preview and the thank-you itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.actions import SPONSOR_THANK, SPONSOR_THANK_CANCEL, SPONSOR_THANK_SEND
from bot.chat import Button, OutgoingMessage

ENDORSEMENT_MAX_CHARS = 300
NOT_SPONSOR = "{name} is not a sponsor: first run `kmbot member role {person} sponsor`."
NO_SPONSOR = "an endorsement needs its sponsor: add --sponsor PERSON (email or address)"
NO_LINE = 'a sponsor needs their line: add --endorsement "one line, e.g. protected time"'
TOO_LONG = f"the endorsement is one line of at most {ENDORSEMENT_MAX_CHARS} characters"
CLEARED = "none"  # `--endorsement none` removes it
NOT_YOURS = "Only the program's sponsor can send this thank-you."
ALREADY_SENT = "You already thanked everyone who shared in {month}: they got it."
NOBODY = "Nobody shared an answer in {month}, so there is no one to thank yet."
CANCELLED = "Nothing was sent. Your summary is still there if you change your mind."
FEW = "Fewer than {floor} people were asked in {month}: no figures, they would point at people."


def signature(name: str, title: str | None) -> str:
    """'A. Mensah, Country Director', or the name alone when the directory has no title."""
    return f"{name}, {title}" if title else name


def endorsement_text(line: str, name: str, title: str | None) -> str:
    """'Take 15 minutes on Friday for this: it is part of our work. — A. Mensah, Country
    Director': what every prompt of an endorsed program carries."""
    return f"{line} — {signature(name, title)}"


def month_label(month: date) -> str:
    return month.strftime("%B %Y")


@dataclass(frozen=True)
class SummaryFigures:
    """One month of a program, as the sponsor reads it (figures already under the floor)."""

    program: str
    month: date
    participation: str  # '29 of 40 prompts answered, 73% (57–84%)', or why there is none
    shared: int | None  # lessons shared; None under the floor
    highlights: tuple[tuple[str, str], ...]  # (author, excerpt), named answers only
    sharers: int  # people the thank-you would reach


def summary_message(summary_id: int, figures: SummaryFigures) -> OutgoingMessage:
    """The monthly one-screen summary, with "Thank everyone who shared" when someone did."""
    month = month_label(figures.month)
    lines = [f"Participation: {figures.participation}"]
    if figures.shared is not None:
        lines.append(f"Lessons shared: {figures.shared}")
    if figures.highlights:
        lines.append("Highlights:")
        lines.extend(f"• {author}: “{excerpt}”" for author, excerpt in figures.highlights)
    buttons = (
        (Button(SPONSOR_THANK, "Thank everyone who shared", str(summary_id), "primary"),)
        if figures.sharers
        else ()
    )
    return OutgoingMessage(
        title=f"{figures.program}: your summary for {month}",
        text="\n".join(lines),
        context=(
            "Figures for fewer than 5 people are never shown; anonymous answers stay anonymous.",
        ),
        buttons=buttons,
    )


def thanks_text(program: str, month: date, sponsor: str) -> str:
    """The thank-you exactly as each person who shared reads it."""
    return (
        f"Thank you for sharing what you learned in {program} in {month_label(month)}. "
        f"Your lessons help all of us do our work better. — {sponsor}"
    )


def thanks_message(program: str, month: date, sponsor: str) -> OutgoingMessage:
    """The thank-you the bot posts for the sponsor, to each person who shared."""
    return OutgoingMessage(
        title=f"A thank-you from {sponsor}",
        text=thanks_text(program, month, sponsor),
        context=(f"Sent by kmbot for {sponsor}, the sponsor of {program}.",),
    )


def reach_text(named: Sequence[str], anonymous: int) -> str:
    """'Ana, Ben and 2 people who shared anonymously (names not shown)'."""
    parts = list(named)
    if anonymous:
        parts.append(
            f"{anonymous} {'person' if anonymous == 1 else 'people'} who shared anonymously "
            "(names not shown)"
        )
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def preview_message(
    summary_id: int, text: str, named: Sequence[str], anonymous: int
) -> OutgoingMessage:
    """What the sponsor confirms: the exact message, and who it reaches."""
    count = len(named) + anonymous
    return OutgoingMessage(
        title="Send this thank-you?",
        text=f"{text}\n\nIt reaches {count} {'person' if count == 1 else 'people'}: "
        f"{reach_text(named, anonymous)}. Each gets it privately, from you.",
        buttons=(
            Button(SPONSOR_THANK_SEND, f"Send to {count}", str(summary_id), "primary"),
            Button(SPONSOR_THANK_CANCEL, "Don't send", str(summary_id)),
        ),
    )


def sent_text(count: int) -> str:
    return f"Sent: {count} {'person' if count == 1 else 'people'} got your thank-you."
