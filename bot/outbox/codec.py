"""OutgoingMessage to and from plain JSON: the outbox's payload format, read only here."""

from __future__ import annotations

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


def message_to_dict(message: OutgoingMessage) -> dict[str, Any]:
    """The JSON the outbox stores; written out by hand because a fan-out encodes thousands."""
    return {
        "text": message.text,
        "title": message.title,
        "context": list(message.context),
        "buttons": [
            {"action_id": b.action_id, "label": b.label, "value": b.value, "style": b.style}
            for b in message.buttons
        ],
        "form": _form_to_dict(message.form) if message.form else None,
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
    }


def _form_to_dict(form: Form) -> dict[str, Any]:
    return {
        "form_id": form.form_id,
        "title": form.title,
        "value": form.value,
        "submit_label": form.submit_label,
        "fields": [
            {
                "field_id": f.field_id,
                "label": f.label,
                "multiline": f.multiline,
                "optional": f.optional,
                "max_length": f.max_length,
                "choices": [{"value": c.value, "label": c.label} for c in f.choices],
                "initial": f.initial,
            }
            for f in form.fields
        ],
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
    )


def _form(data: dict[str, Any]) -> Form:
    fields = tuple(
        FormField(**{**f, "choices": tuple(Choice(**c) for c in f.get("choices", ()))})
        for f in data["fields"]
    )
    return Form(**{**data, "fields": fields})
