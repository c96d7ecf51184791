"""What kmbot says about reviewing a proposed question: the review admins and champions get,
the decline form, what the reviewer hears, and the decision the proposer hears."""

from __future__ import annotations

from bot.actions import QUESTION_APPROVE, QUESTION_DECLINE
from bot.chat import Button, Form, FormField, OutgoingMessage
from bot.i18n import N_, _, ngettext

REASON_MAX_CHARS = 300

# Translated at use (`_(REVIEWERS_ONLY)`), in the reader's language:
REVIEWERS_ONLY = N_("Only kmbot admins and champions review proposed questions.")
DECLINED = N_("Declined: the proposer gets your reason.")
REASON_NEEDED = N_("Please say why, in a sentence: the proposer reads it.")


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
