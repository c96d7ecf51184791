"""First cut of a round: seeded greedy over members bucketed by working profile and unit.

Costs depend on a member's unit and profile (zone offset, maybe level) plus sparse
exceptions (past partners, do-not-pair), so each step compares a few dozen
(profile, unit) buckets instead of thousands of people. Seeds come from the unit with the
most people left, which keeps big units from ending up grouped with themselves.
"""

from __future__ import annotations

import heapq
from random import Random

from bot.checkins.matching.cost import CostModel


def group_sizes(count: int, group_size: int) -> list[int]:
    """Group sizes for `count` people: pairs plus a trio when odd, else within one of the size."""
    if count < 2:
        return []
    if group_size == 2:
        sizes = [2] * (count // 2)
        if count % 2:
            sizes[0] = 3
        return sizes
    if count <= group_size:
        return [count]
    best: list[int] = []
    best_key: tuple[int, int] | None = None
    for groups in (count // group_size + 1, count // group_size):
        base, extra = divmod(count, groups)
        sizes = [base + 1] * extra + [base] * (groups - extra)
        if base < max(2, group_size - 1) or sizes[0] > group_size + 1:
            continue
        key = (sum(size != group_size for size in sizes), 0)
        if best_key is None or key < best_key:
            best, best_key = sizes, key
    return best or [count // 2, count - count // 2]


class _Pool:
    """Members not yet grouped, by unit and by (profile, unit), with O(1) removal."""

    def __init__(self, model: CostModel, order: list[int]) -> None:
        self.model = model
        self.by_unit: dict[int, list[int]] = {}
        self.buckets: dict[int, dict[int, list[int]]] = {}
        self.unit_pos = [0] * model.size
        self.bucket_pos = [0] * model.size
        for member in order:
            unit_list = self.by_unit.setdefault(model.units[member], [])
            self.unit_pos[member] = len(unit_list)
            unit_list.append(member)
            bucket = self.buckets.setdefault(model.profiles[member], {}).setdefault(
                model.units[member], []
            )
            self.bucket_pos[member] = len(bucket)
            bucket.append(member)
        self.heap = [(-len(members), unit) for unit, members in self.by_unit.items()]
        heapq.heapify(self.heap)

    def remove(self, member: int) -> None:
        """Take a member out of the pool."""
        unit, profile = self.model.units[member], self.model.profiles[member]
        _swap_pop(self.by_unit[unit], self.unit_pos, member)
        by_unit = self.buckets[profile]
        _swap_pop(by_unit[unit], self.bucket_pos, member)
        if not by_unit[unit]:
            del by_unit[unit]
            if not by_unit:
                del self.buckets[profile]

    def seed(self) -> int | None:
        """The next member of the unit with the most people left."""
        while self.heap:
            negative, unit = self.heap[0]
            left = len(self.by_unit[unit])
            if left == -negative and left:
                heapq.heapreplace(self.heap, (-(left - 1), unit))
                return self.by_unit[unit][-1]
            heapq.heappop(self.heap)
            if left:
                heapq.heappush(self.heap, (-left, unit))
        return None

    def remaining(self) -> list[int]:
        """Everyone still in the pool."""
        return [member for members in self.by_unit.values() for member in members]


def _swap_pop(items: list[int], positions: list[int], member: int) -> None:
    at, last = positions[member], items[-1]
    items[at] = last
    positions[last] = at
    items.pop()


def _best_addition(pool: _Pool, group: list[int]) -> int | None:
    model = pool.model
    units: dict[int, int] = {}
    for member in group:
        units[model.units[member]] = units.get(model.units[member], 0) + 1
    blocked = set().union(*(model.blocked[member] for member in group))
    past = set().union(*(model.past[member] for member in group))
    rows = [model.profile_costs[model.profiles[member]] for member in group]
    combos = []
    for profile, by_unit in pool.buckets.items():
        base = sum(row[profile] for row in rows)
        for unit in by_unit:
            cost = base + model.unit_cost * units.get(unit, 0)
            combos.append((cost, -len(pool.by_unit[unit]), profile, unit))
    combos.sort()
    for strict in (True, False):
        for _cost, _size, profile, unit in combos:
            bucket = pool.buckets[profile][unit]
            for at in range(len(bucket) - 1, -1, -1):
                member = bucket[at]
                if member not in blocked and not (strict and member in past):
                    return member
    return None


def greedy_groups(
    model: CostModel, sizes: list[int], rng: Random
) -> tuple[list[list[int]], list[int]]:
    """Groups of the given sizes, cheapest addition first; and whoever could not be placed."""
    order = list(range(model.size))
    rng.shuffle(order)
    # Most constrained last in each list, so they are seeded and chosen first.
    order.sort(key=lambda member: len(model.past[member]) + 4 * len(model.blocked[member]))
    pool = _Pool(model, order)
    groups: list[list[int]] = []
    for size in sizes:
        seed = pool.seed()
        if seed is None:
            break
        pool.remove(seed)
        group = [seed]
        while len(group) < size:
            member = _best_addition(pool, group)
            if member is None:
                break
            pool.remove(member)
            group.append(member)
        groups.append(group)
    return groups, pool.remaining()
