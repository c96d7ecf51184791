"""What kmbot says around a typed reply: who will see it, Save / Edit / Not an answer."""

from __future__ import annotations

from bot.actions import DRAFT_DISCARD, DRAFT_EDIT, DRAFT_SAVE, PROMPT_ANSWER
from bot.chat import Button, OutgoingMessage

QUOTE_CHARS = 600  # of a long reply, the confirmation quotes this much


def who_sees(share_mode: str, visibility: str, admins_see_private: bool = False) -> str:
    """Where an answer goes, in words a member reads before it is saved."""
    if share_mode == "private" or visibility == "private":
        if admins_see_private:
            return "kept private: only the program's admins see it, on kmbot's dashboard"
        return "kept private: nobody else sees it in kmbot"
    named = "with your name" if visibility == "shared" else "without your name (anonymously)"
    if share_mode == "feed":
        return f"posted {named} in the program's feed channel"
    return f"shared {named} in the round's digest in the program's feed channel"


ADMINS_SEE_PRIVATE = "If you keep it private, the program's admins can read it on the dashboard"


def who_sees_line(share_mode: str, visibility: str, admins_see_private: bool = False) -> str:
    """The line every prompt carries, so nobody answers without knowing who reads it."""
    line = f"Who sees your answer: it is {who_sees(share_mode, visibility, admins_see_private)}"
    if share_mode != "private":
        line += " (the Answer form lets you choose otherwise)"
    if admins_see_private and share_mode != "private" and visibility != "private":
        line += f". {ADMINS_SEE_PRIVATE}"
    return line + "."


def private_choice_label(admins_see_private: bool) -> str:
    """The answer form's private choice, naming who still reads a private answer."""
    if admins_see_private:
        return "Keep private (only the program's admins)"
    return "Keep private (nobody else)"


def confirm_message(draft_id: int, question: str, text: str, where: str) -> OutgoingMessage:
    """Asks before a typed reply becomes an answer."""
    quoted = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rstrip() + " …"
    value = str(draft_id)
    return OutgoingMessage(
        title="Save this as your answer?",
        text=(
            f"Save this as your answer to this week's question, _{question}_\n\n"
            + "\n".join(f"> {line}" for line in quoted.splitlines() or [""])
            + f"\n\nIt will be {where}."
        ),
        buttons=(
            Button(DRAFT_SAVE, "Save", value, "primary"),
            Button(DRAFT_EDIT, "Edit", value),
            Button(DRAFT_DISCARD, "Not an answer", value),
        ),
    )


def question_reply(prompt_id: int, question: str, where: str) -> OutgoingMessage:
    """A question typed while a prompt is open: answered, and nothing is saved."""
    return OutgoingMessage(
        title="Not saved: that looks like a question",
        text=(
            "That looks like a question, so I did not save it as your answer.\n\n"
            "I'm kmbot: once a week I ask one short question so colleagues learn from each "
            f"other. This week's is _{question}_. Your answer is {where}; "
            "nothing is shared until you confirm it. Type `help` for what else I can do."
        ),
        buttons=(Button(PROMPT_ANSWER, "Answer", str(prompt_id), "primary"),),
    )


def saved_text(where: str, late: bool) -> str:
    """What a member is told once a confirmed reply is stored, naming who sees it."""
    late_note = " (the round had closed, so it is marked late)" if late else ""
    return f"Saved as your answer{late_note}. It is {where}."
