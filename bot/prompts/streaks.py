"""Streaks: consecutive answered cycles, the habit made visible."""

from __future__ import annotations

from collections.abc import Sequence

ANSWERED = "answered"
OPEN = "open"
SKIPPED = "skipped"


def streak(statuses_by_cycle: Sequence[str]) -> int:
    """Count the answered cycles at the end of a member's history (oldest first).

    A still-open prompt does not break the streak, nor does a skipped week; a miss does.
    """
    count = 0
    for status in reversed(statuses_by_cycle):
        if status in (OPEN, SKIPPED):
            continue
        if status != ANSWERED:
            break
        count += 1
    return count
