"""Exhaustive search for small rounds: fewest people left out, then fewest repeats and cost."""

from __future__ import annotations

from itertools import combinations

from bot.checkins.matching.cost import CostModel
from bot.checkins.matching.greedy import group_sizes

EXACT_LIMIT = 10
"""Rounds up to this many people are searched exhaustively when the heuristics fall short."""


def exact_groups(model: CostModel, group_size: int) -> tuple[list[list[int]], list[int]]:
    """The best grouping of a small round and who is left out (do-not-pair leaves no room)."""
    count = model.size
    for left_out in range(count + 1):
        sizes = group_sizes(count - left_out, group_size)
        if not sizes:
            return [], list(range(count))
        found = _Search(model, sizes, left_out).run()
        if found is not None:
            return found
    return [], list(range(count))


class _Search:
    def __init__(self, model: CostModel, sizes: list[int], left_out: int) -> None:
        self.model = model
        self.sizes = sorted(sizes)
        self.left_out = left_out
        self.best_cost = float("inf")
        self.best: tuple[list[list[int]], list[int]] | None = None

    def run(self) -> tuple[list[list[int]], list[int]] | None:
        self._step(list(range(self.model.size)), self.sizes, self.left_out, [], [], 0.0)
        return self.best

    def _step(
        self,
        free: list[int],
        sizes: list[int],
        skips: int,
        groups: list[list[int]],
        skipped: list[int],
        cost: float,
    ) -> None:
        if cost >= self.best_cost:
            return
        if not free:
            self.best_cost = cost
            self.best = ([list(g) for g in groups], list(skipped))
            return
        first, rest = free[0], free[1:]
        if skips:
            self._step(rest, sizes, skips - 1, groups, skipped + [first], cost)
        for size in sorted(set(sizes)):
            left = list(sizes)
            left.remove(size)
            for others in combinations(rest, size - 1):
                group = [first, *others]
                if any(not self.model.fits(m, group[:at]) for at, m in enumerate(group)):
                    continue
                remaining = [m for m in rest if m not in others]
                self._step(
                    remaining,
                    left,
                    skips,
                    groups + [group],
                    skipped,
                    cost + self.model.group(group),
                )
