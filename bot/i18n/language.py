"""Which language kmbot speaks now, and how a platform locale or a choice maps to one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT = "en"
SHIPPED = ("en", "fr", "es", "pt")
# Each language's name in itself, as `lang` lists them.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "pt": "Português"}

_current: ContextVar[str] = ContextVar("kmbot_language", default=DEFAULT)


def current_language() -> str:
    """The language messages are being built in (English unless `speaking` says otherwise)."""
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Build messages in `language` (a shipped code, a locale, or None for the default)."""
    code = resolve(language)
    token = _current.set(code)
    try:
        yield code
    finally:
        _current.reset(token)


def from_locale(locale: str | None) -> str | None:
    """The shipped language of a platform locale ("fr-FR", "pt_BR", "es"), or None."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].strip().lower()
    return code if code in SHIPPED else None


def resolve(*candidates: str | None) -> str:
    """The first candidate (a code or a locale) kmbot speaks, else English."""
    for candidate in candidates:
        code = from_locale(candidate)
        if code is not None:
            return code
    return DEFAULT
