"""A Babel extractor for the question bank (bot/programs/questions.toml): every question's
text and form parts become catalog entries, so the bank is translated like any message."""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

Extracted = tuple[int, str | None, str, list[str]]


def extract_questions(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """(line, function, message, comments) for each text of the bank, as Babel expects."""
    raw = fileobj.read().decode("utf-8")
    lines = raw.splitlines()
    for entry in tomllib.loads(raw)["question"]:
        note = [f"question bank: {entry['key']} ({entry['category']})"]
        for text in [entry["text"], *entry.get("fields", ())]:
            yield _line_of(lines, text), None, text, note


def _line_of(lines: list[str], text: str) -> int:
    return next((n for n, line in enumerate(lines, 1) if text in line), 0)
