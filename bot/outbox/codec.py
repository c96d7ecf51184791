"""OutgoingMessage to and from plain JSON: the outbox's payload format, read only here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.chat import (
    Button,
    Choice,
    Form,
    FormField,
    Image,
    MemberAddress,
    OutgoingMessage,
    PersonLink,
)


class PayloadEncoder:
    """Encodes messages for the outbox, written out by hand because a fan-out encodes
    thousands; a form's inputs shared by many messages (everyone asked the same question)
    are encoded once."""

    def __init__(self) -> None:
        self._inputs: dict[int, tuple[tuple[FormField, ...], list[dict[str, Any]]]] = {}
        self._contexts: dict[tuple[str, ...], list[str]] = {}

    def encode(self, message: OutgoingMessage) -> dict[str, Any]:
        payload = _message_dict(message, self._form_inputs)
        payload["context"] = self._contexts.setdefault(message.context, payload["context"])
        return payload

    def _form_inputs(self, fields: tuple[FormField, ...]) -> list[dict[str, Any]]:
        known = self._inputs.get(id(fields))
        if known is None or known[0] is not fields:
            known = self._inputs[id(fields)] = (fields, [_field_dict(f) for f in fields])
        return known[1]


def _message_dict(
    message: OutgoingMessage, inputs: Callable[[tuple[FormField, ...]], list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "text": message.text,
        "title": message.title,
        "context": list(message.context),
        "buttons": [
            {"action_id": b.action_id, "label": b.label, "value": b.value, "style": b.style}
            for b in message.buttons
        ],
        "form": _form_dict(message.form, inputs) if message.form else None,
        "image": {"url": message.image.url, "alt": message.image.alt} if message.image else None,
        "people": [
            {
                "address": {
                    "platform": p.address.platform,
                    "workspace": p.address.workspace,
                    "user": p.address.user,
                },
                "name": p.name,
                "email": p.email,
            }
            for p in message.people
        ],
        "language": message.language,
    }


def _form_dict(
    form: Form, inputs: Callable[[tuple[FormField, ...]], list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "form_id": form.form_id,
        "title": form.title,
        "value": form.value,
        "submit_label": form.submit_label,
        "fields": inputs(form.fields),
        "language": form.language,
    }


def _field_dict(field: FormField) -> dict[str, Any]:
    return {
        "field_id": field.field_id,
        "label": field.label,
        "multiline": field.multiline,
        "optional": field.optional,
        "max_length": field.max_length,
        "choices": [{"value": c.value, "label": c.label} for c in field.choices],
        "initial": field.initial,
    }


def message_from_dict(data: dict[str, Any]) -> OutgoingMessage:
    """The message a stored payload describes."""
    form = data.get("form")
    image = data.get("image")
    return OutgoingMessage(
        text=data["text"],
        title=data.get("title", ""),
        context=tuple(data.get("context", ())),
        buttons=tuple(Button(**b) for b in data.get("buttons", ())),
        form=_form(form) if form else None,
        image=Image(**image) if image else None,
        people=tuple(
            PersonLink(MemberAddress(**p["address"]), p["name"], p.get("email", ""))
            for p in data.get("people", ())
        ),
        language=data.get("language", "en"),
    )


def _form(data: dict[str, Any]) -> Form:
    fields = tuple(
        FormField(**{**f, "choices": tuple(Choice(**c) for c in f.get("choices", ()))})
        for f in data["fields"]
    )
    return Form(**{**data, "fields": fields})
