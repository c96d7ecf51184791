"""What a champion's weekly note says: internal, for champions only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.chat import OutgoingMessage
from bot.i18n import N_, _

INTERNAL = N_("For champions only: not shared with your colleagues, and not a pilot figure.")
NOTHING = N_("Nothing to flag this week.")
EXCERPT_CHARS = 140


@dataclass(frozen=True)
class QuietRound:
    """A program whose last round in the unit fell well below the unit's recent rounds."""

    program: str
    last: float  # share answered, 0-1
    usual: float  # the recent rounds' average, 0-1


@dataclass(frozen=True)
class Answer:
    author: str
    text: str
    helpful: int = 0


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def champion_note(
    unit: str,
    week: str,
    quiet: Sequence[QuietRound],
    unacknowledged: Sequence[Answer],
    lesson: Answer | None,
) -> OutgoingMessage:
    """Units going quiet, answers nobody acknowledged, a lesson of the week to amplify."""
    lines = []
    for one in quiet:
        lines.append(
            _(
                "Going quiet: {unit} in {program}, {last:.0%} answered last round, "
                "against {usual:.0%} in its recent rounds."
            ).format(unit=unit, program=one.program, last=one.last, usual=one.usual)
        )
    if unacknowledged:
        lines.append(_("Answers nobody acknowledged yet (no Helpful, no reuse, no thanks):"))
        lines += [f"• {a.author}: “{_excerpt(a.text)}”" for a in unacknowledged]
    if lesson is not None:
        lines.append(
            _("Lesson of the week to amplify ({helpful} Helpful): {author}: “{text}”").format(
                helpful=lesson.helpful, author=lesson.author, text=_excerpt(lesson.text)
            )
        )
    return OutgoingMessage(
        title=_("For champions only: {unit}, week {week}").format(unit=unit, week=week),
        text="\n".join(lines) or _(NOTHING),
        context=(_(INTERNAL),),
    )
