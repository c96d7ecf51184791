"""Manager chains (pure): loops found through a person, levels as depth from the top."""

from __future__ import annotations

from bot.people.manager_chain import chain_levels, loop_through


def test_a_loop_is_found_only_through_the_person_it_passes() -> None:
    managers = {"ana": "ben", "ben": "ana", "cai": "ana", "dir": None}
    assert loop_through("ana", managers) == ["ana", "ben"]
    assert loop_through("cai", managers) is None  # above her, not through her
    assert loop_through("dir", managers) is None


def test_levels_count_down_from_the_top_and_respect_given_levels() -> None:
    managers = {"dir": None, "ben": "dir", "ana": "ben", "cai": "dir", "dan": "cai"}
    assert chain_levels(["ana", "ben", "dir", "dan"], managers, {"cai": 4}) == {
        "ana": 3,
        "ben": 2,
        "dir": 1,
        "dan": 5,
    }


def test_a_loop_stored_before_loops_were_refused_does_not_hang_the_levels() -> None:
    managers = {"ana": "ben", "ben": "ana", "cai": "ana"}
    assert chain_levels(["cai"], managers, {}) == {"cai": 3}
