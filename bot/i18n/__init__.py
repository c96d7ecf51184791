"""Member-facing words in the member's language: gettext catalogs read through Babel.

Message builders wrap their words in `_()` (or `ngettext()` for counts) and fill named
placeholders after translating: `_("Paused until {date}.").format(date=until)`. The language
is not a parameter: whoever builds messages for one person (the inbound router for the member
who wrote, a fan-out for each recipient) sets it around the build with `speaking(code)`.
See docs/languages.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from bot.i18n.catalogs import translations
from bot.i18n.language import (
    DEFAULT,
    LANGUAGE_NAMES,
    SHIPPED,
    current_language,
    from_locale,
    resolve,
    speaking,
)

__all__ = [
    "DEFAULT",
    "LANGUAGE_NAMES",
    "SHIPPED",
    "N_",
    "_",
    "current_language",
    "from_locale",
    "ngettext",
    "resolve",
    "speaking",
    "spoken",
]

P = ParamSpec("P")
T = TypeVar("T")


def _(message: str) -> str:
    """`message` in the current language (itself when the catalog has no translation)."""
    if not message:
        return message
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, by the current language's plural rule."""
    return translations(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a constant for extraction without translating it now: translate it at use."""
    return message


def spoken(language: str | None, build: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`build(*args, **kwargs)` in `language`: a fan-out's one message for one recipient."""
    with speaking(language):
        return build(*args, **kwargs)
