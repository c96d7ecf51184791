"""Neutral messages and forms rendered as Block Kit: message blocks, modals, the App Home."""

from __future__ import annotations

from typing import Any

from bot.actions import (
    LESSON_FORM,
    LESSON_OPEN,
    PROMPT_ANSWER,
    SETTINGS_OPT_IN,
    SETTINGS_OPT_OUT,
    SETTINGS_PAUSE,
    SETTINGS_RESUME,
    SETTINGS_TZ,
)
from bot.chat import Button, Form, FormField, OutgoingMessage

Block = dict[str, Any]
SECTION_LIMIT = 3000
INPUT_ACTION = "value"  # the action id of every input element in our modals
FORM_OPENERS = {
    LESSON_FORM: (LESSON_OPEN, "Share a lesson"),
    PROMPT_ANSWER: (PROMPT_ANSWER, "Answer"),
}


def escape(text: str) -> str:
    """Escape Slack's control characters, keeping `>` quotes at the start of a line."""
    lines = []
    for line in text.replace("&", "&amp;").replace("<", "&lt;").split("\n"):
        quote = line.startswith("> ")
        body = line[2:] if quote else line
        lines.append(("> " if quote else "") + body.replace(">", "&gt;"))
    return "\n".join(lines)


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit] or " ", "emoji": True}


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text on line boundaries into pieces Slack accepts in one section."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def button(spec: Button) -> Block:
    element: Block = {
        "type": "button",
        "action_id": spec.action_id,
        "text": plain(spec.label, 75),
        "value": spec.value[:2000],
    }
    if spec.style in ("primary", "danger"):
        element["style"] = spec.style
    return element


def message_blocks(message: OutgoingMessage) -> list[Block]:
    """Header, text sections, context lines, image and buttons."""
    blocks: list[Block] = []
    if message.title:
        blocks.append({"type": "header", "text": plain(message.title, 150)})
    for piece in chunks(escape(message.text)):
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
    if message.context:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": escape(line)[:3000]} for line in message.context[:10]
                ],
            }
        )
    if message.people:  # a mention is a link to the person, with their Message button
        mentions = " ".join(f"<@{person.address.user}>" for person in message.people[:10])
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Say hello: {mentions}"}]}
        )
    if message.image:
        blocks.append(
            {
                "type": "image",
                "image_url": message.image.url,
                "alt_text": message.image.alt[:2000] or "image",
            }
        )
    if message.buttons:
        blocks.append({"type": "actions", "elements": [button(b) for b in message.buttons[:25]]})
    return blocks[:50]


def fallback_text(message: OutgoingMessage) -> str:
    """The notification and screen-reader text of a message."""
    return "\n\n".join(p for p in (message.title, message.text) if p)[:4000]


def with_form_opener(message: OutgoingMessage, form: Form | None) -> OutgoingMessage:
    """A DM cannot open a modal; offer a button that does."""
    if form is None or form.form_id not in FORM_OPENERS:
        return message
    action_id, label = FORM_OPENERS[form.form_id]
    opener = Button(action_id, label, form.value, "primary")
    return OutgoingMessage(
        text=message.text or form.title,
        title=message.title,
        context=message.context,
        buttons=(*message.buttons, opener),
    )


def input_block(spec: FormField) -> Block:
    element: Block
    if spec.choices:
        options = [{"text": plain(c.label, 75), "value": c.value} for c in spec.choices]
        element = {"type": "radio_buttons", "action_id": INPUT_ACTION, "options": options}
        initial = next((o for o in options if o["value"] == spec.initial), None)
        if initial:
            element["initial_option"] = initial
    else:
        element = {
            "type": "plain_text_input",
            "action_id": INPUT_ACTION,
            "multiline": spec.multiline,
            "max_length": min(spec.max_length, 3000),
        }
        if spec.initial:
            element["initial_value"] = spec.initial
    return {
        "type": "input",
        "block_id": spec.field_id,
        "label": plain(spec.label, 2000),
        "optional": spec.optional,
        "element": element,
    }


def modal_view(form: Form) -> Block:
    """A modal whose callback id is the form id and whose metadata is the form value."""
    return {
        "type": "modal",
        "callback_id": form.form_id,
        "private_metadata": form.value,
        "title": plain(form.title, 24),
        "submit": plain(form.submit_label, 24),
        "close": plain("Cancel", 24),
        "blocks": [input_block(f) for f in form.fields],
    }


def notice_view(title: str, text: str) -> Block:
    """A modal that only says something (after a submission)."""
    return {
        "type": "modal",
        "title": plain(title, 24),
        "close": plain("Close", 24),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": escape(text)}}],
    }


def settings_blocks() -> list[Block]:
    """Pause until a date, resume, opt out or in, and a time zone override."""
    return [
        {"type": "divider"},
        {"type": "header", "text": plain("Your settings", 150)},
        {
            "type": "actions",
            "block_id": "settings",
            "elements": [
                {
                    "type": "datepicker",
                    "action_id": SETTINGS_PAUSE,
                    "placeholder": plain("Pause until…", 150),
                },
                button(Button(SETTINGS_RESUME, "Resume")),
                button(Button(SETTINGS_OPT_OUT, "Opt out", style="danger")),
                button(Button(SETTINGS_OPT_IN, "Opt back in")),
            ],
        },
        {
            "type": "input",
            "block_id": SETTINGS_TZ,
            "dispatch_action": True,
            "label": plain("Time zone override (IANA name, or auto)", 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": SETTINGS_TZ,
                "placeholder": plain("Europe/Lisbon", 150),
            },
        },
    ]


def home_view(message: OutgoingMessage, notice: str = "") -> Block:
    """The App Home: an optional notice, the member's status, then their settings."""
    blocks: list[Block] = []
    if notice:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(notice)[:3000]}]}
        )
    blocks += message_blocks(message)
    return {"type": "home", "blocks": (blocks + settings_blocks())[:100]}
