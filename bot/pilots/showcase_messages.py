"""What the sponsor is asked for the pilot's showcase: the request, its form and the replies."""

from __future__ import annotations

from bot.actions import PILOT_WORDS
from bot.chat import Button, Form, FormField, OutgoingMessage
from bot.i18n import N_, _

WORDS_MAX_CHARS = 600  # two or three sentences
ONLY_THE_SPONSOR = N_("Only the pilot's sponsor writes its showcase words.")
WORDS_NEEDED = N_("Please write two or three sentences: the showcase is built around them.")
WORDS_GONE = N_("That pilot is no longer there.")


def words_request(pilot_id: int, program: str) -> OutgoingMessage:
    """The ask, with a button that opens the form (again, to change them later)."""
    return OutgoingMessage(
        title=_("{program}: in your own words").format(program=program),
        text=_(
            "The pilot has ended. Its showcase, a one-page report for other business "
            "managers, is built around your own words: in two or three sentences, what did "
            "the pilot change for your business?"
        ),
        context=(_("Shown with your name and title. You can change them at any time."),),
        buttons=(Button(PILOT_WORDS, _("Write them"), str(pilot_id), "primary"),),
    )


def words_form(pilot_id: int, program: str, current: str) -> Form:
    """The form, holding the words written so far (so asking again edits them)."""
    return Form(
        PILOT_WORDS,
        _("Your words on the pilot"),
        (
            FormField(
                "words",
                _("What did {program} change for your business? Two or three sentences.").format(
                    program=program
                ),
                max_length=WORDS_MAX_CHARS,
                initial=current,
            ),
        ),
        value=str(pilot_id),
        submit_label=_("Save"),
    )


def words_saved(changed: bool) -> str:
    if changed:
        return _("Changed: the showcase now shows your new words.")
    return _("Thank you: your words open the pilot's showcase.")
