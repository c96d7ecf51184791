"""OutgoingMessage to and from plain JSON, for the outbox."""

from __future__ import annotations

from dataclasses import asdict
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
    return asdict(message)


def message_from_dict(data: dict[str, Any]) -> OutgoingMessage:
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
