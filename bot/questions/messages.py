"""What kmbot says about proposed questions: the proposal's confirmation and form, the weekly
vote note, the review, the decision the proposer hears, the rating and the monthly note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from bot.actions import (
    QUESTION_APPROVE,
    QUESTION_AS_ANSWER,
    QUESTION_CANCEL,
    QUESTION_CONFIRM,
    QUESTION_DECLINE,
    QUESTION_PROPOSE,
    QUESTION_RATE,
    QUESTION_VOTE,
)
from bot.chat import Button, Choice, Form, FormField, OutgoingMessage
from bot.i18n import N_, _, current_language, ngettext

PROPOSAL_MIN_CHARS = 10
PROPOSAL_MAX_CHARS = 300
REASON_MAX_CHARS = 300
NOTE_PROPOSALS = 10  # proposals in one weekly vote note; later ones wait for the next
PENDING_LIMIT = 3  # proposals one member may have waiting for review at once

CREDIT_CHOICES = (("named", N_("With my name")), ("anonymous", N_("As “a colleague”")))
RATINGS = {"good": N_("Good question"), "not_for_me": N_("Not for me")}


def propose_button() -> Button:
    return Button(QUESTION_PROPOSE, _("Propose a question"))


# Translated at use (`_(NO_PROGRAM)`), in the reader's language:
PROPOSE_USAGE = N_(
    "Write `propose QUESTION`, e.g. `propose What did a customer teach you this month?`, "
    "or just `propose` for a form."
)
NO_PROGRAM = N_("You are not in any program yet, so there is nowhere to propose a question.")
GONE = N_("That proposal is no longer available.")
CANCELLED = N_("Cancelled: nothing was proposed.")
OWN_PROPOSAL = N_("It's your proposal: your colleagues vote on it.")
ALREADY_VOTED = N_("You already voted for this one: one vote per person.")
NOT_IN_PROGRAM = N_("This proposal is for a program you are not in, so you cannot vote on it.")
CLOSED_FOR_VOTES = N_("That proposal was declined, so it takes no more votes.")
REVIEWERS_ONLY = N_("Only kmbot admins and champions review proposed questions.")
RATED = N_("Thanks! Your rating helps choose the next questions. It is never shown with your name.")
RATE_GONE = N_("That rating is no longer available.")


def credit_line(name: str | None) -> str:
    """How a prompt credits the colleague who proposed its question."""
    return (
        _("💡 Proposed by {name}.").format(name=name) if name else _("💡 Proposed by a colleague.")
    )


def credit_of(name: str, anonymous: bool) -> str:
    return _("a colleague") if anonymous or not name else name


def length_error(length: int) -> str | None:
    if length < PROPOSAL_MIN_CHARS:
        return _("A proposed question needs at least {count} characters.").format(
            count=PROPOSAL_MIN_CHARS
        )
    if length > PROPOSAL_MAX_CHARS:
        return _("A proposed question can be at most {count} characters ({length} now).").format(
            count=PROPOSAL_MAX_CHARS, length=length
        )
    return None


def duplicate_of_question(question_id: int, text: str) -> str:
    return _(
        "That question is already asked here (question {number}: “{text}”). "
        "Propose a different one, or answer it when it comes round."
    ).format(number=question_id, text=text)


def duplicate_of_proposal(status: str, text: str) -> str:
    sentence = {
        "pending": N_(
            "“{text}” is already proposed and in the vote; propose a different question."
        ),
        "approved": N_("“{text}” was already proposed and adopted; propose a different question."),
        "declined": N_("“{text}” was already proposed and declined; propose a different question."),
    }[status]
    return _(sentence).format(text=text)


def too_many_pending() -> str:
    return _(
        "You have {count} proposals waiting for review already; "
        "propose another once one of them is decided."
    ).format(count=PENDING_LIMIT)


def which_program(names: Sequence[str]) -> str:
    listed = ", ".join(names)
    return _("You are in {count} programs ({names}): write `propose PROGRAM: QUESTION`.").format(
        count=len(names), names=listed
    )


def confirm_message(
    proposal_id: int, text: str, program: str, answer_open: bool
) -> OutgoingMessage:
    """ "Propose this?", with the choice of credit (and a way out for an answer)."""
    buttons = [
        Button(QUESTION_CONFIRM, _("Propose with my name"), f"{proposal_id}:named", "primary"),
        Button(QUESTION_CONFIRM, _("Propose anonymously"), f"{proposal_id}:anonymous"),
        Button(QUESTION_CANCEL, _("Cancel"), str(proposal_id)),
    ]
    if answer_open:
        buttons.append(Button(QUESTION_AS_ANSWER, _("It's my answer"), str(proposal_id)))
    return OutgoingMessage(
        title=_("{program}: propose a question").format(program=program),
        text=_("Propose “{text}” for {program}?").format(text=text, program=program),
        context=(
            _(
                "Colleagues vote on it in Monday's note; an admin or champion then adopts or "
                "declines it, and I tell you which. Anonymously, it says “proposed by a colleague”."
            ),
        ),
        buttons=tuple(buttons),
    )


def proposal_form(programs: Sequence[tuple[int, str]]) -> Form:
    """The App Home (and Teams) form: the question, the credit and, for several, the program."""
    fields = [
        FormField("question", _("Your question"), max_length=PROPOSAL_MAX_CHARS),
        FormField(
            "credit",
            _("Credit"),
            multiline=False,
            choices=tuple(Choice(value, _(label)) for value, label in CREDIT_CHOICES),
            initial="named",
        ),
    ]
    if len(programs) > 1:
        fields.append(
            FormField(
                "program",
                _("For which program?"),
                multiline=False,
                choices=tuple(Choice(str(pid), name[:75]) for pid, name in programs),
                initial=str(programs[0][0]),
            )
        )
    return Form(QUESTION_PROPOSE, _("Propose a question"), tuple(fields), submit_label=_("Propose"))


def proposed_text(program: str) -> str:
    return _(
        "Thanks! Your question is proposed for {program}. Colleagues vote on it in Monday's "
        "note, and I'll tell you what the admins and champions decide."
    ).format(program=program)


@dataclass(frozen=True)
class NoteEntry:
    """One proposal as the weekly vote note lists it."""

    proposal_id: int
    text: str
    credit: str  # a name, or "a colleague"


def vote_note(program: str, entries: Sequence[NoteEntry]) -> OutgoingMessage:
    """The weekly note: this week's proposals, one Vote button each."""
    lines = [
        f"*{n}.* " + _("“{text}” (proposed by {credit})").format(text=e.text, credit=e.credit)
        for n, e in enumerate(entries, 1)
    ]
    buttons = [
        Button(QUESTION_VOTE, _("Vote for {number}").format(number=n), str(e.proposal_id))
        for n, e in enumerate(entries, 1)
    ]
    return OutgoingMessage(
        title=_("{program}: questions your colleagues proposed").format(program=program),
        text=_("Which would you like to be asked? One click each; the most voted go first.")
        + "\n\n"
        + "\n".join(lines),
        context=(_("Votes are counted, never shown with your name."),),
        buttons=(*buttons, propose_button()),
    )


def voted_text(count: int) -> str:
    return ngettext(
        "Thanks, your vote is counted ({count} vote so far).",
        "Thanks, your vote is counted ({count} votes so far).",
        count,
    ).format(count=count)


def review_message(proposal_id: int, program: str, text: str, credit: str) -> OutgoingMessage:
    """What admins and champions get for each proposal: Approve, or Decline with a reason."""
    return OutgoingMessage(
        title=_("{program}: a proposed question to review").format(program=program),
        text=f"“{text}”\n" + _("Proposed by {credit}.").format(credit=credit),
        context=(_("Approved questions join the rotation, the most voted first."),),
        buttons=(
            Button(QUESTION_APPROVE, _("Approve"), str(proposal_id), "primary"),
            Button(QUESTION_DECLINE, _("Decline…"), str(proposal_id)),
        ),
    )


def decline_form(proposal_id: int) -> Form:
    return Form(
        QUESTION_DECLINE,
        _("Decline a proposal"),
        (FormField("reason", _("Why? The proposer reads this."), max_length=REASON_MAX_CHARS),),
        value=str(proposal_id),
        submit_label=_("Decline"),
    )


def already_decided(status: str, reviewer: str) -> str:
    sentence = {
        "approved": N_("That proposal was already approved by {reviewer}."),
        "declined": N_("That proposal was already declined by {reviewer}."),
    }.get(status, N_("That proposal was already decided by {reviewer}."))
    return _(sentence).format(reviewer=reviewer or _("a reviewer"))


def approved_text(votes: int) -> str:
    return ngettext(
        "Approved: it joins the rotation ({count} vote so far).",
        "Approved: it joins the rotation ({count} votes so far).",
        votes,
    ).format(count=votes)


DECLINED = N_("Declined: the proposer gets your reason.")
REASON_NEEDED = N_("Please say why, in a sentence: the proposer reads it.")


def adopted_note(program: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("{program}: your question was adopted").format(program=program),
        text=_(
            "Good news: “{text}” joins the questions of {program}. "
            "When it is asked, the prompt credits you as you chose."
        ).format(text=text, program=program),
    )


def declined_note(program: str, text: str, reviewer: str, reason: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("{program}: your question was not adopted").format(program=program),
        text=(
            _("“{text}” was not adopted. {reviewer} said: “{reason}”")
            if reviewer
            else _("“{text}” was not adopted. A reviewer said: “{reason}”")
        ).format(text=text, reviewer=reviewer, reason=reason),
        context=(_("You can propose another question any time: `propose QUESTION`."),),
    )


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
