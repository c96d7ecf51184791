"""kill -9 a real `kmbot serve` mid fan-out, start it again (on PostgreSQL with a second
replica beside it): nobody is lost, and at most the sends in flight are repeated."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.crash.rig import Scenario, run_scenario

MEMBERS = 300
CONCURRENCY = 4  # so at most 4 sends are in flight when the kill lands
# The killed rows come back when their lease ends; a replacement takes a few seconds to start
# (it then dispatches at once, and every 5 s): a 5 s lease costs little, and leaves a loaded
# machine room to renew the live replicas' leases.
LEASE_SECONDS = 5


def test_a_killed_server_started_again_loses_nobody_and_repeats_only_its_sends_in_flight(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    """(`engine` is asked for only to empty a PostgreSQL database left by earlier tests.)"""
    on_postgres = database_url.startswith("postgresql")
    scenario = Scenario(
        "kill -9 mid fan-out, start again",
        members=MEMBERS,
        kill_after=MEMBERS // 5,
        restart=2 if on_postgres else 1,
        post_delay=0.005,
        lease_seconds=LEASE_SECONDS,
        concurrency=CONCURRENCY,
        deadline_seconds=120,  # generous: a loaded 2-core machine; no assertion is on time
    )

    figures = run_scenario(scenario, database_url, tmp_path)

    print("\n" + figures.summary())
    assert figures.missed == ""
    assert figures.queued == MEMBERS
    assert figures.killed_posts is not None and figures.killed_posts < MEMBERS  # mid fan-out
    assert figures.in_flight_at_kill is not None and figures.in_flight_at_kill >= 1
    assert figures.held_at_kill is not None and 1 <= figures.held_at_kill <= CONCURRENCY
    assert (figures.delivered, figures.lost) == (MEMBERS, 0)
    assert figures.duplicates <= figures.held_at_kill  # only what the killed process held
    assert figures.repeated_unheld == 0
    assert figures.most_per_member <= 2
    assert figures.statuses == Counter(sent=MEMBERS)
    assert figures.recovery_seconds is not None
    assert set(figures.exit_statuses.values()) == {0}  # the survivors stop cleanly
