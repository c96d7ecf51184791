"""What a check-in group costs: past repeats, same unit, too little shared working time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REPEAT_COST = 1000.0
"""Per pair grouped together inside the lookback: outweighs every preference."""
UNIT_COST = 10.0
"""Per pair from the same unit: outweighs the hours and seniority costs of a two-group swap."""
HOURS_COST = 3.0
"""Per pair with no working hours in common; scaled down by the hours they share."""
SENIORITY_COST = 1.0
"""Per pair at the same level when seniority is mixed; zero from three levels apart."""
WORKDAY_HOURS = 8.0
"""Working hours assumed in every zone: 09:00 to 17:00 local time."""
DEFAULT_REFERENCE = datetime(2026, 1, 5, 12, tzinfo=UTC)
"""The instant whose UTC offsets count when neither a week nor any history is given."""

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def iso_week_monday(week: str) -> date:
    """The Monday of an ISO week written like "2026-W40"; ValueError if it is not one."""
    found = _WEEK.fullmatch(week)
    if found is None:
        raise ValueError(f"week {week!r} is not an ISO week like 2026-W40")
    try:
        return date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise ValueError(f"week {week!r} does not exist") from None


def weeks_between(earlier: str, later: str) -> int:
    """How many weeks `later` comes after `earlier` (negative if it comes before)."""
    return (iso_week_monday(later) - iso_week_monday(earlier)).days // 7


def week_after(week: str) -> str:
    """The ISO week that follows `week`."""
    year, number, _ = (iso_week_monday(week) + timedelta(days=7)).isocalendar()
    return f"{year}-W{number:02d}"


def week_reference(week: str) -> datetime:
    """Noon UTC on the Monday of `week`: the instant whose zone offsets a round uses."""
    return datetime.combine(iso_week_monday(week), time(12), tzinfo=UTC)


def round_week(weeks: Iterable[str]) -> str | None:
    """The week of a round after these history weeks: the one after the latest, if any."""
    distinct = set(weeks)
    return week_after(max(distinct, key=iso_week_monday)) if distinct else None


def round_reference(week: str | None) -> datetime:
    """The instant whose zone offsets a round uses."""
    return week_reference(week) if week is not None else DEFAULT_REFERENCE


def utc_offset_hours(zone: str, at: datetime) -> float:
    """The zone's offset from UTC in hours at `at`; ValueError for an unknown zone."""
    try:
        offset = ZoneInfo(zone).utcoffset(at)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {zone!r}") from None
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def overlap_hours(offset_a: float, offset_b: float) -> float:
    """Working hours two zones share on a day (09:00-17:00 local in each)."""
    apart = abs(offset_a - offset_b) % 24
    return max(0.0, WORKDAY_HOURS - min(apart, 24 - apart))


def profile_cost(
    a: tuple[float, int | None], b: tuple[float, int | None], hours: bool, seniority: bool
) -> float:
    """The preference cost of two (offset, level) profiles, before units and repeats."""
    cost = 0.0
    if hours:
        cost += HOURS_COST * (1 - overlap_hours(a[0], b[0]) / WORKDAY_HOURS)
    if seniority:
        if a[1] is None or b[1] is None:
            cost += SENIORITY_COST / 2
        else:
            cost += SENIORITY_COST * (1 - min(abs(a[1] - b[1]), 3) / 3)
    return cost


class CostModel:
    """Member indices with their unit, profile, past partners and do-not-pair sets."""

    def __init__(
        self,
        units: list[int],
        profiles: list[int],
        profile_costs: list[list[float]],
        unit_cost: float,
        past: list[set[int]],
        blocked: list[set[int]],
    ) -> None:
        self.units = units
        self.profiles = profiles
        self.profile_costs = profile_costs
        self.unit_cost = unit_cost
        self.past = past
        self.blocked = blocked

    @property
    def size(self) -> int:
        """How many members the model knows."""
        return len(self.units)

    def pair(self, a: int, b: int) -> float:
        """The cost of grouping a with b (repeats included, do-not-pair not)."""
        cost = self.profile_costs[self.profiles[a]][self.profiles[b]]
        if self.units[a] == self.units[b]:
            cost += self.unit_cost
        if b in self.past[a]:
            cost += REPEAT_COST
        return cost

    def group(self, members: Sequence[int]) -> float:
        """The cost of a whole group: the sum over its pairs."""
        return sum(
            self.pair(a, members[j])
            for i, a in enumerate(members)
            for j in range(i + 1, len(members))
        )

    def repeats(self, members: Sequence[int]) -> int:
        """How many pairs in the group were grouped together inside the lookback."""
        return sum(
            members[j] in self.past[a]
            for i, a in enumerate(members)
            for j in range(i + 1, len(members))
        )

    def fits(self, member: int, others: Sequence[int]) -> bool:
        """True if no do-not-pair list stands between `member` and any of `others`."""
        blocked = self.blocked[member]
        return not any(other in blocked for other in others)

    def clean(self, member: int, others: Sequence[int]) -> bool:
        """True if `member` may join `others` with no do-not-pair and no repeat."""
        blocked, past = self.blocked[member], self.past[member]
        return not any(other in blocked or other in past for other in others)
