"""A fake clock that jumps to the next moment with work sees what a ticking scheduler sees."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.demo.members import Simulation
from bot.demo.organisation import START, set_up, simulated_members
from jobs.fast_forward import statement_effect
from jobs.registry import JOBS

STEP = timedelta(hours=6)
DAYS = 10  # two prompts, reminders and closes, a check-in and its follow-up, nudges

Seen = tuple[datetime, str, str, str]


async def _ten_days(url: str, *, jump: bool) -> tuple[list[Seen], list[tuple[str, str]]]:
    """Eight simulated colleagues for ten days: what the platform saw, and what they did."""
    upgrade(url)
    engine = make_engine(url)
    clock = FakeClock(START)
    platform = InMemoryPlatform(clock)
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await core.seed()
    rng = random.Random(7)
    members = simulated_members(8, rng)
    async with core.sessions.begin() as session:
        await set_up(session, members, clock.now())
    simulation = Simulation(core, platform, clock, members, rng)
    until = START + timedelta(days=DAYS)
    if jump:
        await simulation.run(until, STEP)
    else:  # what a scheduler does: every job at every step, then the members
        while clock.now() < until:
            for job in JOBS:
                await job.run(core)
            await simulation.members_act()
            clock.advance(STEP)
    await engine.dispose()
    seen = [(s.at, str(s.to), s.message.title, s.message.text) for s in platform.transcript]
    return seen, [(f"{act.at:%Y-%m-%d %H:%M} {act.user}", act.did) for act in simulation.acts]


async def test_jumping_to_the_next_work_sends_what_ticking_sends_at_the_same_moments(
    tmp_path: Path,
) -> None:
    ticked, ticked_acts = await _ten_days(f"sqlite+aiosqlite:///{tmp_path / 't.db'}", jump=False)
    jumped, jumped_acts = await _ten_days(f"sqlite+aiosqlite:///{tmp_path / 'j.db'}", jump=True)

    titles = {title for _, _, title, _ in ticked}
    assert any("this week's question" in t for t in titles)  # the weeks were not empty
    assert any("peer check-in with" in t for t in titles)
    assert any("go first" in t for t in titles)
    assert len(ticked) > 40 and ticked_acts
    assert jumped == ticked
    assert jumped_acts == ticked_acts


def test_the_clock_knows_which_columns_a_statement_read_or_wrote() -> None:
    read = statement_effect(
        "SELECT members_1.tz FROM members AS members_1 JOIN unit_leads "
        "ON unit_leads.member_id = members_1.id WHERE members_1.active"
    )
    assert read == (
        "read",
        {"members", "unit_leads"},
        {("members", "tz"), ("members", "id"), ("members", "active"), ("unit_leads", "member_id")},
    )
    assert statement_effect("UPDATE prompts SET status=?, answered_at=? WHERE prompts.id = ?") == (
        "write",
        set(),
        {("prompts", "status"), ("prompts", "answered_at")},
    )
    # Whole tables when unsure which columns; everything when unsure what it did.
    assert statement_effect("INSERT INTO replies (a) VALUES (?)")[2] == {("replies", "*")}
    assert statement_effect('UPDATE questions SET "key"=? WHERE questions.id = ?')[2] == {
        ("questions", "*")
    }
    assert statement_effect("UPDATE x SET a=(SELECT max(b) FROM y), c=? WHERE x.id = ?")[2] == {
        ("x", "*")
    }
    claim = (
        "WITH free AS (SELECT deliveries.id FROM deliveries WHERE deliveries.status = ? "
        "LIMIT ? FOR UPDATE OF deliveries SKIP LOCKED) UPDATE deliveries SET status=?, "
        "attempts=(deliveries.attempts + ?) WHERE deliveries.id IN (SELECT free.id FROM free)"
    )
    assert statement_effect(claim) == (
        "write",
        set(),
        {("deliveries", "status"), ("deliveries", "attempts")},
    )
    assert statement_effect("DELETE FROM members WHERE members.id = ?")[0] == "unknown"
    moved = "WITH gone AS (DELETE FROM a RETURNING a.id) INSERT INTO b (id) SELECT id FROM gone"
    assert statement_effect(moved)[0] == "unknown"
    assert statement_effect("WITH t AS (UPDATE deliveries SET a=1 RETURNING id) SELECT 1")[0] == (
        "unknown"
    )
