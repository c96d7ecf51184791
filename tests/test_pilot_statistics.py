"""The pilot statistics on synthetic data: found effects, inconclusive ones, coverage, floors."""

from __future__ import annotations

import numpy as np
import pytest

from bot.pilots.statistics import Estimate, describe_estimate, did_estimate


def _groups(rng: np.random.Generator, size: int, effect: float, trend: float = 5.0) -> list:
    """Pilot and comparison, before and after: both share a trend, the pilot adds `effect`."""
    return [
        rng.normal(50, 10, size),
        rng.normal(50 + trend + effect, 10, size),
        rng.normal(48, 10, size),
        rng.normal(48 + trend, 10, size),
    ]


def test_a_real_effect_is_found_with_causal_wording() -> None:
    rng = np.random.default_rng(1)
    estimate = did_estimate(*_groups(rng, 60, effect=12.0), seed=3)
    assert estimate.kind == "did" and estimate.conclusive and estimate.n == 240
    assert estimate.low is not None and estimate.high is not None
    assert 0 < estimate.low < 12 < estimate.high
    sentence = describe_estimate(estimate, "participation", "points")
    assert sentence.startswith("Participation rose ")
    assert "more in the pilot than in the comparison (95% interval" in sentence


def test_no_effect_is_reported_as_inconclusive() -> None:
    rng = np.random.default_rng(2)
    estimate = did_estimate(*_groups(rng, 40, effect=0.0), seed=4)
    assert estimate.kind == "did" and not estimate.conclusive
    assert estimate.low is not None and estimate.high is not None
    assert estimate.low < 0 < estimate.high
    sentence = describe_estimate(estimate, "participation", "points")
    assert "inconclusive" in sentence and "includes no change" in sentence
    assert "rose" not in sentence


def test_the_same_seed_gives_the_same_interval_and_another_seed_moves_it() -> None:
    rng = np.random.default_rng(5)
    groups = _groups(rng, 30, effect=5.0)
    first, again = did_estimate(*groups, seed=7), did_estimate(*groups, seed=7)
    other = did_estimate(*groups, seed=8)
    assert first == again
    assert (other.low, other.high) != (first.low, first.high)
    assert other.effect == first.effect  # the point estimate does not depend on resampling


def test_the_interval_covers_the_true_effect_in_about_95_of_500_pilots() -> None:
    rng = np.random.default_rng(11)
    true_effect = 6.0
    covered = 0
    for i in range(500):
        estimate = did_estimate(*_groups(rng, 40, effect=true_effect), seed=i, resamples=400)
        assert estimate.low is not None and estimate.high is not None
        covered += estimate.low <= true_effect <= estimate.high
    assert 0.92 <= covered / 500 <= 0.98


@pytest.mark.parametrize("small", [0, 1, 2, 3])
def test_fewer_than_five_in_any_cell_gives_no_figure(small: int) -> None:
    rng = np.random.default_rng(6)
    groups = _groups(rng, 30, effect=20.0)
    groups[small] = groups[small][:4]
    estimate = did_estimate(*groups)
    assert estimate == Estimate("too_few", None, None, None, False, 94)
    assert describe_estimate(estimate, "participation") == "Too few people to tell."


def test_five_in_every_cell_is_enough_for_a_figure() -> None:
    estimate = did_estimate([1.0] * 5, [3.0] * 5, [1.0] * 5, [1.0] * 5)
    assert estimate.kind == "did" and estimate.effect == pytest.approx(2.0)
    assert estimate.conclusive  # no spread at all: every resample gives 2


def test_without_a_comparison_only_a_before_after_change_is_worded() -> None:
    rng = np.random.default_rng(8)
    before, after = rng.normal(3, 2, 50), rng.normal(8, 2, 50)
    estimate = did_estimate(before, after, None, None, seed=1)
    assert estimate.kind == "before_after" and estimate.conclusive and estimate.n == 100
    sentence = describe_estimate(estimate, "hours lost", "hours")
    assert sentence.startswith("Hours lost rose ")
    assert "before/after change, not a measure of what the pilot caused" in sentence
    assert "than in the comparison" not in sentence


def test_a_before_after_change_that_spans_zero_is_inconclusive() -> None:
    rng = np.random.default_rng(9)
    estimate = did_estimate(rng.normal(3, 2, 20), rng.normal(3, 2, 20), None, None)
    assert estimate.kind == "before_after" and not estimate.conclusive
    sentence = describe_estimate(estimate, "hours lost", "hours")
    assert "inconclusive" in sentence and "no comparison unit" in sentence


def test_a_fall_is_worded_as_a_fall_with_the_unit() -> None:
    estimate = did_estimate([10.0] * 6, [7.0] * 6, [10.0] * 6, [10.0] * 6)
    assert describe_estimate(estimate, "hours lost", "hours") == (
        "Hours lost fell 3 hours more in the pilot than in the comparison "
        "(95% interval -3 hours to -3 hours)."
    )
