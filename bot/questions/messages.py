"""What kmbot says about proposed questions wherever they appear: the proposer's credit, the
rating buttons and the monthly "you said, we did" note. Proposing: proposal_messages; the
weekly vote: vote_messages; the review and its decision: review_messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from bot.actions import QUESTION_RATE
from bot.chat import Button, OutgoingMessage
from bot.i18n import N_, _, current_language, ngettext

RATINGS = {"good": N_("Good question"), "not_for_me": N_("Not for me")}

# Translated at use (`_(GONE)`), in the reader's language:
GONE = N_("That proposal is no longer available.")
RATED = N_("Thanks! Your rating helps choose the next questions. It is never shown with your name.")
RATE_GONE = N_("That rating is no longer available.")


def credit_line(name: str | None) -> str:
    """How a prompt credits the colleague who proposed its question."""
    return (
        _("💡 Proposed by {name}.").format(name=name) if name else _("💡 Proposed by a colleague.")
    )


def credit_of(name: str, anonymous: bool) -> str:
    return _("a colleague") if anonymous or not name else name


def rating_buttons(prompt_id: int) -> tuple[Button, ...]:
    """One click after answering: was the question a good one?"""
    return tuple(
        Button(QUESTION_RATE, _(label), f"{prompt_id}:{rating}")
        for rating, label in RATINGS.items()
    )


@dataclass(frozen=True)
class MonthInReview:
    """A program's month of proposals: what was proposed, adopted and retired."""

    proposed: int
    adopted: tuple[str, ...]
    retired: tuple[str, ...]


def monthly_note(program: str, month: date, review: MonthInReview) -> OutgoingMessage:
    """The short "you said, we did" note."""
    said = ngettext(
        "You proposed {count} question.", "You proposed {count} questions.", review.proposed
    ).format(count=review.proposed)
    lines = [said]
    if review.adopted:
        adopted = "; ".join(f"“{t}”" for t in review.adopted)
        lines.append(_("We adopted: {questions}.").format(questions=adopted))
    else:
        lines.append(_("None was adopted yet."))
    if review.retired:
        retired = "; ".join(f"“{t}”" for t in review.retired)
        lines.append(_("We retired: {questions}.").format(questions=retired))
    label = format_date(month, "LLLL y", locale=current_language())
    return OutgoingMessage(
        title=_("{program}: you said, we did ({month})").format(program=program, month=label),
        text="\n".join(lines),
        context=(_("Propose the next one with `propose QUESTION`."),),
    )
