"""What kmbot says around a typed reply: who will see it, Save / Edit / Not an answer."""

from __future__ import annotations

from bot.actions import DRAFT_DISCARD, DRAFT_EDIT, DRAFT_SAVE, PROMPT_ANSWER
from bot.chat import Button, OutgoingMessage
from bot.i18n import _

QUOTE_CHARS = 600  # of a long reply, the confirmation quotes this much


def who_sees(share_mode: str, visibility: str, admins_see_private: bool = False) -> str:
    """Where an answer goes, in words a member reads before it is saved."""
    if share_mode == "private" or visibility == "private":
        if admins_see_private:
            return _("kept private: only the program's admins see it, on kmbot's dashboard")
        return _("kept private: nobody else sees it in kmbot")
    if share_mode == "feed":
        if visibility == "shared":
            return _("posted with your name in the program's feed channel")
        return _("posted without your name (anonymously) in the program's feed channel")
    if visibility == "shared":
        return _("shared with your name in the round's digest in the program's feed channel")
    return _(
        "shared without your name (anonymously) in the round's digest in the program's feed channel"
    )


def who_sees_line(share_mode: str, visibility: str, admins_see_private: bool = False) -> str:
    """The line every prompt carries, so nobody answers without knowing who reads it."""
    where = who_sees(share_mode, visibility, admins_see_private)
    if share_mode == "private":
        return _("Who sees your answer: it is {where}.").format(where=where)
    line = _(
        "Who sees your answer: it is {where} (the Answer form lets you choose otherwise)."
    ).format(where=where)
    if admins_see_private and visibility != "private":
        line += " " + _(
            "If you keep it private, the program's admins can read it on the dashboard."
        )
    return line


def private_choice_label(admins_see_private: bool) -> str:
    """The answer form's private choice, naming who still reads a private answer."""
    if admins_see_private:
        return _("Keep private (only the program's admins)")
    return _("Keep private (nobody else)")


def confirm_message(draft_id: int, question: str, text: str, where: str) -> OutgoingMessage:
    """Asks before a typed reply becomes an answer."""
    quoted = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rstrip() + " …"
    value = str(draft_id)
    return OutgoingMessage(
        title=_("Save this as your answer?"),
        text=(
            _("Save this as your answer to this week's question, _{question}_").format(
                question=_(question)
            )
            + "\n\n"
            + "\n".join(f"> {line}" for line in quoted.splitlines() or [""])
            + "\n\n"
            + _("It will be {where}.").format(where=where)
        ),
        buttons=(
            Button(DRAFT_SAVE, _("Save"), value, "primary"),
            Button(DRAFT_EDIT, _("Edit"), value),
            Button(DRAFT_DISCARD, _("Not an answer"), value),
        ),
    )


def question_reply(prompt_id: int, question: str, where: str) -> OutgoingMessage:
    """A question typed while a prompt is open: answered, and nothing is saved."""
    return OutgoingMessage(
        title=_("Not saved: that looks like a question"),
        text=(
            _("That looks like a question, so I did not save it as your answer.")
            + "\n\n"
            + _(
                "I'm kmbot: once a week I ask one short question so colleagues learn from each "
                "other. This week's is _{question}_. Your answer is {where}; "
                "nothing is shared until you confirm it. Type `help` for what else I can do."
            ).format(question=_(question), where=where)
        ),
        buttons=(Button(PROMPT_ANSWER, _("Answer"), str(prompt_id), "primary"),),
    )


def saved_text(where: str, late: bool) -> str:
    """What a member is told once a confirmed reply is stored, naming who sees it."""
    if late:
        return _(
            "Saved as your answer (the round had closed, so it is marked late). It is {where}."
        ).format(where=where)
    return _("Saved as your answer. It is {where}.").format(where=where)
