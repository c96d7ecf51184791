"""Neutral outgoing messages as Adaptive Cards (plain dicts: no SDK import here)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from bot.chat import Button, Form, FormField, OutgoingMessage, PersonLink

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"
CHAT_LINK = "https://teams.microsoft.com/l/chat/0/0"
MARKER = "kmbot"  # the key under which a card action carries kmbot's action id and value
STYLES = {"primary": "positive", "danger": "destructive"}

_SLACK_BOLD = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")


def markdown(text: str) -> str:
    """Slack-flavoured emphasis (`*bold*`) as the markdown Teams cards read (`**bold**`)."""
    return _SLACK_BOLD.sub(r"**\1**", text)


def needs_card(message: OutgoingMessage) -> bool:
    """Plain text is enough when there is nothing but text."""
    return bool(
        message.title or message.context or message.buttons or message.form or message.image
    )


def card(message: OutgoingMessage) -> dict[str, Any]:
    """The message as one Adaptive Card: title, text, context, image, inputs and actions."""
    body: list[dict[str, Any]] = []
    if message.title:
        body.append(_text(message.title, weight="Bolder", size="Medium"))
    if message.text:
        body.append(_text(message.text))
    if message.image is not None:
        body.append({"type": "Image", "url": message.image.url, "altText": message.image.alt})
    body += [_text(line, isSubtle=True, size="Small") for line in message.context]
    actions: list[dict[str, Any]] = []
    if message.form is not None:
        body += [_input(f) for f in message.form.fields]
        actions.append(_submit(message.form))
    for button in message.buttons:
        if message.form is not None and button.action_id == message.form.form_id:
            continue  # the inputs are on the card already: its Submit is this button
        actions.append(_button(button, has_inputs=message.form is not None))
    actions += [_chat_link(person) for person in message.people if person.email]
    return _wrap(body, actions)


def _chat_link(person: PersonLink) -> dict[str, Any]:
    """A deep link that opens a 1:1 chat (Teams accepts the UPN, i.e. the email, only)."""
    return {
        "type": "Action.OpenUrl",
        "title": f"Chat with {person.name}"[:40],
        "url": f"{CHAT_LINK}?users={quote(person.email)}",
    }


def form_card(form: Form, intro: str = "") -> dict[str, Any]:
    """A card that is only a form (Teams has no modals for bots: the card is the form)."""
    body = [_text(form.title, weight="Bolder", size="Medium")]
    if intro:
        body.append(_text(intro))
    body += [_input(f) for f in form.fields]
    return _wrap(body, [_submit(form)])


def attachment(content: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": CARD_CONTENT_TYPE, "content": content}


def summary(message: OutgoingMessage) -> str:
    """The one line a notification shows."""
    return (
        (message.title or message.text).splitlines()[0][:120]
        if (message.title or message.text)
        else "kmbot"
    )


def action_data(kind: str, action_id: str, value: str) -> dict[str, Any]:
    """What a card action sends back: `{"kmbot": {"form"|"action": id, "value": v}}`."""
    return {MARKER: {kind: action_id, "value": value}}


def _wrap(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return content


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": markdown(text), "wrap": True, **extra}


def _input(field: FormField) -> dict[str, Any]:
    if field.choices:
        return {
            "type": "Input.ChoiceSet",
            "id": field.field_id,
            "label": field.label,
            "style": "expanded",
            "value": field.initial or field.choices[0].value,
            "isRequired": not field.optional,
            "choices": [{"title": c.label, "value": c.value} for c in field.choices],
        }
    return {
        "type": "Input.Text",
        "id": field.field_id,
        "label": field.label,
        "isMultiline": field.multiline,
        "maxLength": field.max_length,
        "value": field.initial,
        "isRequired": not field.optional,
        "errorMessage": f"Please fill in “{field.label}”.",
    }


def _submit(form: Form) -> dict[str, Any]:
    return {
        "type": "Action.Submit",
        "title": form.submit_label,
        "style": "positive",
        "data": action_data("form", form.form_id, form.value),
    }


def _button(button: Button, *, has_inputs: bool) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": button.label,
        "data": action_data("action", button.action_id, button.value),
    }
    if button.style in STYLES:
        action["style"] = STYLES[button.style]
    if has_inputs:
        action["associatedInputs"] = "none"  # Skip must not carry (or validate) the inputs
    return action
