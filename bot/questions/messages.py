"""What kmbot says about proposed questions: the proposal's confirmation and form, the weekly
vote note, the review, the decision the proposer hears, the rating and the monthly note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

PROPOSAL_MIN_CHARS = 10
PROPOSAL_MAX_CHARS = 300
REASON_MAX_CHARS = 300
NOTE_PROPOSALS = 10  # proposals in one weekly vote note; later ones wait for the next
PENDING_LIMIT = 3  # proposals one member may have waiting for review at once

CREDIT_CHOICES = (
    Choice("named", "With my name"),
    Choice("anonymous", "As “a colleague”"),
)
RATINGS = {"good": "Good question", "not_for_me": "Not for me"}

PROPOSE_BUTTON = Button(QUESTION_PROPOSE, "Propose a question")
PROPOSE_USAGE = (
    "Write `propose QUESTION`, e.g. `propose What did a customer teach you this month?`, "
    "or just `propose` for a form."
)
NO_PROGRAM = "You are not in any program yet, so there is nowhere to propose a question."
GONE = "That proposal is no longer available."
CANCELLED = "Cancelled: nothing was proposed."
OWN_PROPOSAL = "It's your proposal: your colleagues vote on it."
ALREADY_VOTED = "You already voted for this one: one vote per person."
NOT_IN_PROGRAM = "This proposal is for a program you are not in, so you cannot vote on it."
CLOSED_FOR_VOTES = "That proposal was declined, so it takes no more votes."
REVIEWERS_ONLY = "Only kmbot admins and champions review proposed questions."
RATED = "Thanks! Your rating helps choose the next questions. It is never shown with your name."
RATE_GONE = "That rating is no longer available."


def credit_line(name: str | None) -> str:
    """How a prompt credits the colleague who proposed its question."""
    return f"💡 Proposed by {name}." if name else "💡 Proposed by a colleague."


def credit_of(name: str, anonymous: bool) -> str:
    return "a colleague" if anonymous or not name else name


def length_error(length: int) -> str | None:
    if length < PROPOSAL_MIN_CHARS:
        return f"A proposed question needs at least {PROPOSAL_MIN_CHARS} characters."
    if length > PROPOSAL_MAX_CHARS:
        return f"A proposed question can be at most {PROPOSAL_MAX_CHARS} characters ({length} now)."
    return None


def duplicate_of_question(question_id: int, text: str) -> str:
    return (
        f"That question is already asked here (question {question_id}: “{text}”). "
        "Propose a different one, or answer it when it comes round."
    )


def duplicate_of_proposal(status: str, text: str) -> str:
    where = {
        "pending": "is already proposed and in the vote",
        "approved": "was already proposed and adopted",
        "declined": "was already proposed and declined",
    }[status]
    return f"“{text}” {where}; propose a different question."


def too_many_pending() -> str:
    return (
        f"You have {PENDING_LIMIT} proposals waiting for review already; "
        "propose another once one of them is decided."
    )


def which_program(names: Sequence[str]) -> str:
    listed = ", ".join(names)
    return f"You are in {len(names)} programs ({listed}): write `propose PROGRAM: QUESTION`."


def confirm_message(
    proposal_id: int, text: str, program: str, answer_open: bool
) -> OutgoingMessage:
    """ "Propose this?", with the choice of credit (and a way out for an answer)."""
    buttons = [
        Button(QUESTION_CONFIRM, "Propose with my name", f"{proposal_id}:named", "primary"),
        Button(QUESTION_CONFIRM, "Propose anonymously", f"{proposal_id}:anonymous"),
        Button(QUESTION_CANCEL, "Cancel", str(proposal_id)),
    ]
    if answer_open:
        buttons.append(Button(QUESTION_AS_ANSWER, "It's my answer", str(proposal_id)))
    return OutgoingMessage(
        title=f"{program}: propose a question",
        text=f"Propose “{text}” for {program}?",
        context=(
            "Colleagues vote on it in Monday's note; an admin or champion then adopts or "
            "declines it, and I tell you which. Anonymously, it says “proposed by a colleague”.",
        ),
        buttons=tuple(buttons),
    )


def proposal_form(programs: Sequence[tuple[int, str]]) -> Form:
    """The App Home (and Teams) form: the question, the credit and, for several, the program."""
    fields = [
        FormField("question", "Your question", max_length=PROPOSAL_MAX_CHARS),
        FormField("credit", "Credit", multiline=False, choices=CREDIT_CHOICES, initial="named"),
    ]
    if len(programs) > 1:
        fields.append(
            FormField(
                "program",
                "For which program?",
                multiline=False,
                choices=tuple(Choice(str(pid), name[:75]) for pid, name in programs),
                initial=str(programs[0][0]),
            )
        )
    return Form(QUESTION_PROPOSE, "Propose a question", tuple(fields), submit_label="Propose")


def proposed_text(program: str) -> str:
    return (
        f"Thanks! Your question is proposed for {program}. Colleagues vote on it in Monday's "
        "note, and I'll tell you what the admins and champions decide."
    )


@dataclass(frozen=True)
class NoteEntry:
    """One proposal as the weekly vote note lists it."""

    proposal_id: int
    text: str
    credit: str  # a name, or "a colleague"


def vote_note(program: str, entries: Sequence[NoteEntry]) -> OutgoingMessage:
    """The weekly note: this week's proposals, one Vote button each."""
    lines = [f"*{n}.* “{e.text}” (proposed by {e.credit})" for n, e in enumerate(entries, 1)]
    buttons = [
        Button(QUESTION_VOTE, f"Vote for {n}", str(e.proposal_id)) for n, e in enumerate(entries, 1)
    ]
    return OutgoingMessage(
        title=f"{program}: questions your colleagues proposed",
        text="Which would you like to be asked? One click each; the most voted go first.\n\n"
        + "\n".join(lines),
        context=("Votes are counted, never shown with your name.",),
        buttons=(*buttons, PROPOSE_BUTTON),
    )


def voted_text(count: int) -> str:
    others = "1 vote" if count == 1 else f"{count} votes"
    return f"Thanks, your vote is counted ({others} so far)."


def review_message(proposal_id: int, program: str, text: str, credit: str) -> OutgoingMessage:
    """What admins and champions get for each proposal: Approve, or Decline with a reason."""
    return OutgoingMessage(
        title=f"{program}: a proposed question to review",
        text=f"“{text}”\nProposed by {credit}.",
        context=("Approved questions join the rotation, the most voted first.",),
        buttons=(
            Button(QUESTION_APPROVE, "Approve", str(proposal_id), "primary"),
            Button(QUESTION_DECLINE, "Decline…", str(proposal_id)),
        ),
    )


def decline_form(proposal_id: int) -> Form:
    return Form(
        QUESTION_DECLINE,
        "Decline a proposal",
        (FormField("reason", "Why? The proposer reads this.", max_length=REASON_MAX_CHARS),),
        value=str(proposal_id),
        submit_label="Decline",
    )


def already_decided(status: str, reviewer: str) -> str:
    return f"That proposal was already {status} by {reviewer or 'a reviewer'}."


def approved_text(votes: int) -> str:
    return f"Approved: it joins the rotation ({votes} {'vote' if votes == 1 else 'votes'} so far)."


DECLINED = "Declined: the proposer gets your reason."
REASON_NEEDED = "Please say why, in a sentence: the proposer reads it."


def adopted_note(program: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"{program}: your question was adopted",
        text=f"Good news: “{text}” joins the questions of {program}. "
        "When it is asked, the prompt credits you as you chose.",
    )


def declined_note(program: str, text: str, reviewer: str, reason: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"{program}: your question was not adopted",
        text=f"“{text}” was not adopted. {reviewer or 'A reviewer'} said: “{reason}”",
        context=("You can propose another question any time: `propose QUESTION`.",),
    )


def rating_buttons(prompt_id: int) -> tuple[Button, ...]:
    """One click after answering: was the question a good one?"""
    return tuple(
        Button(QUESTION_RATE, label, f"{prompt_id}:{rating}") for rating, label in RATINGS.items()
    )


@dataclass(frozen=True)
class MonthInReview:
    """A program's month of proposals: what was proposed, adopted and retired."""

    proposed: int
    adopted: tuple[str, ...]
    retired: tuple[str, ...]


def monthly_note(program: str, month: str, review: MonthInReview) -> OutgoingMessage:
    """The short "you said, we did" note."""
    said = f"You proposed {review.proposed} {'question' if review.proposed == 1 else 'questions'}."
    lines = [said]
    if review.adopted:
        lines.append("We adopted: " + "; ".join(f"“{t}”" for t in review.adopted) + ".")
    else:
        lines.append("None was adopted yet.")
    if review.retired:
        lines.append("We retired: " + "; ".join(f"“{t}”" for t in review.retired) + ".")
    return OutgoingMessage(
        title=f"{program}: you said, we did ({month})",
        text="\n".join(lines),
        context=("Propose the next one with `propose QUESTION`.",),
    )
