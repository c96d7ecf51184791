"""What sponsors and the people they thank read: the endorsement, the monthly summary, the
thank-you's preview and the thank-you itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from bot.actions import SPONSOR_THANK, SPONSOR_THANK_CANCEL, SPONSOR_THANK_SEND
from bot.chat import Button, OutgoingMessage
from bot.i18n import N_, _, current_language, ngettext

ENDORSEMENT_MAX_CHARS = 300
NOT_SPONSOR = "{name} is not a sponsor: first run `kmbot member role {person} sponsor`."
NO_SPONSOR = "an endorsement needs its sponsor: add --sponsor PERSON (email or address)"
NO_LINE = 'a sponsor needs their line: add --endorsement "one line, e.g. protected time"'
TOO_LONG = f"the endorsement is one line of at most {ENDORSEMENT_MAX_CHARS} characters"
CLEARED = "none"  # `--endorsement none` removes it
# What sponsors read in chat (translated at use, in the sponsor's language):
NOT_YOURS = N_("Only the program's sponsor can send this thank-you.")
ALREADY_SENT = N_("You already thanked everyone who shared in {month}: they got it.")
NOBODY = N_("Nobody shared an answer in {month}, so there is no one to thank yet.")
CANCELLED = N_("Nothing was sent. Your summary is still there if you change your mind.")
FEW = N_("Fewer than {floor} people were asked in {month}: no figures, they would point at people.")


def signature(name: str, title: str | None) -> str:
    """'A. Mensah, Country Director', or the name alone when the directory has no title."""
    return f"{name}, {title}" if title else name


def endorsement_text(line: str, name: str, title: str | None) -> str:
    """'Take 15 minutes on Friday for this: it is part of our work. — A. Mensah, Country
    Director': what every prompt of an endorsed program carries."""
    return f"{line} — {signature(name, title)}"


def month_label(month: date) -> str:
    """'December 2026', in the current language."""
    return format_date(month, "LLLL y", locale=current_language())


def participation_text(answered: int, asked: int, percent: str) -> str:
    """'29 of 40 prompts answered, 73% (57–84%)'."""
    return ngettext(
        "{answered} of {asked} prompt answered, {percent}",
        "{answered} of {asked} prompts answered, {percent}",
        asked,
    ).format(answered=answered, asked=asked, percent=percent)


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
    lines = [_("Participation: {figures}").format(figures=figures.participation)]
    if figures.shared is not None:
        lines.append(_("Lessons shared: {count}").format(count=figures.shared))
    if figures.highlights:
        lines.append(_("Highlights:"))
        lines.extend(f"• {author}: “{excerpt}”" for author, excerpt in figures.highlights)
    buttons = (
        (Button(SPONSOR_THANK, _("Thank everyone who shared"), str(summary_id), "primary"),)
        if figures.sharers
        else ()
    )
    return OutgoingMessage(
        title=_("{program}: your summary for {month}").format(program=figures.program, month=month),
        text="\n".join(lines),
        context=(
            _("Figures for fewer than 5 people are never shown; anonymous answers stay anonymous."),
        ),
        buttons=buttons,
    )


def thanks_text(program: str, month: date, sponsor: str) -> str:
    """The thank-you exactly as each person who shared reads it."""
    return _(
        "Thank you for sharing what you learned in {program} in {month}. "
        "Your lessons help all of us do our work better. — {sponsor}"
    ).format(program=program, month=month_label(month), sponsor=sponsor)


def thanks_message(program: str, month: date, sponsor: str) -> OutgoingMessage:
    """The thank-you the bot posts for the sponsor, to each person who shared."""
    return OutgoingMessage(
        title=_("A thank-you from {sponsor}").format(sponsor=sponsor),
        text=thanks_text(program, month, sponsor),
        context=(
            _("Sent by kmbot for {sponsor}, the sponsor of {program}.").format(
                sponsor=sponsor, program=program
            ),
        ),
    )


def reach_text(named: Sequence[str], anonymous: int) -> str:
    """'Ana, Ben and 2 people who shared anonymously (names not shown)'."""
    parts = list(named)
    if anonymous:
        parts.append(
            ngettext(
                "{count} person who shared anonymously (names not shown)",
                "{count} people who shared anonymously (names not shown)",
                anonymous,
            ).format(count=anonymous)
        )
    if len(parts) == 1:
        return parts[0]
    return _("{names} and {last}").format(names=", ".join(parts[:-1]), last=parts[-1])


def preview_message(
    summary_id: int, text: str, named: Sequence[str], anonymous: int
) -> OutgoingMessage:
    """What the sponsor confirms: the exact message, and who it reaches."""
    count = len(named) + anonymous
    return OutgoingMessage(
        title=_("Send this thank-you?"),
        text=text
        + "\n\n"
        + ngettext(
            "It reaches {count} person: {names}. Each gets it privately, from you.",
            "It reaches {count} people: {names}. Each gets it privately, from you.",
            count,
        ).format(count=count, names=reach_text(named, anonymous)),
        buttons=(
            Button(
                SPONSOR_THANK_SEND,
                _("Send to {count}").format(count=count),
                str(summary_id),
                "primary",
            ),
            Button(SPONSOR_THANK_CANCEL, _("Don't send"), str(summary_id)),
        ),
    )


def sent_text(count: int) -> str:
    return ngettext(
        "Sent: {count} person got your thank-you.",
        "Sent: {count} people got your thank-you.",
        count,
    ).format(count=count)
