"""Properties of the matcher on generated rounds, checked against brute force where small."""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bot.checkins.matching.greedy import group_sizes
from bot.checkins.matching.planner import (
    NO_PARTNER,
    NO_ROOM,
    TOO_FEW,
    Candidate,
    PairingPlan,
    PastGroup,
    plan_groups,
)

ZONES = ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rounds(
    draw: st.DrawFn, most: int = 9, group_size: int = 2
) -> tuple[list[Candidate], list[PastGroup], int]:
    """Small rounds: a few units and zones, random history, a sprinkle of do-not-pair."""
    count = draw(st.integers(0, most))
    ids = [f"m{i}" for i in range(count)]
    pairs = list(combinations(ids, 2))
    avoid = draw(st.lists(st.sampled_from(pairs), max_size=count // 2)) if pairs else []
    past = draw(st.lists(st.sampled_from(pairs), max_size=count * 2)) if pairs else []
    members = [
        Candidate(
            member,
            draw(st.sampled_from("abc")),
            draw(st.sampled_from(ZONES)),
            draw(st.none() | st.integers(1, 5)),
            frozenset(b for a, b in avoid if a == member),
        )
        for member in ids
    ]
    history = [PastGroup(f"2026-W{1 + i % 20:02d}", pair) for i, pair in enumerate(past)]
    return members, history, draw(st.integers(0, 3))


def repeats(plan: PairingPlan, history: list[PastGroup]) -> int:
    past = {frozenset(pair) for group in history for pair in combinations(group.members, 2)}
    return sum(frozenset(pair) in past for g in plan.groups for pair in combinations(g, 2))


def blocked(members: list[Candidate]) -> set[frozenset[str]]:
    return {frozenset((m.id, other)) for m in members for other in m.do_not_pair}


def check_shape(plan: PairingPlan, members: list[Candidate], group_size: int) -> None:
    grouped = [member for group in plan.groups for member in group]
    left = [left.id for left in plan.left_out]
    assert sorted(grouped + left) == sorted(m.id for m in members)  # exactly once each
    forbidden = blocked(members)
    for group in plan.groups:
        assert not any(frozenset(pair) in forbidden for pair in combinations(group, 2))
    assert sorted(len(g) for g in plan.groups) == sorted(group_sizes(len(grouped), group_size))


def full_grouping_exists(
    members: list[Candidate], history: list[PastGroup], group_size: int, allow_repeats: bool
) -> bool:
    """Brute force: can everyone be grouped with no do-not-pair (and no repeat)?"""
    bad = blocked(members)
    if not allow_repeats:
        bad |= {frozenset(pair) for group in history for pair in combinations(group.members, 2)}

    def fill(free: list[str], sizes: list[int]) -> bool:
        if not free:
            return True
        for size in set(sizes):
            rest = list(sizes)
            rest.remove(size)
            for others in combinations(free[1:], size - 1):
                group = (free[0], *others)
                clean = not any(frozenset(p) in bad for p in combinations(group, 2))
                if clean and fill([m for m in free[1:] if m not in others], rest):
                    return True
        return False

    sizes = group_sizes(len(members), group_size)
    return bool(sizes) and fill([m.id for m in members], sizes)


STAR = (  # m7 may meet only m0 or m1, who have met: it takes the pair of a 3+3+2 round
    [Candidate(f"m{i}", "a", "Europe/Lisbon") for i in range(8)],
    [PastGroup("2026-W01", ("m0", "m1"))]
    + [PastGroup(f"2026-W0{i}", (f"m{i}", "m7")) for i in range(2, 7)],
    0,
)


@FAST
@example(STAR, 3)
@given(rounds(), st.sampled_from([2, 3]))
def test_everyone_once_and_no_repeat_when_a_repeat_free_round_exists(
    case: tuple[list[Candidate], list[PastGroup], int], group_size: int
) -> None:
    members, history, seed = case
    plan = plan_groups(members, history, group_size=group_size, seed=seed)
    check_shape(plan, members, group_size)
    if full_grouping_exists(members, history, group_size, allow_repeats=True):
        assert plan.left_out == ()
    for left in plan.left_out:
        assert left.reason in (NO_PARTNER, NO_ROOM) or len(members) - len(plan.left_out) < 2
    if full_grouping_exists(members, history, group_size, allow_repeats=False):
        assert repeats(plan, history) == 0


@FAST
@given(rounds(most=14))
def test_same_seed_same_round(case: tuple[list[Candidate], list[PastGroup], int]) -> None:
    members, history, seed = case
    first = plan_groups(members, history, seed=seed)
    assert plan_groups(list(members), list(history), seed=seed) == first


@settings(max_examples=25, deadline=None)
@given(st.integers(12, 36), st.integers(0, 10_000), st.booleans())
def test_no_repeat_in_larger_rounds_when_dirac_guarantees_one(
    count: int, seed: int, odd: bool
) -> None:
    """Random past rounds leave everyone with >= (n+3)/2 allowed partners; then a repeat-free
    round provably exists (Dirac: a Hamiltonian cycle, so pairs, after any allowed trio)."""
    count += odd
    rng = random.Random(seed)
    ids = [f"m{i}" for i in range(count)]
    history: list[PastGroup] = []
    for week in range(1, 40):
        rng.shuffle(ids)
        round_ = [
            PastGroup(f"2026-W{week:02d}", tuple(ids[i : i + 2])) for i in range(0, count - 1, 2)
        ]
        partners: dict[str, set[str]] = {m: set() for m in ids}
        for group in history + round_:
            a, b = group.members
            partners[a].add(b)
            partners[b].add(a)
        if min(count - 1 - len(p) for p in partners.values()) < (count + 3) / 2:
            break
        history += round_
    assume(history)
    members = [Candidate(m, rng.choice("abcd"), rng.choice(ZONES)) for m in sorted(ids)]
    plan = plan_groups(members, history, seed=seed)
    check_shape(plan, members, 2)
    assert plan.left_out == ()
    assert repeats(plan, history) == 0


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 1000))
def test_trios_only_for_odd_counts(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.randrange(2, 60)
    members = [Candidate(f"m{i}", rng.choice("ab"), rng.choice(ZONES)) for i in range(count)]
    plan = plan_groups(members, [], seed=seed)
    trios = [group for group in plan.groups if len(group) == 3]
    assert len(trios) == count % 2
    assert all(len(group) in (2, 3) for group in plan.groups)


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 40), st.integers(1, 3), st.integers(0, 10_000))
def test_no_repeat_when_only_a_few_repeat_free_rounds_exist(
    count: int, rounds_: int, seed: int
) -> None:
    """Everything has been a pair before except the groups of a few hidden rounds; the matcher
    must find a round made only of those (greedy alone gets stuck on such inputs)."""
    rng = random.Random(seed)
    ids = [f"m{i}" for i in range(count)]
    allowed: set[frozenset[str]] = set()
    for _ in range(rounds_):
        rng.shuffle(ids)
        groups = (
            [ids[:3]] + [ids[i : i + 2] for i in range(3, count, 2)]
            if count % 2
            else [ids[i : i + 2] for i in range(0, count, 2)]
        )
        allowed |= {frozenset(pair) for group in groups for pair in combinations(group, 2)}
    history = [
        PastGroup("2026-W30", pair)
        for pair in combinations(sorted(ids), 2)
        if frozenset(pair) not in allowed
    ]
    members = [Candidate(m, rng.choice("abc"), rng.choice(ZONES)) for m in sorted(ids)]
    plan = plan_groups(members, history, seed=seed)
    check_shape(plan, members, 2)
    assert plan.left_out == ()
    assert repeats(plan, history) == 0


@FAST
@given(rounds(most=40), st.sampled_from([2, 3, 4]))
def test_larger_rounds_place_everyone_once_and_respect_do_not_pair(
    case: tuple[list[Candidate], list[PastGroup], int], group_size: int
) -> None:
    members, history, seed = case
    plan = plan_groups(members, history, group_size=group_size, seed=seed)
    check_shape(plan, members, group_size)
    assert all(left.reason in (NO_PARTNER, NO_ROOM, TOO_FEW) for left in plan.left_out)
    if len(members) >= 2 and not blocked(members):
        assert plan.left_out == ()
