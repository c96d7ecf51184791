"""What kmbot says about the weekly vote: the note listing this week's proposals, and what a
voter hears."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.actions import QUESTION_VOTE
from bot.chat import Button, OutgoingMessage
from bot.i18n import N_, _, ngettext
from bot.questions.proposal_messages import propose_button

NOTE_PROPOSALS = 10  # proposals in one weekly vote note; later ones wait for the next

# Translated at use (`_(OWN_PROPOSAL)`), in the reader's language:
OWN_PROPOSAL = N_("It's your proposal: your colleagues vote on it.")
ALREADY_VOTED = N_("You already voted for this one: one vote per person.")
NOT_IN_PROGRAM = N_("This proposal is for a program you are not in, so you cannot vote on it.")
CLOSED_FOR_VOTES = N_("That proposal was declined, so it takes no more votes.")


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
