"""A digest's highlights: one named answer per unit, the most Helpful, shown first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DigestEntry:
    author: str | None
    question: str
    answers: Sequence[dict[str, str]]
    unit: str = ""
    helpful: int = 0


HIGHLIGHTS_FROM = 4  # a round with fewer shared answers is all highlights: no split


def highlights(entries: Sequence[DigestEntry]) -> list[DigestEntry]:
    """One named answer per unit, the most Helpful (the first on a tie); anonymous answers
    are never highlighted, since a unit's highlight would say whose unit wrote it."""
    if len(entries) < HIGHLIGHTS_FROM:
        return []
    best: dict[str, DigestEntry] = {}
    for entry in entries:
        if entry.author is None or not entry.unit:
            continue
        if entry.unit not in best or entry.helpful > best[entry.unit].helpful:
            best[entry.unit] = entry
    return list(best.values())
