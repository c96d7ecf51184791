"""Fix-ups after the greedy cut: place leftovers, remove repeats, then improve by swaps."""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from bot.checkins.matching.blossom import maximum_matching
from bot.checkins.matching.cost import CostModel


def _swap(group: list[int], out: int, into: int) -> list[int]:
    return [into if member == out else member for member in group]


def place_leftovers(
    model: CostModel, groups: list[list[int]], targets: list[int], leftovers: list[int]
) -> list[int]:
    """Put leftovers into groups short of their size, swapping someone if a list forbids it.

    Returns whoever still has no group: the do-not-pair lists leave no room for them.
    """
    stuck: list[int] = []
    for member in leftovers:
        short = [i for i, group in enumerate(groups) if len(group) < targets[i]]
        home = next((i for i in short if model.fits(member, groups[i])), None)
        if home is not None:
            groups[home].append(member)
            continue
        if not _place_by_swap(model, groups, short, member):
            stuck.append(member)
    return stuck


def _place_by_swap(
    model: CostModel, groups: list[list[int]], short: list[int], member: int
) -> bool:
    for i, group in enumerate(groups):
        for other in group:
            rest = [m for m in group if m != other]
            if not model.fits(member, rest):
                continue
            target = next((j for j in short if j != i and model.fits(other, groups[j])), None)
            if target is not None:
                groups[i] = rest + [member]
                groups[target].append(other)
                return True
    return False


def remove_repeats(model: CostModel, groups: list[list[int]], rng: Random) -> None:
    """Swap members between groups until no group holds a repeat, where one swap can do it."""
    count = len(groups)
    for i in range(count):
        while model.repeats(groups[i]) and count > 1 and _swap_out_repeat(model, groups, i, rng):
            pass


def _swap_out_repeat(model: CostModel, groups: list[list[int]], i: int, rng: Random) -> bool:
    group = groups[i]
    before_here = model.repeats(group)
    offenders = [a for a in group if any(b in model.past[a] for b in group if b != a)]
    start = rng.randrange(len(groups))
    for out in offenders:
        rest = [m for m in group if m != out]
        for step in range(len(groups)):
            j = (start + step) % len(groups)
            if j == i:
                continue
            other = groups[j]
            before = before_here + model.repeats(other)
            for into in other:
                if not model.clean(into, rest):
                    continue
                other_rest = [m for m in other if m != into]
                if not model.fits(out, other_rest):
                    continue
                if model.repeats(rest + [into]) + model.repeats(other_rest + [out]) < before:
                    groups[i] = rest + [into]
                    groups[j] = other_rest + [out]
                    return True
    return False


def rematch_pairs(model: CostModel, groups: list[list[int]], rng: Random) -> list[list[int]]:
    """Re-pair everyone in a pair so that no pair repeats, whenever such pairs exist.

    Runs Edmonds' matching on the repeat-free graph over the members of repeating pairs
    plus a growing sample of good pairs; the whole round only if the sample is not enough.
    """
    pairs = [group for group in groups if len(group) == 2]
    others = [group for group in groups if len(group) != 2]
    bad = [pair for pair in pairs if model.repeats(pair)]
    if not bad:
        return groups
    good = [pair for pair in pairs if not model.repeats(pair)]
    rng.shuffle(good)
    sample = 32
    while True:
        free = [member for pair in bad for member in pair]
        result = _perfect_pairs(model, free, good[:sample])
        if result is not None:
            return others + result + good[sample:]
        if sample >= len(good):
            return groups
        sample *= 4


def _perfect_pairs(
    model: CostModel, free: list[int], matched: list[list[int]]
) -> list[list[int]] | None:
    vertices = free + [member for pair in matched for member in pair]
    local = {member: at for at, member in enumerate(vertices)}
    adjacency = [
        [
            local[b]
            for b in vertices
            if b != a and b not in model.past[a] and b not in model.blocked[a]
        ]
        for a in vertices
    ]
    mate = [-1] * len(vertices)
    for at in range(len(free), len(vertices), 2):
        mate[at], mate[at + 1] = at + 1, at
    maximum_matching(adjacency, mate)
    if -1 in mate:
        return None
    return [[vertices[a], vertices[b]] for a, b in enumerate(mate) if a < b]


def retry_trio(
    model: CostModel, groups: list[list[int]], rng: Random, limit: int
) -> list[list[int]]:
    """For an odd round that still repeats: try other repeat-free trios, pairs by matching."""
    trios = [group for group in groups if len(group) == 3]
    if len(trios) != 1 or len(groups) < 2 or not any(model.repeats(g) for g in groups):
        return groups
    members = [member for group in groups for member in group]
    rng.shuffle(members)
    for attempt, trio in enumerate(_clean_trios(model, members)):
        if attempt >= limit:
            break
        inside = set(trio)
        kept = [g for g in groups if len(g) == 2 and not model.repeats(g) and not inside & set(g)]
        kept_members = {member for g in kept for member in g}
        free = [m for m in members if m not in inside and m not in kept_members]
        pairs = _perfect_pairs(model, free, kept)
        if pairs is not None:
            return [list(trio)] + pairs
    return groups


def _clean_trios(model: CostModel, members: list[int]) -> Iterator[tuple[int, int, int]]:
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            b = members[j]
            if not model.clean(b, [a]):
                continue
            for c in members[j + 1 :]:
                if model.clean(c, [a, b]):
                    yield a, b, c


def improve(model: CostModel, groups: list[list[int]], rng: Random, tries: int) -> None:
    """Local search: move one member between two groups whenever that lowers the total cost.

    Half the partners tried are random; half share a working profile mix with the group, the
    swap that turns two mixed-zone groups into two same-zone ones.
    """
    if len(groups) < 2:
        return
    costs = [model.group(group) for group in groups]
    mixes = [_mix(model, group) for group in groups]
    alike: dict[tuple[int, ...], list[int]] = {}
    for i, mix in enumerate(mixes):
        alike.setdefault(mix, []).append(i)
    order = sorted(range(len(groups)), key=lambda i: -costs[i])
    for i in order:
        similar = alike[mixes[i]]
        for attempt in range(tries):
            if costs[i] <= 0:
                break
            pool = similar if attempt % 2 and len(similar) > 1 else None
            j = pool[rng.randrange(len(pool))] if pool else rng.randrange(len(groups))
            if j != i:
                _best_swap(model, groups, costs, i, j)


def _mix(model: CostModel, group: list[int]) -> tuple[int, ...]:
    return tuple(sorted(model.profiles[member] for member in group))


def _best_swap(
    model: CostModel, groups: list[list[int]], costs: list[float], i: int, j: int
) -> None:
    best = (-1e-9, -1, -1)
    first, second = groups[i], groups[j]
    for a in first:
        rest_first = [m for m in first if m != a]
        for b in second:
            rest_second = [m for m in second if m != b]
            if not model.fits(b, rest_first) or not model.fits(a, rest_second):
                continue
            delta = (
                model.group(rest_first + [b]) + model.group(rest_second + [a]) - costs[i] - costs[j]
            )
            if delta < best[0]:
                best = (delta, a, b)
    if best[1] != -1:
        groups[i] = _swap(first, best[1], best[2])
        groups[j] = _swap(second, best[2], best[1])
        costs[i], costs[j] = model.group(groups[i]), model.group(groups[j])
