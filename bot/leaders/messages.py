"""What kmbot says to leads and champions: nudges, recognition digests, weekly summaries."""

from __future__ import annotations

from collections.abc import Sequence

from bot.chat import Button, OutgoingMessage

MAX_THANK_BUTTONS = 10


def nudge_message(
    nudge_id: int, reasons: Sequence[str], figures: str, question: str
) -> OutgoingMessage:
    text = "\n".join(
        [*reasons, "", figures, "", f"A lesson you could share in two minutes: _{question}_"]
    )
    return OutgoingMessage(
        title="Your team's week: go first",
        text=text,
        buttons=(
            Button("nudge.lesson", "Post a lesson", str(nudge_id), "primary"),
            Button("nudge.thank", "Thank my team", str(nudge_id)),
            Button("nudge.snooze", "Snooze for 2 weeks", str(nudge_id)),
        ),
    )


def recognition_message(
    program: str, week: str, answers: Sequence[tuple[int, str, str]]
) -> OutgoingMessage:
    """Answers from the lead's team this round (id, author, text), each with a Thank button."""
    if not answers:
        return OutgoingMessage(
            title=f"{program}: your team's answers ({week})",
            text="Nobody in your team shared openly this round.",
        )
    lines = [f"*{author}*: {text[:200]}" for _, author, text in answers]
    buttons = tuple(
        Button("reply.thank", f"Thank {author}"[:30], str(reply_id))
        for reply_id, author, _ in answers[:MAX_THANK_BUTTONS]
    )
    return OutgoingMessage(
        title=f"{program}: your team's answers ({week})",
        text="\n".join(lines),
        buttons=buttons,
        context=("A thank-you tells the author who noticed.",),
    )


def thanked_message(lead: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(
        title="Someone noticed your answer", text=f"{lead} thanked you for sharing: “{text[:200]}”"
    )


def summary_message(week: str, lines: Sequence[str]) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"kmbot weekly summary ({week})",
        text="\n".join(lines) or "No program has run a round yet.",
    )
