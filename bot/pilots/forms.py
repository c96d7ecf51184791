"""What the pilots' forms share: a required text field, tidied, or the note that it is needed."""

from __future__ import annotations

from bot.chat import FormSubmitted, Response
from bot.i18n import _


def required_text(event: FormSubmitted, field: str, limit: int, needed: str) -> str | Response:
    """The field's text on one line within `limit`, or (when empty) `needed` by the field."""
    text = " ".join(event.fields.get(field, "").split())[:limit]
    if text:
        return text
    said = _(needed)
    return Response(text=said, field_errors={field: said})
