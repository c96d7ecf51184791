"""Peer check-in matching: who meets whom this round, and who is left out and why.

A pure planner. Members are bucketed by unit and working profile, grouped by a seeded greedy,
then repaired (swaps, and for pairs Edmonds' matching on the repeat-free graph, which finds a
repeat-free round whenever one exists) and improved by member swaps between groups. Small
rounds (up to EXACT_LIMIT people) are searched exhaustively instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from random import Random

from bot.checkins.matching.cost import (
    UNIT_COST,
    CostModel,
    profile_cost,
    round_reference,
    round_week,
    utc_offset_hours,
    weeks_between,
)
from bot.checkins.matching.exact import EXACT_LIMIT, exact_groups
from bot.checkins.matching.greedy import greedy_groups, group_sizes
from bot.checkins.matching.repair import (
    improve,
    place_leftovers,
    rematch_pairs,
    remove_repeats,
    retry_trio,
)

NO_PARTNER = "everyone else is on a do-not-pair list (theirs or their own)"
TOO_FEW = "fewer than 2 people to match"
NO_ROOM = "no group could take them without breaking a do-not-pair list"
IMPROVE_TRIES = 6
TRIO_ATTEMPTS = 200


@dataclass(frozen=True)
class Candidate:
    """A member who may be matched: unit, IANA zone, optional level, private do-not-pair."""

    id: str
    unit: str
    tz: str
    level: int | None = None
    do_not_pair: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PastGroup:
    """A group from an earlier round, in ISO week form like "2026-W40"."""

    week: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class MatchRules:
    """A program's matching rules."""

    prefer_cross_unit: bool = True
    mix_seniority: bool = False
    prefer_overlapping_hours: bool = True
    lookback_weeks: int = 26


@dataclass(frozen=True)
class LeftOut:
    """Someone not matched this round, with the reason to tell them."""

    id: str
    reason: str


@dataclass(frozen=True)
class PairingPlan:
    """A planned round: groups of member ids and whoever is left out."""

    groups: tuple[tuple[str, ...], ...]
    left_out: tuple[LeftOut, ...] = ()


def plan_groups(
    members: Sequence[Candidate],
    history: Sequence[PastGroup],
    *,
    group_size: int = 2,
    seed: int = 0,
    rules: MatchRules = MatchRules(),
    week: str | None = None,
) -> PairingPlan:
    """Plan one round; `week` is the round's ISO week (default: the one after the history).

    ValueError for a group size outside 2..4, a duplicate id, an unknown zone or a bad week.
    """
    if not 2 <= group_size <= 4:
        raise ValueError(f"group size must be 2, 3 or 4, not {group_size}")
    ids = [member.id for member in members]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"member {duplicate!r} appears twice")
    week = week or round_week(group.week for group in history)
    reference = round_reference(week)
    eligible, left_out = _eligible(members)
    model = _model(eligible, history, rules, week, reference)
    groups, stuck = _solve(model, group_size, Random(seed))
    left_out += [LeftOut(eligible[m].id, NO_ROOM) for m in sorted(stuck)]
    ordered = sorted(sorted(group) for group in groups)
    return PairingPlan(
        groups=tuple(tuple(eligible[m].id for m in group) for group in ordered),
        left_out=tuple(left_out),
    )


def _eligible(members: Sequence[Candidate]) -> tuple[list[Candidate], list[LeftOut]]:
    """Drop people every other person is blocked from, until nobody else needs dropping."""
    present = {member.id for member in members}
    blocked: dict[str, set[str]] = {member.id: set() for member in members}
    for member in members:
        for other in member.do_not_pair:
            if other not in present or other == member.id:
                continue
            blocked[member.id].add(other)
            blocked[other].add(member.id)
    remaining = list(members)
    left_out: list[LeftOut] = []
    while True:
        ids = {member.id for member in remaining}
        alone = [
            m for m in remaining if len(remaining) >= 2 and len(blocked[m.id] & ids) >= len(ids) - 1
        ]
        if not alone:
            break
        left_out += [LeftOut(member.id, NO_PARTNER) for member in alone]
        remaining = [member for member in remaining if member not in alone]
    if len(remaining) < 2:
        left_out += [LeftOut(member.id, TOO_FEW) for member in remaining]
        remaining = []
    return remaining, left_out


def _model(
    members: list[Candidate],
    history: Sequence[PastGroup],
    rules: MatchRules,
    week: str | None,
    reference: datetime,
) -> CostModel:
    index = {member.id: at for at, member in enumerate(members)}
    offsets: dict[str, float] = {}
    for member in members:
        if member.tz not in offsets:
            try:
                offsets[member.tz] = utc_offset_hours(member.tz, reference)
            except ValueError as exc:
                raise ValueError(f"member {member.id!r}: {exc}") from None
    units: dict[str, int] = {}
    profiles: dict[tuple[float, int | None], int] = {}
    for member in members:
        units.setdefault(member.unit, len(units))
        level = member.level if rules.mix_seniority else None
        profiles.setdefault((offsets[member.tz], level), len(profiles))
    keys = list(profiles)
    costs = [
        [profile_cost(a, b, rules.prefer_overlapping_hours, rules.mix_seniority) for b in keys]
        for a in keys
    ]
    blocked: list[set[int]] = [set() for _ in members]
    for member in members:
        for other in member.do_not_pair:
            if other in index and other != member.id:
                blocked[index[member.id]].add(index[other])
                blocked[index[other]].add(index[member.id])
    return CostModel(
        units=[units[member.unit] for member in members],
        profiles=[
            profiles[(offsets[m.tz], m.level if rules.mix_seniority else None)] for m in members
        ],
        profile_costs=costs,
        unit_cost=UNIT_COST if rules.prefer_cross_unit else 0.0,
        past=_past_partners(index, history, rules.lookback_weeks, week),
        blocked=blocked,
    )


def _past_partners(
    index: dict[str, int], history: Sequence[PastGroup], lookback: int, week: str | None
) -> list[set[int]]:
    past: list[set[int]] = [set() for _ in index]
    weeks = {group.week for group in history}
    recent = {w for w in weeks if week is None or weeks_between(w, week) <= lookback}
    for group in history:
        if group.week not in recent:
            continue
        members = group.members
        if len(members) == 2:
            a, b = index.get(members[0]), index.get(members[1])
            if a is not None and b is not None and a != b:
                past[a].add(b)
                past[b].add(a)
            continue
        known = list(dict.fromkeys(index[m] for m in members if m in index))
        for at, a in enumerate(known):
            for b in known[at + 1 :]:
                past[a].add(b)
                past[b].add(a)
    return past


def _solve(model: CostModel, group_size: int, rng: Random) -> tuple[list[list[int]], list[int]]:
    sizes = group_sizes(model.size, group_size)
    if not sizes:
        return [], []
    if model.size <= EXACT_LIMIT:
        return exact_groups(model, group_size)
    groups, leftovers = greedy_groups(model, sizes, rng)
    targets = sizes[: len(groups)]
    stuck = place_leftovers(model, groups, targets, leftovers)
    remove_repeats(model, groups, rng)
    if group_size == 2:
        groups = rematch_pairs(model, groups, rng)
        groups = retry_trio(model, groups, rng, TRIO_ATTEMPTS)
    groups = [group for group in groups if group]
    singles = [group[0] for group in groups if len(group) == 1]
    groups = [group for group in groups if len(group) > 1]
    improve(model, groups, rng, IMPROVE_TRIES)
    return groups, stuck + singles
