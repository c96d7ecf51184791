"""Benchmark the check-in matcher against a random shuffle and an exact matching (networkx).

Run: .venv/bin/python benchmarks/pairing.py [--sizes 1000 10000] [--exact-up-to 1000]

Each (method, size) runs in a fresh process so peak RSS is its own. Members: 10 units of
uneven size (largest ~30%; "skewed": ~60%, so not every pair can be cross-unit), 6 zones,
levels 1-5; history: 52 past weekly rounds of random pairs (what a
shuffle bot would have produced), all inside the lookback (52 weeks), planning 2026-W01.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.checkins.matching.cost import (  # noqa: E402
    REPEAT_COST,
    UNIT_COST,
    overlap_hours,
    profile_cost,
    round_reference,
    utc_offset_hours,
)
from bot.checkins.matching.planner import Candidate, MatchRules, PastGroup, plan_groups  # noqa: E402

UNITS = {
    "engineering": 30,
    "sales": 18,
    "operations": 12,
    "support": 10,
    "finance": 8,
    "marketing": 7,
    "product": 6,
    "legal": 4,
    "hr": 3,
    "research": 2,
}
ZONES = {
    "Europe/Berlin": 30,
    "Europe/Lisbon": 15,
    "America/New_York": 25,
    "America/Los_Angeles": 10,
    "Asia/Kolkata": 12,
    "Asia/Tokyo": 8,
}
WEEKS = 52
HAS_NETWORKX = importlib.util.find_spec("networkx") is not None
WEEK = "2026-W01"
RULES = MatchRules(lookback_weeks=WEEKS)
Groups = list[tuple[str, ...]]


def make_members(count: int, seed: int, scenario: str) -> list[Candidate]:
    """An organisation of `count` people; "skewed" puts about 60% of them in one unit."""
    rng = random.Random(seed)
    weights = dict(UNITS, engineering=150) if scenario == "skewed" else UNITS
    units = rng.choices(list(weights), list(weights.values()), k=count)
    zones = rng.choices(list(ZONES), list(ZONES.values()), k=count)
    return [Candidate(f"p{i}", units[i], zones[i], rng.randint(1, 5)) for i in range(count)]


def make_history(members: list[Candidate], seed: int) -> list[PastGroup]:
    """52 past rounds of random pairs (a trio when odd)."""
    rng = random.Random(seed + 1)
    ids = [member.id for member in members]
    history: list[PastGroup] = []
    for week in range(1, WEEKS + 1):
        rng.shuffle(ids)
        history += [PastGroup(f"2025-W{week:02d}", group) for group in shuffle_groups(ids)]
    return history


def shuffle_groups(ids: list[str]) -> Groups:
    """Consecutive pairs of an already shuffled list; the odd one joins the last pair."""
    groups = [tuple(ids[i : i + 2]) for i in range(0, len(ids) - 1, 2)]
    if len(ids) % 2:
        groups[-1] = (*groups[-1], ids[-1])
    return groups


def ours(members: list[Candidate], history: list[PastGroup]) -> Groups:
    """Our matcher."""
    return list(plan_groups(members, history, seed=1, rules=RULES, week=WEEK).groups)


def shuffle(members: list[Candidate], history: list[PastGroup]) -> Groups:
    """What most pairing bots do: shuffle and pair off."""
    ids = [member.id for member in members]
    random.Random(1).shuffle(ids)
    return shuffle_groups(ids)


def exact(members: list[Candidate], history: list[PastGroup]) -> Groups:
    """Maximum-weight perfect matching on the full graph with our pair costs (networkx)."""
    import networkx as nx

    cost = Costs(members, history)
    graph = nx.Graph()
    ceiling = REPEAT_COST * 2
    for a, b in combinations(range(len(members)), 2):
        graph.add_edge(a, b, weight=ceiling - cost.pair(a, b))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return [(members[a].id, members[b].id) for a, b in matching]


class Costs:
    """The matcher's pair cost, recomputed independently for scoring any method's groups."""

    def __init__(self, members: list[Candidate], history: list[PastGroup]) -> None:
        at = round_reference(WEEK)
        self.members = members
        self.index = {member.id: i for i, member in enumerate(members)}
        offsets = {zone: utc_offset_hours(zone, at) for zone in ZONES}
        self.offset = [offsets[member.tz] for member in members]
        self.past = {
            frozenset(pair) for group in history for pair in combinations(group.members, 2)
        }

    def pair(self, a: int, b: int) -> float:
        """Cost of pairing member indices a and b."""
        first, second = self.members[a], self.members[b]
        cost = profile_cost((self.offset[a], None), (self.offset[b], None), True, False)
        cost += UNIT_COST if first.unit == second.unit else 0.0
        return cost + (REPEAT_COST if frozenset((first.id, second.id)) in self.past else 0.0)

    def score(self, groups: Groups) -> dict[str, float]:
        """Repeats, cross-unit share, mean shared hours and total cost of a round."""
        pairs = [(self.index[a], self.index[b]) for g in groups for a, b in combinations(g, 2)]
        return {
            "repeats": sum(
                frozenset((self.members[a].id, self.members[b].id)) in self.past for a, b in pairs
            ),
            "cross_unit": sum(
                len({self.members[self.index[m]].unit for m in g}) > 1 for g in groups
            )
            / len(groups),
            "shared_hours": sum(overlap_hours(self.offset[a], self.offset[b]) for a, b in pairs)
            / len(pairs),
            "cost": sum(self.pair(a, b) for a, b in pairs),
        }


METHODS: dict[str, Callable[[list[Candidate], list[PastGroup]], Groups]] = {
    "ours": ours,
    "shuffle": shuffle,
    "exact": exact,
}


def run_one(method: str, count: int, scenario: str) -> dict[str, object]:
    """Time one method in this process, then its traced peak, then score it."""
    members = make_members(count, count, scenario)
    history = make_history(members, seed=count)
    started = time.perf_counter()
    groups = METHODS[method](members, history)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    METHODS[method](members, history)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "scenario": scenario,
        "method": method,
        "members": count,
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "rss_mb": rss,
        **Costs(members, history).score(groups),
    }


def main() -> None:
    """Run every method at every size in its own process and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--exact-up-to", type=int, default=1000)
    parser.add_argument("--scenarios", nargs="+", default=["uneven", "skewed"])
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.one[2])))
        return
    rows = []
    for scenario in args.scenarios:
        for count in args.sizes:
            for method in METHODS:
                if method == "exact" and (count > args.exact_up_to or not HAS_NETWORKX):
                    continue
                command = [sys.executable, __file__, "--one", method, str(count), scenario]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                rows.append(json.loads(done.stdout))
    print(
        f"{'scenario':<8} {'method':<8} {'members':>7} {'seconds':>8} {'traced MB':>9} "
        f"{'RSS MB':>7} {'repeats':>7} {'cross-unit':>10} {'shared h':>8} {'cost':>9}"
    )
    if not HAS_NETWORKX:
        print("(exact skipped: pip install -e '.[bench]' for networkx)")
    for row in rows:
        print(
            f"{row['scenario']:<8} {row['method']:<8} {row['members']:>7} {row['seconds']:>8.2f} "
            f"{row['peak_mb']:>9.1f} {row['rss_mb']:>7.0f} {row['repeats']:>7} "
            f"{row['cross_unit']:>10.1%} {row['shared_hours']:>8.2f} {row['cost']:>9.1f}"
        )


if __name__ == "__main__":
    main()
