"""Neutral outgoing messages as Adaptive Cards (plain dicts: no SDK import here)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from adapters.teams.limits import CONTENT_BYTES, utf16_size
from bot.chat import Button, Form, FormField, OutgoingMessage, PersonLink
from bot.i18n import _, speaking

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"
CHAT_LINK = "https://teams.microsoft.com/l/chat/0/0"
MARKER = "kmbot"  # the key under which a card action carries kmbot's action id and value
SHORTENED = "\n\n_… (shortened: the rest does not fit in one Teams message)_"
TITLE_BYTES = 2_000  # what a card's title and its context lines may take of CONTENT_BYTES;
CONTEXT_BYTES = 8_000  # the text gets the rest
# Teams draws no positive or destructive action styles ("Positive or destructive action
# styling is not supported in Adaptive Cards on the Teams platform", msteams-docs
# cards-reference.md), so a Button's style is not rendered: the primary action comes first.

_SLACK_BOLD = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")


def markdown(text: str) -> str:
    """Slack-flavoured emphasis (`*bold*`) as the markdown Teams cards read (`**bold**`)."""
    return _SLACK_BOLD.sub(r"**\1**", text)


def needs_card(message: OutgoingMessage) -> bool:
    """Plain text is enough when there is nothing but text (and it fits a message: a card
    shortens text that does not)."""
    return bool(
        message.title
        or message.context
        or message.buttons
        or message.form
        or message.image
        or utf16_size(markdown(message.text)) > CONTENT_BYTES
    )


def card(message: OutgoingMessage) -> dict[str, Any]:
    """The message as one Adaptive Card: title, text, context, image, inputs and actions."""
    with speaking(message.language):
        return _card(message)


def _card(message: OutgoingMessage) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if message.title:
        body.append(_text(_within(message.title, TITLE_BYTES), weight="Bolder", size="Medium"))
    text = _text(message.text)
    if message.text:
        body.append(text)
    if message.image is not None and message.image.url.startswith("https://"):
        # Teams shows card images from HTTPS URLs only (msteams-docs cards-reference.md)
        body.append({"type": "Image", "url": message.image.url, "altText": message.image.alt})
    share = CONTEXT_BYTES // max(1, len(message.context))
    body += [_text(_within(line, share), isSubtle=True, size="Small") for line in message.context]
    actions: list[dict[str, Any]] = []
    if message.form is not None:
        body += [_input(f) for f in message.form.fields]
        actions.append(_submit(message.form))
    for button in message.buttons:
        if message.form is not None and button.action_id == message.form.form_id:
            continue  # the inputs are on the card already: its Submit is this button
        actions.append(_button(button, has_inputs=message.form is not None))
    actions += [_chat_link(person) for person in message.people if person.email]
    return fitted(_wrap(body, actions), text, message.text)


def _within(text: str, size: int) -> str:
    """The longest start of `text` whose card text takes at most `size` bytes (UTF-16)."""
    if utf16_size(markdown(text)) <= size:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_size(markdown(text[:middle]) + "…") <= size:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def fitted(content: dict[str, Any], block: dict[str, Any], text: str) -> dict[str, Any]:
    """`content`, with `block`'s `text` shortened (and saying so) until the card fits one
    Teams message (CONTENT_BYTES); kmbot's core sizes what it sends so this is a last guard."""
    if utf16_size(content) <= CONTENT_BYTES:
        return content
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        block["text"] = markdown(text[:middle]) + SHORTENED
        if utf16_size(content) <= CONTENT_BYTES:
            low = middle
        else:
            high = middle - 1
    block["text"] = markdown(text[:low]) + SHORTENED
    return content


def _chat_link(person: PersonLink) -> dict[str, Any]:
    """A deep link that opens a 1:1 chat (Teams accepts the UPN, i.e. the email, only)."""
    return {
        "type": "Action.OpenUrl",
        "title": _("Chat with {name}").format(name=person.name)[:40],
        "url": f"{CHAT_LINK}?users={quote(person.email)}",
    }


def form_card(form: Form, intro: str = "") -> dict[str, Any]:
    """The form as a card of its own (an Answer button's reply), in the form's language."""
    with speaking(form.language):
        return _form_card(form, intro)


def _form_card(form: Form, intro: str = "") -> dict[str, Any]:
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
        "errorMessage": _("Please fill in “{label}”.").format(label=field.label),
    }


def _submit(form: Form) -> dict[str, Any]:
    return {
        "type": "Action.Submit",
        "title": form.submit_label,
        "data": action_data("form", form.form_id, form.value),
    }


def _button(button: Button, *, has_inputs: bool) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": button.label,
        "data": action_data("action", button.action_id, button.value),
    }
    if has_inputs:
        action["associatedInputs"] = "none"  # Skip must not carry (or validate) the inputs
    return action
