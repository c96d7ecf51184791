"""Crashes and 429 storms against real `kmbot serve` processes and a fake Slack Web API.

Run on demand (a few minutes; the PostgreSQL database given is wiped):
    python -m benchmarks.crash --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_crash
        [--scenario replicas sqlite storm] [--lease SECONDS] [--concurrency N]

Scenarios (the fake answers each chat.postMessage after --post-ms, 5 ms by default):
  baseline  three replicas on PostgreSQL (one server on SQLite without --postgres), 2,000
            members, nothing goes wrong: the fan-out time the others are compared with.
  replicas  three replicas on PostgreSQL, 2,000 members; the fake SIGKILLs the replica that
            makes the 600th post, before answering it; the other two carry on.
  sqlite    one server on SQLite, 1,000 members, SIGKILLed at the 300th post, started again.
  storm     three replicas on PostgreSQL (one server on SQLite without --postgres), 2,000
            members; after the 400th post the fake answers every post 429 (Retry-After 2 s)
            for 10 s.
For each: members, delivered, lost (members with no prompt), duplicates (prompts beyond a
member's first), and recovery (kill, or the storm's end, to every member served). The same
rig (tests/crash/rig.py) runs the crash test in the suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.common import wiped
from tests.crash.rig import Figures, Scenario, run_scenario

SCENARIOS = ("baseline", "replicas", "sqlite", "storm")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL to wipe and use")
    parser.add_argument("--scenario", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--lease", type=int, help="KMBOT_OUTBOX_LEASE_SECONDS (default: kmbot's)")
    parser.add_argument("--concurrency", type=int, help="KMBOT_OUTBOX_CONCURRENCY")
    parser.add_argument("--post-ms", type=float, default=5.0, help="the fake's time per post")
    parser.add_argument("--replica-members", type=int, default=2000)
    parser.add_argument("--sqlite-members", type=int, default=1000)
    return parser.parse_args()


def scenario(name: str, args: argparse.Namespace) -> Scenario:
    common = {
        "post_delay": args.post_ms / 1000,
        "lease_seconds": args.lease,
        "concurrency": args.concurrency,
    }
    many, few = args.replica_members, args.sqlite_members
    if name == "baseline":
        return Scenario("baseline", many, replicas=3 if args.postgres else 1, **common)
    if name == "replicas":
        return Scenario("replicas + kill", many, replicas=3, kill_after=many * 3 // 10, **common)
    if name == "sqlite":
        return Scenario("SQLite kill + restart", few, kill_after=few * 3 // 10, restart=1, **common)
    replicas = 3 if args.postgres else 1
    return Scenario(
        "429 storm",
        many,
        replicas=replicas,
        storm_after=many // 5,
        storm_seconds=10,
        retry_after=2,
        **common,
    )


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def columns(figures: Figures) -> list[tuple[str, str]]:
    """(heading, value) of each column of the table."""
    s = figures.scenario
    return [
        ("scenario", s.name),
        ("database", figures.database),
        ("replicas", f"{s.replicas}" + (f"+{s.restart}" if s.restart else "")),
        ("members", str(s.members)),
        ("delivered", str(figures.delivered)),
        ("lost", str(figures.lost)),
        ("duplicates", str(figures.duplicates)),
        ("in flight", _count(figures.in_flight_at_kill)),
        ("held", _count(figures.held_at_kill)),
        ("429s", str(figures.refusals)),
        ("recovery s", _seconds(figures.recovery_seconds)),
        ("settled s", _seconds(figures.settled_seconds)),
        ("fan-out s", _seconds(figures.fanout_seconds)),
        (
            "deliveries at the end",
            ",".join(f"{k}={v}" for k, v in sorted(figures.statuses.items())),
        ),
    ]


WIDTHS = (22, 10, 8, 7, 9, 4, 10, 9, 4, 5, 10, 9, 9, 0)


def line(cells: list[str]) -> str:
    return " ".join(
        cell.ljust(width) if index < 2 or not width else cell.rjust(width)
        for index, (cell, width) in enumerate(zip(cells, WIDTHS, strict=True))
    )


def row(figures: Figures) -> str:
    missed = f"  MISSED: {figures.missed}" if figures.missed else ""
    return line([value for _, value in columns(figures)]) + missed


def main() -> None:
    args = parse()
    print("$ python -m benchmarks.crash " + " ".join(sys.argv[1:]), flush=True)
    print(line([heading for heading, _ in columns(Figures(Scenario("", 0), ""))]), flush=True)
    for name in args.scenario:
        plan = scenario(name, args)
        on_postgres = name != "sqlite" and args.postgres
        if name == "replicas" and not args.postgres:
            print(f"{plan.name}: skipped, replicas need --postgres", flush=True)
            continue
        with tempfile.TemporaryDirectory() as folder:
            url = wiped(args.postgres) if on_postgres else f"sqlite+aiosqlite:///{folder}/crash.db"
            load = os.getloadavg()[0]
            print(row(run_scenario(plan, url, Path(folder))), flush=True)
            print(f"  (load average before and after: {load:.1f}, {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
