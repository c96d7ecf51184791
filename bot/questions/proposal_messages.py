"""What kmbot says to a member proposing a question: the confirmation and the form, what is
wrong with a proposal, and the thanks once it is proposed."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import QUESTION_AS_ANSWER, QUESTION_CANCEL, QUESTION_CONFIRM, QUESTION_PROPOSE
from bot.chat import Button, Choice, Form, FormField, OutgoingMessage
from bot.i18n import N_, _

PROPOSAL_MIN_CHARS = 10
PROPOSAL_MAX_CHARS = 300
PENDING_LIMIT = 3  # proposals one member may have waiting for review at once

CREDIT_CHOICES = (("named", N_("With my name")), ("anonymous", N_("As “a colleague”")))


def propose_button() -> Button:
    return Button(QUESTION_PROPOSE, _("Propose a question"))


# Translated at use (`_(NO_PROGRAM)`), in the reader's language:
PROPOSE_USAGE = N_(
    "Write `propose QUESTION`, e.g. `propose What did a customer teach you this month?`, "
    "or just `propose` for a form."
)
NO_PROGRAM = N_("You are not in any program yet, so there is nowhere to propose a question.")
CANCELLED = N_("Cancelled: nothing was proposed.")


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
