"""What kmbot says: prompts, reminders, feed posts and digests as neutral messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.actions import (
    ANSWER_FORM,
    HELPED_OPEN,
    PROMPT_ANSWER,
    PROMPT_SKIP,
    REPLY_EDIT,
    REPLY_HELPFUL,
    REPLY_WITHDRAW,
)
from bot.chat import Button, Choice, Form, FormField, OutgoingMessage
from bot.i18n import _, current_language
from bot.prompts.capture_messages import private_choice_label, who_sees_line
from bot.questions.messages import credit_line, rating_buttons

ANSWER_MAX_CHARS = 3000


def visibility_choices(admins_see_private: bool = False) -> tuple[Choice, ...]:
    """Who can see an answer, as the answer form offers it, in the current language."""
    return (
        Choice("shared", _("Share with my name")),
        Choice("anonymous", _("Share anonymously")),
        Choice("private", private_choice_label(admins_see_private)),
    )


@dataclass(frozen=True)
class PromptContent:
    """The parts of a prompt a member sees."""

    program_name: str
    purpose: str
    question: str
    fields: tuple[str, ...]
    share_mode: str
    default_visibility: str = "shared"
    capture: str = "confirm"
    endorsement: str = ""  # the sponsor's line, signed (bot.sponsors), on every prompt
    # Who proposed the question (a name, "" for "a colleague"), None when no member did; the
    # prompt words it ("💡 Proposed by Ana.") in each recipient's language.
    credit: str | None = None
    admins_see_private: bool = False


def plural(count: int, noun: str) -> str:
    """'1 shared answer', '2 shared answers': English nouns kmbot counts take an s (English
    only: member-facing counts use ngettext)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def field_id(index: int) -> str:
    return f"q{index}"


def answer_form(prompt_id: int, content: PromptContent, draft: str = "") -> Form:
    """One input per question part, plus where the answer may go; `draft` (a typed reply
    being edited) fills the first input."""
    return Form(
        ANSWER_FORM,
        content.program_name[:24] or _("Weekly question"),
        _answer_inputs(content, draft, current_language()),
        value=str(prompt_id),
        submit_label=_("Submit"),
    )


@lru_cache(maxsize=256)
def _answer_inputs(content: PromptContent, draft: str, language: str) -> tuple[FormField, ...]:
    """The form's inputs, the same for everyone asked this question in one `language` (the
    current one: the cache's key)."""
    inputs = [
        FormField(
            field_id(i), _(label), max_length=ANSWER_MAX_CHARS, initial=draft if i == 0 else ""
        )
        for i, label in enumerate(content.fields)
    ]
    if content.share_mode != "private":
        inputs.append(
            FormField(
                "visibility",
                _("Who can see this?"),
                multiline=False,
                choices=visibility_choices(content.admins_see_private),
                initial=content.default_visibility,
            )
        )
    return tuple(inputs)


def prompt_message(
    prompt_id: int,
    content: PromptContent,
    *,
    reminder: bool = False,
    lead_note: str = "",
    privacy_url: str = "",
) -> OutgoingMessage:
    """The weekly question, with Answer and Skip buttons and the answer form; with
    `privacy_url` (the /privacy page), a line saying where to read how answers are used."""
    title, text, context = _prompt_words(
        content, reminder, lead_note, privacy_url, current_language()
    )
    return OutgoingMessage(
        title=title,
        text=text,
        context=context,
        buttons=(
            Button(PROMPT_ANSWER, _("Answer"), str(prompt_id), "primary"),
            Button(PROMPT_SKIP, _("Skip this week"), str(prompt_id)),
        ),
        form=answer_form(prompt_id, content),
    )


@lru_cache(maxsize=256)
def _prompt_words(
    content: PromptContent, reminder: bool, lead_note: str, privacy_url: str, language: str
) -> tuple[str, str, tuple[str, ...]]:
    """Title, text and context of a prompt: the same for everyone asked this question in one
    `language` (the current one: the cache's key)."""
    opener = _("A friendly reminder: this week's question is still open.") if reminder else ""
    credit = credit_line(content.credit) if content.credit is not None else ""
    parts = [p for p in (opener, lead_note, _(content.question), credit) if p]
    if len(content.fields) > 1:
        parts.append("\n".join(f"• {_(label)}" for label in content.fields))
    if content.endorsement:
        parts.append(content.endorsement)
    reply_here = (
        _("You can also just reply here with your answer.")
        if content.capture == "direct"
        else _("You can also just reply here; I'll ask before saving it as your answer.")
    )
    context: tuple[str, ...] = (
        _("Why we ask: {purpose}").format(purpose=content.purpose),
        who_sees_line(content.share_mode, content.default_visibility, content.admins_see_private),
        reply_here,
    )
    if privacy_url:
        context += (_("How your answers are used: {url}").format(url=privacy_url),)
    title = _("{program}: this week's question").format(program=content.program_name)
    return title, "\n\n".join(parts), context


def answered_message(
    content: PromptContent,
    late: bool,
    reply_id: int = 0,
    thank_them: bool = False,
    rate_prompt: int = 0,
) -> OutgoingMessage:
    """What the prompt turns into once answered; with `reply_id`, Edit and Withdraw buttons
    (and, for "Who helped you this week?", Thank them); with `rate_prompt`, the one-click
    rating of the question."""
    note = (
        _("Thanks, your answer is recorded (after the round closed).")
        if late
        else _("Thanks, your answer is recorded.")
    )
    buttons = (
        (
            Button(REPLY_EDIT, _("Edit answer"), str(reply_id)),
            Button(REPLY_WITHDRAW, _("Withdraw"), str(reply_id)),
        )
        if reply_id
        else ()
    )
    if reply_id and thank_them:
        buttons = (Button(HELPED_OPEN, _("Thank them"), str(reply_id), "primary"), *buttons)
    if rate_prompt:
        buttons = (*buttons, *rating_buttons(rate_prompt))
    return OutgoingMessage(
        title=_("{program}: answered").format(program=content.program_name),
        text=f"{_(content.question)}\n\n✅ {note}",
        buttons=buttons,
    )


def withdrawn_message(content: PromptContent, prompt_id: int, still_open: bool) -> OutgoingMessage:
    """What the prompt turns into once its answer is withdrawn (answerable again while open)."""
    note = _("Your answer was withdrawn and deleted.")
    if still_open:
        note += " " + _("You can answer again while the round is open.")
    return OutgoingMessage(
        title=_("{program}: answer withdrawn").format(program=content.program_name),
        text=f"{_(content.question)}\n\n↩️ {note}",
        buttons=(Button(PROMPT_ANSWER, _("Answer"), str(prompt_id), "primary"),)
        if still_open
        else (),
    )


def skipped_message(content: PromptContent) -> OutgoingMessage:
    """What the prompt turns into once skipped."""
    return OutgoingMessage(
        title=_("{program}: skipped").format(program=content.program_name),
        text=f"{_(content.question)}\n\n⏭️ " + _("Skipped this week. See you next time."),
    )


def format_answers(answers: Sequence[dict[str, str]]) -> str:
    if len(answers) == 1:
        return answers[0]["text"]
    return "\n".join(f"*{_(a['label'])}* {a['text']}" for a in answers)


def feed_post(
    reply_id: int,
    program_name: str,
    question: str,
    author: str | None,
    answers: Sequence[dict[str, str]],
) -> OutgoingMessage:
    """One shared answer in the program's feed, with a Helpful button."""
    who = author or _("A colleague (anonymous)")
    return OutgoingMessage(
        title=_("{program}: {who} shared").format(program=program_name, who=who),
        text=f"_{_(question)}_\n\n{format_answers(answers)}",
        buttons=(Button(REPLY_HELPFUL, _("Helpful"), str(reply_id)),),
    )


# What the text of one message may hold, on each platform. Slack refuses blocks past about
# 12,000 characters of text in all (msg_blocks_too_long: slackapi/bolt-js#2509, #2867) and
# its adapter keeps 2,000 for a title, context and buttons; Teams refuses a message past
# 100 KB of UTF-16 (msteams-docs format-your-bot-messages.md), about 51,000 characters of
# the ASCII JSON its SDK sends, and its adapter keeps a third of that for the card and the
# activity around it.
