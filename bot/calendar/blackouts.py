"""A program's blackout dates: single days and ranges, written '2026-12-24..2027-01-01'."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

DateRange = tuple[date, date]  # first and last day, both included
MAX_RANGES = 40  # fits the 1,100 characters a program stores


def parse_blackouts(text: str) -> tuple[DateRange, ...]:
    """'2026-12-24..2027-01-01, 2026-04-03' to sorted ranges; '' (or 'none') for none.

    ValueError names the part that is not a date or a range of dates.
    """
    if text.strip().lower() in ("", "none"):
        return ()
    ranges = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        first_text, _, last_text = part.partition("..")
        try:
            first = date.fromisoformat(first_text.strip())
            last = date.fromisoformat(last_text.strip()) if last_text else first
        except ValueError:
            raise ValueError(
                f"blackout {part!r} is not a date or a range (use YYYY-MM-DD or "
                "YYYY-MM-DD..YYYY-MM-DD, separated by commas)"
            ) from None
        if last < first:
            raise ValueError(f"blackout {part!r} ends before it starts")
        ranges.append((first, last))
    if len(ranges) > MAX_RANGES:
        raise ValueError(f"at most {MAX_RANGES} blackout dates or ranges")
    return tuple(sorted(set(ranges)))


def format_blackouts(ranges: Iterable[DateRange]) -> str:
    """The canonical text of `ranges`, as stored and shown ('' for none)."""
    return ",".join(
        first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        for first, last in ranges
    )


def in_blackout(ranges: Iterable[DateRange], day: date) -> bool:
    return any(first <= day <= last for first, last in ranges)
