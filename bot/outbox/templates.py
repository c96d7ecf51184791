"""A fan-out's payloads from templates: one encoding per kind of message, not per row."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from bot.chat import OutgoingMessage
from bot.db.bulk import JsonText
from bot.outbox.codec import PayloadEncoder

NUMBER_STANDIN = -918_273_645_546_372_819  # no message carries it of its own accord


class SharedPayloads:
    """Payloads for a fan-out whose messages differ only in one number (a prompt's id in its
    buttons and form): each kind of message (`key`) is encoded once with a stand-in number,
    and each row's payload is that JSON text with its own number put in.

    `make(number)` must use the number only as its text, in values of their own; the first
    payload of each key is also encoded directly and compared, and a key whose template does
    not give the same text is encoded directly for every row.
    """

    def __init__(self) -> None:
        self._encoder = PayloadEncoder()
        self._templates: dict[Hashable, str | None] = {}

    def payload(
        self, key: Hashable, number: int, make: Callable[[int], OutgoingMessage]
    ) -> JsonText:
        if key not in self._templates:
            self._templates[key] = self._template(number, make)
        template = self._templates[key]
        if template is None:
            return self._direct(number, make)
        return JsonText(template.replace(f'"{NUMBER_STANDIN}"', f'"{number}"'))

    def _template(self, number: int, make: Callable[[int], OutgoingMessage]) -> str | None:
        template = self._direct(NUMBER_STANDIN, make)
        filled = template.replace(f'"{NUMBER_STANDIN}"', f'"{number}"')
        if str(NUMBER_STANDIN) in filled or filled != self._direct(number, make):
            return None
        return template

    def _direct(self, number: int, make: Callable[[int], OutgoingMessage]) -> JsonText:
        return JsonText(json.dumps(self._encoder.encode(make(number))))
