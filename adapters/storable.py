"""What a database keeps as sent: the check both adapters make on inbound text."""

from __future__ import annotations


def storable(text: str) -> bool:
    """Whether a database keeps `text` as it is: no NUL, no unpaired surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable(body: object) -> str:
    """Why some text in `body` cannot be stored as sent ("" when all of it can)."""
    pending = [body]
    while pending:  # not recursive: a body may nest deeper than Python's stack
        value = pending.pop()
        if isinstance(value, str):
            if not storable(value):
                return "text with a NUL character or an unpaired surrogate"
        elif isinstance(value, dict):
            pending += value
            pending += value.values()
        elif isinstance(value, list):
            pending += value
    return ""
