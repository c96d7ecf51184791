"""One crash run, shared by the test and `benchmarks/crash.py`: seed, serve, disrupt, count.

Real `kmbot serve` processes on one database post to the fake Slack Web API on a thread of
the caller's process. The fake itself pulls the trigger: when its Nth message is posted (and
before it is answered) it SIGKILLs the replica that posted it, or starts a 429 storm. Then
the run starts the replacements, waits (on conditions, each with a deadline) until every
member has their prompt and the database has recorded every delivery, stops the survivors
with SIGTERM and counts, per member, what the fake received.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.crash.database import TEAM, add_members, delivery_statuses, held_by, seed
from tests.crash.replicas import Fleet, ServeOptions, fleet
from tests.crash.slack_thread import SlackOnAThread
from tests.slack.fake_slack import FakeSlack, Posted

POLL_SECONDS = 0.05  # for conditions on the fake; the database is asked every 0.5 s


@dataclass(frozen=True)
class Scenario:
    """What to run: how many members and replicas, what goes wrong, and when."""

    name: str
    members: int
    replicas: int = 1  # running from the start
    kill_after: int | None = None  # SIGKILL the sender of the fake's Nth post
    restart: int = 0  # replicas started once the killed one is dead
    storm_after: int | None = None  # the fake refuses every post with 429 after its Nth
    storm_seconds: float = 0.0
    retry_after: int = 2
    post_delay: float = 0.005
    lease_seconds: int | None = None  # None: kmbot's default
    concurrency: int | None = None
    deadline_seconds: float = 600.0  # for each wait; a run that misses one reports it


@dataclass
class Figures:
    """What a run came to, counted per member from what the fake Slack received."""

    scenario: Scenario
    database: str
    queued: int = 0
    delivered: int = 0  # members with at least one prompt
    lost: int = 0  # members with none
    duplicates: int = 0  # prompts beyond each member's first
    most_per_member: int = 0
    in_flight_at_kill: int | None = None  # the killed replica's posts not yet answered
    killed_posts: int | None = None  # posts the killed replica made
    held_at_kill: int | None = None  # rows the killed replica held in `sending`
    repeated_unheld: int | None = None  # members sent twice whose row it did not hold
    refusals: int = 0  # 429s the fake answered
    recovery_seconds: float | None = None  # kill (or storm end) to every member served
    settled_seconds: float | None = None  # kill (or storm end) to no row pending or sending
    fanout_seconds: float | None = None  # first post to every member served
    statuses: Counter[str] = field(default_factory=Counter)  # deliveries, at the end
    held_members: set[str] = field(default_factory=set)  # their DM channels
    exit_statuses: dict[int, int] = field(default_factory=dict)  # replicas stopped at the end
    missed: str = ""  # the condition whose deadline passed, if any

    def summary(self) -> str:
        """One line for a person: what was lost, repeated, held and how long it took."""

        def seconds(value: float | None) -> str:
            return "never" if value is None else f"{value:.1f} s"

        return (
            f"{self.database}: {self.delivered}/{self.scenario.members} delivered, "
            f"{self.lost} lost, {self.duplicates} duplicates; the killed replica made "
            f"{self.killed_posts} posts and held {self.held_at_kill} rows "
            f"({self.in_flight_at_kill} posts unanswered); every member served "
            f"{seconds(self.recovery_seconds)} after the disruption, every row recorded after "
            f"{seconds(self.settled_seconds)}" + (f"; MISSED: {self.missed}" if self.missed else "")
        )


class Trigger:
    """Runs in the fake's thread on every post: counts per member, pulls the trigger once."""

    def __init__(self, fake: FakeSlack, scenario: Scenario, replicas: Fleet) -> None:
        self._fake = fake
        self._scenario = scenario
        self._replicas = replicas
        self.first_at: dict[str, datetime] = {}
        self.started_at: datetime | None = None
        self.killed_at: datetime | None = None
        self.storm_ends: datetime | None = None
        self.in_flight_at_kill: int | None = None
        self.victim: str | None = None  # the killed replica's bot token
        self.fired = threading.Event()

    def __call__(self, posted: Posted) -> None:
        now = posted.at or datetime.now(UTC)
        self.started_at = self.started_at or now
        self.first_at.setdefault(posted.channel, now)
        count = len(self._fake.messages)
        kill_after, storm_after = self._scenario.kill_after, self._scenario.storm_after
        if kill_after is not None and self.killed_at is None and count >= kill_after:
            self._kill(posted.token)
        if storm_after is not None and self.storm_ends is None and count >= storm_after:
            self._storm()

    def _kill(self, token: str) -> None:
        """SIGKILL the replica whose post this is, before the post is answered."""
        victim = self._replicas.by_token(token)
        if victim is None:
            return
        self.in_flight_at_kill = self._fake.posts_open[token]
        self.victim = token
        victim.kill()
        self.killed_at = datetime.now(UTC)
        self.fired.set()

    def _storm(self) -> None:
        seconds = self._scenario.storm_seconds
        self._fake.storm_retry_after = self._scenario.retry_after
        self._fake.storm_until = time.monotonic() + seconds
        self.storm_ends = datetime.now(UTC) + timedelta(seconds=seconds)
        self.fired.set()


def wait_until(
    condition: Callable[[], bool], seconds: float, replicas: Fleet, every: float = POLL_SECONDS
) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False); a replica that
    dies unasked fails the run at once, with its log."""
    deadline = time.monotonic() + seconds
    while not condition():
        failed = replicas.failed()
        if failed:
            raise AssertionError(
                f"replica {failed[0].number} exited ({failed[0].process.returncode}):\n"
                + failed[0].log_tail()
            )
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


def run_scenario(scenario: Scenario, database_url: str, workdir: Path) -> Figures:
    """Seed `database_url` (migrated or empty), run `scenario` on it, return the figures."""
    database = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    figures = Figures(scenario, database)
    fake = FakeSlack(team=TEAM, now=lambda: datetime.now(UTC), page_size=200)
    members = [f"D-{user}" for user in add_members(fake, scenario.members)]
    fake.post_delay = scenario.post_delay
    figures.queued = seed(database_url, fake)
    with SlackOnAThread(fake) as slack:
        options = ServeOptions(
            database_url,
            slack.api_url,
            workdir,
            lease_seconds=scenario.lease_seconds,
            concurrency=scenario.concurrency,
        )
        with fleet(options) as replicas:
            trigger = Trigger(fake, scenario, replicas)
            fake.on_post = trigger
            _drive(scenario, replicas, trigger, figures, members, database_url)
            figures.exit_statuses = replicas.stop_all()
            fake.on_post = None
        _count(fake, members, trigger, figures)
    figures.statuses = delivery_statuses(database_url)
    return figures


def _drive(
    scenario: Scenario,
    replicas: Fleet,
    trigger: Trigger,
    figures: Figures,
    members: list[str],
    database_url: str,
) -> None:
    limit = scenario.deadline_seconds
    for _ in range(scenario.replicas):
        replicas.start()
    disrupts = scenario.kill_after is not None or scenario.storm_after is not None
    if disrupts and not wait_until(trigger.fired.is_set, limit, replicas):
        figures.missed = "the disruption (kill or storm) never came"
        return
    if scenario.kill_after is not None:
        victim = next(r for r in replicas.replicas if r.killed_at is not None)
        victim.process.wait(limit)
        held = held_by(database_url, victim.process.pid, alone=scenario.replicas == 1)
        if held is not None:
            figures.held_at_kill = len(held)
            figures.held_members = {f"D-{user}" for user in held}
        for _ in range(scenario.restart):
            replicas.start()
    if not wait_until(lambda: len(trigger.first_at) >= len(members), limit, replicas):
        figures.missed = "not every member got a prompt"
        return

    def recorded() -> bool:
        statuses = delivery_statuses(database_url)
        return statuses["pending"] + statuses["sending"] == 0

    if not wait_until(recorded, limit, replicas, every=0.5):
        figures.missed = "deliveries still pending or sending in the database"
        return
    disrupted = trigger.killed_at or trigger.storm_ends
    if disrupted is not None:
        figures.settled_seconds = (datetime.now(UTC) - disrupted).total_seconds()


def _count(fake: FakeSlack, members: list[str], trigger: Trigger, figures: Figures) -> None:
    wanted = set(members)
    posts = Counter(m.channel for m in fake.messages if m.channel in wanted)
    figures.delivered = sum(1 for member in members if posts[member] > 0)
    figures.lost = len(members) - figures.delivered
    figures.duplicates = sum(count - 1 for count in posts.values() if count > 1)
    figures.most_per_member = max(posts.values(), default=0)
    if figures.held_at_kill is not None:
        repeated = {member for member, count in posts.items() if count > 1}
        figures.repeated_unheld = len(repeated - figures.held_members)
    figures.refusals = fake.storm_refusals
    figures.in_flight_at_kill = trigger.in_flight_at_kill
    if trigger.victim is not None:
        figures.killed_posts = sum(1 for m in fake.messages if m.token == trigger.victim)
    served = [trigger.first_at[m] for m in members if m in trigger.first_at]
    if figures.lost == 0 and served:
        done = max(served)
        if trigger.started_at is not None:
            figures.fanout_seconds = (done - trigger.started_at).total_seconds()
        disrupted = trigger.killed_at or trigger.storm_ends
        if disrupted is not None:
            figures.recovery_seconds = max((done - disrupted).total_seconds(), 0.0)
