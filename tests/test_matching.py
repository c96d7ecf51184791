"""The peer check-in matcher on hand-made rounds: preferences, repeats, left-out reasons."""

from __future__ import annotations

import pytest

from bot.checkins.matching.cost import overlap_hours, utc_offset_hours, week_after, week_reference
from bot.checkins.matching.greedy import group_sizes
from bot.checkins.matching.planner import (
    NO_PARTNER,
    NO_ROOM,
    TOO_FEW,
    Candidate,
    LeftOut,
    MatchRules,
    PastGroup,
    plan_groups,
)


def person(
    id: str,
    unit: str = "eng",
    tz: str = "Europe/Lisbon",
    level: int | None = None,
    avoid: tuple[str, ...] = (),
) -> Candidate:
    return Candidate(id, unit, tz, level, frozenset(avoid))


def pairs_of(groups: tuple[tuple[str, ...], ...]) -> set[frozenset[str]]:
    return {frozenset(group) for group in groups}


def test_pairs_people_from_different_units() -> None:
    members = [person("a", "eng"), person("b", "eng"), person("c", "sales"), person("d", "sales")]
    plan = plan_groups(members, [], seed=4)
    units = {m.id: m.unit for m in members}
    assert all(len({units[i] for i in group}) == 2 for group in plan.groups)
    assert plan.left_out == ()


def test_without_the_unit_rule_same_unit_pairs_are_fine() -> None:
    members = [
        person("a", "eng", "Europe/Lisbon"),
        person("b", "eng", "Europe/Lisbon"),
        person("c", "sales", "Asia/Tokyo"),
        person("d", "sales", "Asia/Tokyo"),
    ]
    plan = plan_groups(members, [], rules=MatchRules(prefer_cross_unit=False))
    assert pairs_of(plan.groups) == {frozenset("ab"), frozenset("cd")}


def test_prefers_colleagues_whose_working_hours_overlap() -> None:
    members = [
        person("a", "eng", "Europe/Lisbon"),
        person("b", "sales", "Asia/Tokyo"),
        person("c", "eng", "Asia/Tokyo"),
        person("d", "sales", "Europe/London"),
    ]
    for seed in range(5):
        plan = plan_groups(members, [], seed=seed)
        assert pairs_of(plan.groups) == {frozenset("ad"), frozenset("bc")}


def test_mixes_seniority_when_asked() -> None:
    members = [
        person("a", level=1),
        person("b", level=1),
        person("c", level=5),
        person("d", level=5),
    ]
    plan = plan_groups(members, [], rules=MatchRules(mix_seniority=True))
    assert pairs_of(plan.groups) == {frozenset("ac"), frozenset("bd")}


def test_never_repeats_a_pair_inside_the_lookback() -> None:
    members = [person(i) for i in "abcd"]
    history = [
        PastGroup("2026-W10", ("a", "b")),
        PastGroup("2026-W10", ("c", "d")),
        PastGroup("2026-W11", ("a", "d")),
        PastGroup("2026-W11", ("b", "c")),
    ]
    plan = plan_groups(members, history)
    assert pairs_of(plan.groups) == {frozenset("ac"), frozenset("bd")}


def test_pairs_older_than_the_lookback_may_meet_again() -> None:
    members = [person(i) for i in "abcd"]
    history = [
        PastGroup("2025-W01", ("a", "c")),
        PastGroup("2025-W01", ("b", "d")),
        PastGroup("2026-W10", ("a", "b")),
        PastGroup("2026-W10", ("c", "d")),
        PastGroup("2026-W11", ("a", "d")),
        PastGroup("2026-W11", ("b", "c")),
    ]
    plan = plan_groups(members, history, week="2026-W12")
    assert pairs_of(plan.groups) == {frozenset("ac"), frozenset("bd")}
    everything = plan_groups(
        members, history, week="2026-W12", rules=MatchRules(lookback_weeks=100)
    )
    assert len(everything.groups) == 2  # every pairing repeats now, but everyone still meets


def test_odd_count_makes_one_trio_and_leaves_nobody_out() -> None:
    members = [person(str(i), unit=f"u{i % 3}") for i in range(7)]
    plan = plan_groups(members, [])
    assert sorted(len(group) for group in plan.groups) == [2, 2, 3]
    assert plan.left_out == ()


def test_group_sizes_stay_close_to_the_asked_size() -> None:
    assert group_sizes(7, 2) == [3, 2, 2]
    assert group_sizes(1, 2) == []
    assert group_sizes(10, 3) == [4, 3, 3]
    assert group_sizes(9, 3) == [3, 3, 3]
    assert group_sizes(6, 4) == [3, 3]
    assert group_sizes(5, 4) == [5]
    assert group_sizes(3, 4) == [3]


@pytest.mark.parametrize("size", [3, 4])
def test_larger_groups_mix_units(size: int) -> None:
    members = [person(f"{unit}{i}", unit) for unit in "abcd" for i in range(size)]
    plan = plan_groups(members, [], group_size=size, seed=2)
    assert sorted(len(group) for group in plan.groups) == [size] * 4
    assert all(len({member[0] for member in group}) == size for group in plan.groups)


@pytest.mark.parametrize("size", [0, 1, 5])
def test_refuses_group_sizes_outside_two_to_four(size: int) -> None:
    with pytest.raises(ValueError, match="group size"):
        plan_groups([person("a"), person("b")], [], group_size=size)


def test_someone_everyone_is_blocked_from_is_left_out_with_the_reason() -> None:
    members = [person("a", avoid=("b", "c")), person("b"), person("c"), person("d", avoid=("a",))]
    plan = plan_groups(members, [])
    assert plan.left_out == (LeftOut("a", NO_PARTNER),)
    assert len(plan.groups) == 1 and set(plan.groups[0]) == {"b", "c", "d"}


def test_a_lone_member_is_left_out_with_the_reason() -> None:
    assert plan_groups([person("a")], []) == plan_groups([person("a")], [])
    assert plan_groups([person("a")], []).left_out == (LeftOut("a", TOO_FEW),)
    assert plan_groups([], []).groups == ()


def test_a_trio_that_a_list_forbids_leaves_one_person_out_with_the_reason() -> None:
    members = [person("a", avoid=("b",)), person("b"), person("c")]
    plan = plan_groups(members, [])
    assert len(plan.groups) == 1 and len(plan.groups[0]) == 2
    assert [left.reason for left in plan.left_out] == [NO_ROOM]
    assert {left.id for left in plan.left_out} | set(plan.groups[0]) == {"a", "b", "c"}


def test_do_not_pair_lists_hold_from_either_side() -> None:
    members = [person("a", avoid=("b",)), person("b"), person("c", "x"), person("d", "x")]
    for seed in range(10):
        plan = plan_groups(members, [], seed=seed)
        assert frozenset("ab") not in pairs_of(plan.groups)


def test_bad_input_is_refused_naming_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="member 'b'.*Mars/Olympus"):
        plan_groups([person("a"), person("b", tz="Mars/Olympus")], [])
    with pytest.raises(ValueError, match="appears twice"):
        plan_groups([person("a"), person("a")], [])
    with pytest.raises(ValueError, match="2026-W60"):
        plan_groups([person("a"), person("b")], [PastGroup("2026-W60", ("a", "b"))])


def test_time_helpers() -> None:
    assert week_after("2026-W52") == "2026-W53"
    assert week_after("2026-W53") == "2027-W01"
    at = week_reference("2026-W27")
    assert utc_offset_hours("Europe/Lisbon", at) == 1.0
    assert utc_offset_hours("Asia/Kolkata", at) == 5.5
    assert overlap_hours(1.0, 5.5) == 3.5
    assert overlap_hours(-11.0, 12.0) == 7.0
