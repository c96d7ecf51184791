"""A newcomer's partner in their second week: a colleague from another unit, chosen here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.checkins.matching.cost import overlap_hours, utc_offset_hours


@dataclass(frozen=True)
class Colleague:
    """Someone who may be a newcomer's partner."""

    id: int
    unit: str
    zone: str
    newcomer: bool  # a newcomer too: chosen only when no settled colleague is left
    partnered: int  # newcomers they were already introduced to


def choose_partner(
    newcomer: Colleague, colleagues: Sequence[Colleague], blocked: set[int], at: datetime
) -> Colleague | None:
    """The partner from another unit: a settled colleague before another newcomer, then the
    one introduced to fewest newcomers, then the most shared working hours, then the
    lowest id (deterministic); None when nobody of another unit can be asked."""
    own = utc_offset_hours(newcomer.zone, at)
    eligible = [
        c
        for c in colleagues
        if c.id != newcomer.id and c.id not in blocked and c.unit != newcomer.unit
    ]
    if not eligible:
        return None
    return min(
        eligible,
        key=lambda c: (
            c.newcomer,
            c.partnered,
            -overlap_hours(own, utc_offset_hours(c.zone, at)),
            c.id,
        ),
    )
