"""Hostile versions of real payloads: hypothesis strategies that break a JSON document in the
ways a careless client or an attacker would (drop keys, change types, huge or strange strings,
deep nesting, wrong ids), then damage its bytes (truncated, invalid UTF-8, garbage).

Platform-neutral: tests/fuzz/slack_bodies.py and teams_bodies.py start from the fixtures in
../shared/fixtures/ and add what is particular to each platform.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

Path = tuple[Any, ...]

# Strings that have broken parsers, databases and renderers before.
STRANGE_TEXT = (
    "",
    " ",
    "\x00",
    "\ud800",  # a lone surrogate: valid in JSON (\ud800), not encodable as UTF-8
    "\udfff\ud800",
    "\u202eevil",  # right-to-left override
    "e\u0301",
    "\ufeff",
    "\u2028\u2029",
    "🦄" * 50,
    "<at>kmbot</at>",
    "<script>alert(1)</script>",
    "%s%n%x%d",
    "' OR '1'='1",
    "../../etc/passwd",
    "\r\nX-Injected: 1",
    "null",
    "0",
    "-1",
    "1e309",
    "9" * 400,
    "A" * 401,  # past every String(...) column
    "help",
    "status",
    "pause 2026-13-45",
    "tz Mars/Olympus",
    "program create x",
    "member role x admin",
    "share",
    "nopair ",
)

# Values spliced into the JSON text as written (json.dumps cannot produce them).
RAW_JSON = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-0",
    "123456789012345678901234567890123456789",
    '{"a": 1, "a": [2]}',
    '"\\ud800"',
    '"\\u0000"',
)

text = st.one_of(st.text(max_size=30), st.sampled_from(STRANGE_TEXT))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=6,
)


def huge_text(max_chars: int = 60_000) -> st.SearchStrategy[str]:
    """One character repeated thousands of times (ASCII, accented, emoji, NUL, markup)."""
    return st.builds(
        lambda char, count: char * count,
        st.sampled_from(["x", "é", "🦄", "\x00", "<", "\\"]),
        st.integers(min_value=2_000, max_value=max_chars),
    )


def deep(depth: int, kind: str) -> str:
    """JSON text nested `depth` levels deep (past Python's recursion limit when large)."""
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


depths = st.one_of(st.integers(min_value=20, max_value=900), st.integers(900, 5_000))
deep_json = st.builds(deep, depths, st.sampled_from(["list", "dict"]))


@dataclass
class Document:
    """A JSON value being mutated, with raw JSON text to splice in where json.dumps cannot."""

    value: Any
    raw: dict[str, str] = field(default_factory=dict)
    operations: list[str] = field(default_factory=list)

    def dumps(self, ensure_ascii: bool = True) -> str:
        text = json.dumps(self.value, ensure_ascii=ensure_ascii)
        for marker, raw in self.raw.items():
            text = text.replace(json.dumps(marker), raw)
        return text

    def encode(self, ensure_ascii: bool = True) -> bytes:
        """UTF-8, except that lone surrogates stay as they are (invalid UTF-8 bytes)."""
        return self.dumps(ensure_ascii).encode("utf-8", "surrogatepass")

    def splice(self, raw: str) -> str:
        marker = f"__kmbot_fuzz_raw_{len(self.raw)}__"
        self.raw[marker] = raw
        return marker


def paths(value: Any, prefix: Path = ()) -> list[Path]:
    """Every path to a value inside `value` (keys of objects, indexes of arrays)."""
    found: list[Path] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value[:8]):
            found.append((*prefix, index))
            found += paths(child, (*prefix, index))
    return found


def _parent(value: Any, path: Path) -> Any:
    for step in path[:-1]:
        value = value[step]
    return value


def _string_paths(value: Any) -> list[Path]:
    return [p for p in paths(value) if isinstance(_get(value, p), str)]


def _get(value: Any, path: Path) -> Any:
    for step in path:
        value = value[step]
    return value


# Most mutations keep the payload readable, so that it gets past the first checks and
# reaches kmbot's own code; the rest break it outright.
OPERATIONS = ("drop", "drop", "strange", "strange", "huge", "add", "retype", "raw", "deep", "root")


@st.composite
def mutated(
    draw: st.DrawFn, original: Any, *, max_operations: int = 3, huge: int = 60_000
) -> Document:
    """`original` after 1 to `max_operations` mutations (it is not changed itself)."""
    document = Document(copy.deepcopy(original))
    for _ in range(draw(st.integers(min_value=1, max_value=max_operations))):
        where = paths(document.value)
        operation = draw(st.sampled_from(OPERATIONS))
        if operation == "root" or not where:
            document.value = draw(values)
            document.operations.append("root")
            continue
        if operation == "strange":
            strings = _string_paths(document.value)
            where = strings or where
        path = draw(st.sampled_from(where))
        parent, key = _parent(document.value, path), path[-1]
        if operation == "drop":
            del parent[key]
        elif operation == "retype":
            parent[key] = draw(values)
        elif operation == "strange":
            parent[key] = draw(text)
        elif operation == "huge":
            parent[key] = draw(huge_text(huge))
        elif operation == "raw":
            parent[key] = document.splice(draw(st.sampled_from(RAW_JSON)))
        elif operation == "deep":
            parent[key] = document.splice(draw(deep_json))
        elif operation == "add":
            target = _get(document.value, path)
            if isinstance(target, dict):
                target[draw(text)] = draw(values)
            else:
                parent[key] = {draw(text): draw(values)}
        document.operations.append(f"{operation} {'/'.join(map(str, path))}")
    return document


@st.composite
def damaged_bytes(draw: st.DrawFn, body: bytes) -> bytes:
    """`body` as sent, or cut short, padded with garbage or otherwise broken on the wire."""
    damage = draw(
        st.sampled_from(["none"] * 12 + ["truncate", "garbage", "bom", "empty", "invalid"])
    )
    if damage == "truncate" and body:
        return body[: draw(st.integers(min_value=0, max_value=len(body) - 1))]
    if damage == "garbage":
        return body + draw(st.binary(min_size=1, max_size=40))
    if damage == "bom":
        return b"\xef\xbb\xbf" + body
    if damage == "empty":
        return b""
    if damage == "invalid":
        return b"\xff\xfe" + body[:50] + b"\xc3\x28"
    return body


@dataclass(frozen=True)
class Request:
    """One request as sent: the exact bytes, their content type, and what it was made from."""

    body: bytes
    content_type: str | None
    made_of: str

    def __repr__(self) -> str:
        return f"Request({self.made_of}, {self.content_type!r}, {self.body[:300]!r}…)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # what hypothesis prints of a failing example: not 1 MB
