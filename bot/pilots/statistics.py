"""Honest pilot figures: a difference-in-differences against the comparison units with a
seeded bootstrap 95% interval, a before/after change when there is no comparison, and no
figure at all when any group has fewer than five people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.pilots.messages import estimate_sentence

MIN_PEOPLE = 5  # fewer in any group and period: "too few to tell", no figure
LEVEL = 0.95

DID = "did"
BEFORE_AFTER = "before_after"
TOO_FEW = "too_few"


@dataclass(frozen=True)
class Estimate:
    kind: str  # "did" | "before_after" | "too_few"
    effect: float | None
    low: float | None
    high: float | None
    conclusive: bool
    n: int


def _resampled_means(values: np.ndarray, rng: np.random.Generator, resamples: int) -> np.ndarray:
    """The mean of `resamples` bootstrap samples of one group in one period."""
    picks = rng.integers(0, len(values), size=(resamples, len(values)))
    return np.asarray(values[picks].mean(axis=1))


def did_estimate(
    pilot_before: Sequence[float],
    pilot_after: Sequence[float],
    comparison_before: Sequence[float] | None,
    comparison_after: Sequence[float] | None,
    *,
    seed: int = 0,
    resamples: int = 2000,
) -> Estimate:
    """The pilot's change less the comparison's (or the pilot's change alone without one),
    with a percentile bootstrap interval: members are resampled within each group and period."""
    cells = [np.asarray(pilot_before, dtype=float), np.asarray(pilot_after, dtype=float)]
    compared = comparison_before is not None and comparison_after is not None
    if compared:
        cells += [
            np.asarray(comparison_before, dtype=float),
            np.asarray(comparison_after, dtype=float),
        ]
    n = sum(len(cell) for cell in cells)
    if min(len(cell) for cell in cells) < MIN_PEOPLE:
        return Estimate(TOO_FEW, None, None, None, False, n)
    signs = (-1.0, 1.0, 1.0, -1.0)  # pilot after - before, minus comparison after - before
    effect = sum(sign * cell.mean() for sign, cell in zip(signs, cells, strict=False))
    rng = np.random.default_rng(seed)
    boot = sum(
        sign * _resampled_means(cell, rng, resamples)
        for sign, cell in zip(signs, cells, strict=False)
    )
    tail = (1 - LEVEL) / 2 * 100
    low, high = (float(v) for v in np.percentile(boot, [tail, 100 - tail]))
    return Estimate(
        DID if compared else BEFORE_AFTER,
        float(effect),
        low,
        high,
        conclusive=low > 0 or high < 0,
        n=n,
    )


def describe_estimate(e: Estimate, what: str, unit: str = "") -> str:
    """One plain sentence; causal wording only when there was a comparison."""
    return estimate_sentence(e.kind, e.effect, e.low, e.high, e.conclusive, what, unit)
