"""Why a planned group was matched, in words for a preview or an intro."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import combinations

from bot.checkins.matching.cost import (
    iso_week_monday,
    overlap_hours,
    utc_offset_hours,
    weeks_between,
)
from bot.checkins.matching.planner import Candidate, MatchRules, PastGroup


def last_met(
    history: Sequence[PastGroup], lookback_weeks: int, week: str | None
) -> dict[frozenset[str], str]:
    """Each pair grouped inside the lookback, with the latest week they were grouped."""
    met: dict[frozenset[str], str] = {}
    ages: dict[str, int] = {}
    for past in history:
        if week is not None:
            ages.setdefault(past.week, weeks_between(past.week, week))
            if ages[past.week] > lookback_weeks:
                continue
        for a, b in combinations(sorted(set(past.members)), 2):
            pair = frozenset((a, b))
            if pair not in met or iso_week_monday(met[pair]) < iso_week_monday(past.week):
                met[pair] = past.week
    return met


def why_matched(
    group: Sequence[Candidate], met: Mapping[frozenset[str], str], rules: MatchRules, at: datetime
) -> list[str]:
    """Short reasons: units, shared working hours, seniority, and any repeat inside the lookback."""
    reasons = ["cross-unit" if len({m.unit for m in group}) > 1 else "same unit"]
    offsets = [utc_offset_hours(member.tz, at) for member in group]
    shared = min(overlap_hours(a, b) for a, b in combinations(offsets, 2))
    reasons.append(f"{shared:g}h shared working hours" if shared else "no shared working hours")
    levels = {member.level for member in group if member.level is not None}
    if rules.mix_seniority and len(levels) > 1:
        reasons.append("mixed seniority")
    weeks = [
        met[frozenset((a.id, b.id))]
        for a, b in combinations(group, 2)
        if frozenset((a.id, b.id)) in met
    ]
    if weeks:
        reasons.append(f"met before in {max(weeks, key=iso_week_monday)}")
    return reasons
