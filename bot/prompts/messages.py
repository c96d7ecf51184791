"""What kmbot says: prompts, reminders, feed posts and digests as neutral messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.actions import ANSWER_FORM, PROMPT_ANSWER, PROMPT_SKIP, REPLY_HELPFUL
from bot.chat import Button, Choice, Form, FormField, OutgoingMessage

ANSWER_MAX_CHARS = 3000

VISIBILITY_CHOICES = (
    Choice("shared", "Share with my name"),
    Choice("anonymous", "Share anonymously"),
    Choice("private", "Keep private (only the program's admins)"),
)


@dataclass(frozen=True)
class PromptContent:
    """The parts of a prompt a member sees."""

    program_name: str
    purpose: str
    question: str
    fields: tuple[str, ...]
    share_mode: str


def field_id(index: int) -> str:
    return f"q{index}"


def answer_form(prompt_id: int, content: PromptContent) -> Form:
    """One input per question part, plus where the answer may go."""
    return Form(
        ANSWER_FORM,
        content.program_name[:24] or "Weekly question",
        _answer_inputs(content),
        value=str(prompt_id),
    )


@lru_cache(maxsize=256)
def _answer_inputs(content: PromptContent) -> tuple[FormField, ...]:
    """The form's inputs, the same for everyone asked this question (a fan-out shares them)."""
    inputs = [
        FormField(field_id(i), label, max_length=ANSWER_MAX_CHARS)
        for i, label in enumerate(content.fields)
    ]
    if content.share_mode != "private":
        inputs.append(
            FormField(
                "visibility",
                "Who can see this?",
                multiline=False,
                choices=VISIBILITY_CHOICES,
                initial="shared",
            )
        )
    return tuple(inputs)


def prompt_message(
    prompt_id: int, content: PromptContent, *, reminder: bool = False, lead_note: str = ""
) -> OutgoingMessage:
    """The weekly question, with Answer and Skip buttons and the answer form."""
    title, text, context = _prompt_words(content, reminder, lead_note)
    return OutgoingMessage(
        title=title,
        text=text,
        context=context,
        buttons=(
            Button(PROMPT_ANSWER, "Answer", str(prompt_id), "primary"),
            Button(PROMPT_SKIP, "Skip this week", str(prompt_id)),
        ),
        form=answer_form(prompt_id, content),
    )


@lru_cache(maxsize=256)
def _prompt_words(
    content: PromptContent, reminder: bool, lead_note: str
) -> tuple[str, str, tuple[str, ...]]:
    """Title, text and context of a prompt: the same for everyone asked this question."""
    opener = "A friendly reminder: this week's question is still open." if reminder else ""
    parts = [p for p in (opener, lead_note, content.question) if p]
    if len(content.fields) > 1:
        parts.append("\n".join(f"• {label}" for label in content.fields))
    context = (f"Why we ask: {content.purpose}", "You can also just reply here with your answer.")
    return f"{content.program_name}: this week's question", "\n\n".join(parts), context


def answered_message(content: PromptContent, late: bool) -> OutgoingMessage:
    """What the prompt turns into once answered."""
    note = "Thanks, your answer is recorded" + (" (after the round closed)." if late else ".")
    return OutgoingMessage(
        title=f"{content.program_name}: answered", text=f"{content.question}\n\n✅ {note}"
    )


def skipped_message(content: PromptContent) -> OutgoingMessage:
    """What the prompt turns into once skipped."""
    return OutgoingMessage(
        title=f"{content.program_name}: skipped",
        text=f"{content.question}\n\n⏭️ Skipped this week. See you next time.",
    )


def format_answers(answers: Sequence[dict[str, str]]) -> str:
    if len(answers) == 1:
        return answers[0]["text"]
    return "\n".join(f"*{a['label']}* {a['text']}" for a in answers)


def feed_post(
    reply_id: int,
    program_name: str,
    question: str,
    author: str | None,
    answers: Sequence[dict[str, str]],
) -> OutgoingMessage:
    """One shared answer in the program's feed, with a Helpful button."""
    who = author or "A colleague (anonymous)"
    return OutgoingMessage(
        title=f"{program_name}: {who} shared",
        text=f"_{question}_\n\n{format_answers(answers)}",
        buttons=(Button(REPLY_HELPFUL, "Helpful", str(reply_id)),),
    )


@dataclass(frozen=True)
class DigestEntry:
    author: str | None
    question: str
    answers: Sequence[dict[str, str]]


def digest_message(
    program_name: str, cycle_label: str, entries: Sequence[DigestEntry], asked: int
) -> OutgoingMessage:
    """The round's shared answers in one post."""
    lines = [f"{len(entries)} shared answer(s) from {asked} colleague(s) asked."]
    for entry in entries:
        who = entry.author or "Anonymous"
        lines.append(f"*{who}* — _{entry.question}_\n{format_answers(entry.answers)}")
    if not entries:
        lines.append("Nobody shared openly this round. Next week is a fresh start.")
    return OutgoingMessage(
        title=f"{program_name}: what we learned ({cycle_label})", text="\n\n".join(lines)
    )
