"""The statistics behind the figures: Wilson intervals and differences from scipy.stats."""

from __future__ import annotations

from functools import lru_cache
from math import sqrt

from bot.evidence.figures import MIN_PEOPLE, Difference, Proportion

CONFIDENCE = 0.95
CHANCE = 0.05  # a drop is "larger than chance" when chance alone explains it less often


def proportion(k: int, n: int, people: int | None = None) -> Proportion:
    """k of n with its 95% Wilson interval; none behind fewer than `MIN_PEOPLE` people."""
    if (n if people is None else min(n, people)) < MIN_PEOPLE:
        return Proportion(k, n, people=people)
    return Proportion(k, n, *_wilson(k, n), people)


@lru_cache(maxsize=4096)
def _wilson(k: int, n: int) -> tuple[float, float]:
    """The interval of k of n (kept: a page shows the same totals in several tables)."""
    from scipy.stats import binomtest  # imported when first needed: scipy adds ~60 MB

    interval = binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return float(interval.low), float(interval.high)


def difference(a: Proportion, b: Proportion) -> Difference:
    """a - b with Newcombe's hybrid score interval, built on each side's Wilson interval."""
    if a.too_few or b.too_few or a.low is None or b.low is None:
        return Difference(None, None, None)
    assert a.high is not None and b.high is not None
    pa, pb = a.k / a.n, b.k / b.n
    estimate = pa - pb
    low = estimate - sqrt((pa - a.low) ** 2 + (b.high - pb) ** 2)
    high = estimate + sqrt((a.high - pa) ** 2 + (pb - b.low) ** 2)
    return Difference(estimate, max(-1.0, low), min(1.0, high))


def drop_beyond_chance(last: tuple[int, int], before: tuple[int, int]) -> bool:
    """Did the last round's (answered, asked) fall below the rounds before by more than chance?

    Fisher's exact test, one-sided: one person of five missing one week after four full
    weeks is well within chance (p = 0.2); a team of twenty going from 90% to 50% is not.
    """
    (k1, n1), (k0, n0) = last, before
    if n1 == 0 or n0 == 0:
        return False
    from scipy.stats import fisher_exact  # imported when first needed, as above

    table = [[k1, n1 - k1], [k0, n0 - k0]]
    _, p_value = fisher_exact(table, alternative="less")
    return float(p_value) < CHANCE
