"""What the language tests read from the shipped catalogs: placeholders and English leftovers."""

from __future__ import annotations

import re
import string
from functools import cache

from bot.i18n.catalogs import read_catalog

FRAGMENT = 14  # characters: English wording shorter than this may be a name or shared word


def placeholders(text: str) -> list[str]:
    """The fields `str.format` fills in `text` ("" for a positional `{}`), sorted."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@cache
def english_fragments(language: str) -> tuple[str, ...]:
    """Stretches of English wording that the `language` catalog translates differently."""
    found: set[str] = set()
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strs = [message.string] if isinstance(message.string, str) else list(message.string)
        for english in ids:
            for piece in re.split(r"\{[^}]*\}", english):
                piece = piece.strip(" _*“”:;,.()")
                if len(piece) >= FRAGMENT and not any(piece in s for s in strs):
                    found.add(piece)
    return tuple(sorted(found))


def english_left(text: str, language: str) -> list[str]:
    """The English wording still in `text`, a message meant to be in `language`."""
    flat = " ".join(text.replace("**", "*").split())
    return [piece for piece in english_fragments(language) if piece in flat]
