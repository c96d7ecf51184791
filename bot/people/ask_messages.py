"""What kmbot says when a member asks their leads a question ("ask up"); pure wording."""

from __future__ import annotations

from bot.actions import ASK_ANSWER, ASK_ANSWER_FORM
from bot.chat import Button, Form, FormField, OutgoingMessage

ANONYMITY_FLOOR = 5
"""An anonymous question needs a unit at least this big, or the lead could guess who asked."""
QUESTION_MAX_CHARS = 2000
ANSWER_MAX_CHARS = 3000

USAGE = "Write your question after it: `ask leads QUESTION` (or `ask leads anonymously QUESTION`)."


def question_for_lead(question_id: int, text: str, asker: str | None, unit: str) -> OutgoingMessage:
    """The question as a lead gets it; `asker` None when it was sent anonymously."""
    who = f"{asker} asks" if asker else f"Someone in {unit or 'your team'} asks (anonymously)"
    return OutgoingMessage(
        title="A question from your team",
        text=f"{who}:\n\n“{text}”",
        context=(
            "An honest answer helps most, including what you got wrong or are still "
            "working out. Only the person who asked sees your answer.",
        ),
        buttons=(Button(ASK_ANSWER, "Answer", str(question_id), "primary"),),
    )


def answer_form(question_id: int, text: str) -> Form:
    field = FormField("answer", f"Your answer to “{text[:150]}”", max_length=ANSWER_MAX_CHARS)
    return Form(ASK_ANSWER_FORM, "Answer the question", (field,), str(question_id), "Send")


def answer_for_asker(lead: str, question: str, answer: str) -> OutgoingMessage:
    """What the asker gets when a lead answers: the answer, and the credit for asking."""
    return OutgoingMessage(
        title="A lead answered your question",
        text=f"{lead} answered your question “{question}”:\n\n“{answer}”",
        context=(
            "Thank you for asking: questions like yours are how what leads know reaches "
            "the team. This one is counted as yours.",
        ),
    )


def asked_text(leads: list[str], anonymous: bool) -> str:
    names = ", ".join(leads)
    if anonymous:
        return (
            f"Sent to {names} without your name. I'll bring you the answer here; "
            "they will not know it was you."
        )
    return f"Sent to {names}. I'll bring you the answer here."


def too_small_for_anonymity(unit: str) -> str:
    return (
        f"{unit or 'Your team'} has fewer than {ANONYMITY_FLOOR} people, so your lead could "
        "guess who asked. Ask with your name (`ask leads QUESTION`), or write to them directly."
    )


def nobody_to_ask(unit: str) -> str:
    return (
        f"Nobody leads {unit or 'your team'} in kmbot yet, so there is no one to send it to. "
        "An admin can name a lead (`member role PERSON lead`)."
    )
