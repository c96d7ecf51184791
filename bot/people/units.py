"""Units checked against the known list, with a "did you mean" for a typo; pure."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownUnits:
    """The units an import may use (empty: none known yet, so any unit is accepted)."""

    names: frozenset[str]
    source: str  # where the list came from, for the report

    def check(self, unit: str) -> tuple[str | None, str]:
        """(the unit as the list spells it, "") or (None, why it is refused)."""
        if not self.names:
            return unit, ""
        by_folded = {_fold(name): name for name in self.names}
        if _fold(unit) in by_folded:
            return by_folded[_fold(unit)], ""
        close = difflib.get_close_matches(_fold(unit), list(by_folded), n=1, cutoff=0.6)
        hint = f" (did you mean {by_folded[close[0]]!r}?)" if close else ""
        return None, f"unknown unit {unit!r}{hint}; known units come from {self.source}"


def units_from_file(text: str, name: str) -> KnownUnits:
    """A units file: one unit a line; blank lines and lines starting with # are skipped."""
    names = [line.strip() for line in text.splitlines()]
    return KnownUnits(frozenset(n for n in names if n and not n.startswith("#")), name)


def units_in_directory(names: Iterable[str]) -> KnownUnits:
    return KnownUnits(frozenset(n for n in names if n), "the directory (or pass --units FILE)")


def _fold(unit: str) -> str:
    return " ".join(unit.split()).casefold()
