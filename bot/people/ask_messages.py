"""What kmbot says when a member asks their leads a question ("ask up"); pure wording."""

from __future__ import annotations

from bot.actions import ASK_ANSWER, ASK_ANSWER_FORM
from bot.chat import Button, Form, FormField, OutgoingMessage
from bot.i18n import N_, _

ANONYMITY_FLOOR = 5
"""An anonymous question needs a unit at least this big, or the lead could guess who asked."""
QUESTION_MAX_CHARS = 2000
ANSWER_MAX_CHARS = 3000

USAGE = N_(
    "Write your question after it: `ask leads QUESTION` (or `ask leads anonymously QUESTION`)."
)


def question_for_lead(question_id: int, text: str, asker: str | None, unit: str) -> OutgoingMessage:
    """The question as a lead gets it; `asker` None when it was sent anonymously."""
    if asker:
        who = _("{name} asks").format(name=asker)
    elif unit:
        who = _("Someone in {unit} asks (anonymously)").format(unit=unit)
    else:
        who = _("Someone in your team asks (anonymously)")
    return OutgoingMessage(
        title=_("A question from your team"),
        text=f"{who}:\n\n“{text}”",
        context=(
            _(
                "An honest answer helps most, including what you got wrong or are still "
                "working out. Only the person who asked sees your answer."
            ),
        ),
        buttons=(Button(ASK_ANSWER, _("Answer"), str(question_id), "primary"),),
    )


def answer_form(question_id: int, text: str) -> Form:
    label = _("Your answer to “{question}”").format(question=text[:150])
    field = FormField("answer", label, max_length=ANSWER_MAX_CHARS)
    return Form(ASK_ANSWER_FORM, _("Answer the question"), (field,), str(question_id), _("Send"))


def answer_for_asker(lead: str, question: str, answer: str) -> OutgoingMessage:
    """What the asker gets when a lead answers: the answer, and the credit for asking."""
    return OutgoingMessage(
        title=_("A lead answered your question"),
        text=_("{lead} answered your question “{question}”:").format(lead=lead, question=question)
        + f"\n\n“{answer}”",
        context=(
            _(
                "Thank you for asking: questions like yours are how what leads know reaches "
                "the team. This one is counted as yours."
            ),
        ),
    )


def asked_text(leads: list[str], anonymous: bool) -> str:
    names = ", ".join(leads)
    if anonymous:
        return _(
            "Sent to {names} without your name. I'll bring you the answer here; "
            "they will not know it was you."
        ).format(names=names)
    return _("Sent to {names}. I'll bring you the answer here.").format(names=names)


def too_small_for_anonymity(unit: str) -> str:
    return _(
        "{unit} has fewer than {count} people, so your lead could "
        "guess who asked. Ask with your name (`ask leads QUESTION`), or write to them directly."
    ).format(unit=unit or _("Your team"), count=ANONYMITY_FLOOR)


def nobody_to_ask(unit: str) -> str:
    return _(
        "Nobody leads {unit} in kmbot yet, so there is no one to send it to. "
        "An admin can name a lead (`member role PERSON lead`)."
    ).format(unit=unit or _("your team"))
