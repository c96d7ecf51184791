"""What a member typed into a search box, read without I/O: words, filters, the FTS5 query."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from bot.i18n import _

MAX_QUERY_CHARS = 200
MARK_START, MARK_END = "\x02", "\x03"  # around a matching word in a snippet
_TOKENS = re.compile(r'-?"[^"]*"?|\S+')
_WORDS = re.compile(r"\w+")
_FILTER = re.compile(r"^(tag|unit|program|since|until):(.+)$", re.IGNORECASE)


class QueryError(ValueError):
    """The search cannot be run as written; the message says how to write it."""


@dataclass(frozen=True)
class Filters:
    """Narrow a search; an empty field does not narrow it."""

    program: str = ""
    unit: str = ""
    tag: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Search:
    words: str
    filters: Filters = Filters()


def normal_tag(tag: str) -> str:
    """A tag as the index stores it: lower case, no spaces (see migration 0008)."""
    return "".join(tag.lower().split()).strip(",;")


def split_tags(stored: str) -> tuple[str, ...]:
    return tuple(tag for tag in stored.split(",") if tag)


def parse_search(text: str, filters: Filters = Filters()) -> Search:
    """`tag:x unit:y program:z since:YYYY-MM-DD until:YYYY-MM-DD` become filters; the rest
    are the words. QueryError when nothing is left to search for or a date is wrong."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(_("A search is at most {limit} characters.").format(limit=MAX_QUERY_CHARS))
    words = []
    for token in text.split():
        found = _FILTER.match(token)
        if not found:
            words.append(token)
            continue
        name, value = found.group(1).lower(), found.group(2).strip('"')
        if name == "since":
            filters = replace(filters, since=_day(name, value))
        elif name == "until":
            filters = replace(filters, until=_day(name, value))
        elif name == "tag":
            filters = replace(filters, tag=value)
        elif name == "unit":
            filters = replace(filters, unit=value)
        else:
            filters = replace(filters, program=value)
    joined = " ".join(words)
    if not _WORDS.search(joined):
        raise QueryError(_("What should I look for? e.g. `search onboarding checklist`."))
    return Search(joined, filters)


def _day(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(
            _("Write {name}:YYYY-MM-DD, e.g. {name}:2026-01-31.").format(name=name)
        ) from None


def fts5_query(words: str) -> str:
    """The words as an FTS5 query with websearch_to_tsquery's grammar: words and "phrases"
    must all match, `or` between two allows either, `-word` excludes (binding tightest, as
    in PostgreSQL). Every term is quoted, so nothing a member types is FTS5 syntax."""
    expression, either = "", False
    for token in _TOKENS.findall(words):
        if token.lower() == "or":
            either = bool(expression)
            continue
        terms = _WORDS.findall(token)
        if not terms:
            continue
        phrase = '"' + " ".join(terms) + '"'
        if token.startswith("-") and len(token) > 1:
            expression += f" NOT {phrase}" if expression else ""
        else:
            expression += (" OR " if either else " AND ") + phrase if expression else phrase
        either = False
    return expression
