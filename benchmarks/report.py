"""`kmbot report` and the Monday chart with 10,000 members, 52 weeks and 1,000,000 replies.

Run on demand (the PostgreSQL database given is wiped, unless `--seeded 1` measures the one
an earlier run left; `--sqlite 0` skips SQLite, `--sqlite-file PATH` keeps its database
there, so that `--seeded 1` measures it again):
    python -m benchmarks.report [--members 10000] [--weeks 52] [--repeat 5] [--sqlite 1]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench] [--seeded 0]
        [--sqlite-file /tmp/kmbot_bench_report.db]
Two weekly programs ask every member every week; 50 of every 52 prompts are answered (one
missed, one skipped, in a pattern that moves from week to week), so 2 x 10,000 x 52 prompts
give 1,000,000 replies: 70% shared, 20% anonymous, 10% private, 4% late. Ten units, one
lead each. Rows are written by INSERT … SELECT in the database (one statement a round, one
for all replies).
After seeding, the `evidence.sum` job sums the 104 closed rounds (timed: what the
migration's backfill does on an existing database). Timed, after one warm-up, `--repeat`
times each (median and max): the whole report of one program (by week, and by unit), a
lead's report of their unit, the dashboard overview (both programs' figures, summed as on a
first request, for a champion and for a lead), and the Monday chart: GET of a signed chart
link on the real aiohttp app (figures read, PNG drawn). Also the statements each runs
(counted on the engine: they do not depend on the machine's load).
Targets (issue 12): report and overview under 300 ms on PostgreSQL and 1 s on SQLite; chart
under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Integer, case, event, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import add_members, fresh, on_each_database, options
from bot.clock import FakeClock
from bot.dashboard.access import Viewer
from bot.dashboard.overview import overview
from bot.db.engine import make_engine, make_sessions
from bot.db.leader_models import UnitLead
from bot.db.models import JSON, Member, Program, Prompt, Question, Reply, Round
from bot.db.types import UtcDateTime
from bot.evidence.figures import Period
from bot.evidence.links import ChartSlot
from bot.evidence.report import program_report
from bot.evidence.routes import add_chart_routes
from bot.evidence.summaries import summarise_pending
from bot.programs.programs import ProgramSpec, create_program
from bot.programs.questions import seed_bank

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)  # a Monday, a week after the 52nd round
START = NOW - timedelta(weeks=53)
ANSWER = [{"label": "What did you learn?", "text": "Writing the plan down saved a week."}]


async def seed(url: str, members: int, weeks: int) -> dict[str, Any]:
    engine = make_engine(url)
    sessions = make_sessions(engine)
    started = time.perf_counter()
    async with sessions.begin() as session:
        await seed_bank(session, START)
        await add_members(session, members, ("UTC", "Europe/Lisbon"), START)
        leads = list(await session.scalars(select(Member.id).order_by(Member.id).limit(10)))
        await session.execute(
            insert(UnitLead), [{"member_id": m, "unit": f"unit-{i}"} for i, m in enumerate(leads)]
        )
        programs = [
            (
                await create_program(
                    session,
                    ProgramSpec(name=name, purpose="We share.", share_mode="private"),
                    START,
                )
            ).id
            for name in ("Weekly learning", "After-action reviews")
        ]
        question = await session.scalar(select(func.min(Question.id)))
    for program in programs:
        for week in range(weeks):
            async with sessions.begin() as session:
                await session.execute(_round(program, week, int(question or 0)))
                opened = START + timedelta(weeks=week, days=3)
                session.add(Round(program_id=program, cycle=week, closed_at=opened))
    async with sessions.begin() as session:
        await session.execute(_replies())
    seeded_in = time.perf_counter() - started
    await analyzed(engine)  # else PostgreSQL plans the summing blind: a scan of prompts a member
    started = time.perf_counter()
    summed = await summarise_pending(sessions)
    summed_in = time.perf_counter() - started
    replies = await analyzed(engine)
    await engine.dispose()
    return {
        "programs": programs,
        "lead_unit": "unit-3",
        "replies": replies,
        "seed_seconds": seeded_in,
        "summed": f"; {summed} rounds summed in {summed_in:.1f} s",
    }


async def analyzed(engine: AsyncEngine) -> int:
    """Gather the statistics autovacuum would (committed: a rolled-back ANALYZE keeps none);
    return the replies."""
    async with engine.begin() as connection:
        await connection.execute(text("ANALYZE"))
        return int(await connection.scalar(select(func.count()).select_from(Reply)) or 0)


async def seeded(url: str) -> dict[str, Any]:
    """The facts of a database an earlier run seeded (`--seeded 1`)."""
    engine = make_engine(url)
    replies = await analyzed(engine)
    async with engine.connect() as connection:
        programs = list(await connection.scalars(select(Program.id).order_by(Program.id)))
    await engine.dispose()
    return {
        "programs": programs,
        "lead_unit": "unit-3",
        "replies": replies,
        "seed_seconds": 0,
        "summed": "",
    }


def _round(program: int, week: int, question: int) -> Any:
    """One round's prompts, one per member, by INSERT … SELECT."""
    opened = START + timedelta(weeks=week, days=3)
    pattern = (Member.id * 7 + week * 13) % 52
    status = case((pattern == 0, "missed"), (pattern == 1, "skipped"), else_="answered")
    answered_at = case((pattern > 1, literal(opened + timedelta(hours=5), UtcDateTime)), else_=None)
    rows = select(
        literal(program, Integer),
        literal(week, Integer),
        Member.id,
        literal(question, Integer),
        status,
        literal(opened, UtcDateTime),
        literal(opened + timedelta(days=3), UtcDateTime),
        answered_at,
    )
    columns = [
        "program_id",
        "cycle",
        "member_id",
        "question_id",
        "status",
        "opened_at",
        "closes_at",
        "answered_at",
    ]
    return insert(Prompt).from_select(columns, rows)


def _replies() -> Any:
    """A reply for every answered prompt, by one INSERT … SELECT."""
    roll = Prompt.id % 10
    visibility = case((roll < 7, "shared"), (roll < 9, "anonymous"), else_="private")
    rows = select(
        Prompt.id,
        Prompt.program_id,
        Prompt.member_id,
        literal(ANSWER, JSON),
        visibility,
        Prompt.id % 25 == 0,
        Prompt.id % 3,
        Prompt.answered_at,
    ).where(Prompt.status == "answered")
    columns = [
        "prompt_id",
        "program_id",
        "member_id",
        "answers",
        "visibility",
        "late",
        "helpful_count",
        "created_at",
    ]
    return insert(Reply).from_select(columns, rows)


def counting(engine: AsyncEngine) -> list[int]:
    """A one-item list that counts the statements the engine runs."""
    count = [0]

    def seen(*_: Any) -> None:
        count[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    return count


async def timed(repeat: int, action: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    await action()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


async def run(url: str, facts: dict[str, Any], repeat: int) -> list[tuple[str, float, float, int]]:
    engine = make_engine(url)
    sessions = make_sessions(engine)
    statements = counting(engine)
    program = facts["programs"][0]
    results = []

    def report(by: str, units: list[str] | None = None) -> Callable[[], Awaitable[Any]]:
        async def one() -> None:
            async with sessions() as session:
                await program_report(session, program, Period(), by, units=units)

        return one

    app = web.Application()
    slot = ChartSlot()
    clock = FakeClock(NOW)
    add_chart_routes(app, sessions, clock, slot, "https://kmbot.example.com", "s" * 32)
    assert slot.links is not None
    chart_url = slot.links.chart_url(tuple(facts["programs"]), None, NOW)
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()

    async def chart() -> None:
        response = await client.get(chart_url.removeprefix("https://kmbot.example.com"))
        assert response.status == 200 and len(await response.read()) > 10_000

    def dashboard(units: tuple[str, ...] | None) -> Callable[[], Awaitable[Any]]:
        viewer = Viewer(0, "bench", "lead" if units else "champion", units)

        async def one() -> None:
            async with sessions() as session:
                assert len(await overview(session, viewer)) == 2

        return one

    cases = [
        ("report, by week", report("week")),
        ("report, by unit", report("unit")),
        ("a lead's report (one unit)", report("week", [facts["lead_unit"]])),
        ("dashboard overview, champion", dashboard(None)),
        ("dashboard overview, a lead", dashboard((facts["lead_unit"],))),
        ("Monday chart (2 programs, GET)", chart),
    ]
    for name, action in cases:
        before = statements[0]
        await action()
        count = statements[0] - before
        median, worst = await timed(repeat, action)
        results.append((name, median, worst, count))
    await client.close()
    await engine.dispose()
    return results


def measure(name: str, url: str, members: int, weeks: int, repeat: int, again: bool) -> None:
    facts = asyncio.run(seeded(url) if again else seed(fresh(url), members, weeks))
    print(
        f"{name}: {members:,} members, {weeks} weeks, {facts['replies']:,} replies "
        f"(seeded in {facts['seed_seconds']:.0f} s{facts['summed']}); "
        f"uptime: {os.getloadavg()[0]:.2f} load"
    )
    for what, median, worst, count in asyncio.run(run(url, facts, repeat)):
        print(
            f"  {what:<32} median {median * 1000:7.0f} ms  max {worst * 1000:7.0f} ms  "
            f"{count} statements"
        )


def main() -> None:
    args = options(__doc__, weeks=52, repeat=5, seeded=0, sqlite=1, sqlite_file="")
    run_one = partial(
        measure, members=args.members, weeks=args.weeks, repeat=args.repeat, again=False
    )
    if args.sqlite_file:
        url = f"sqlite+aiosqlite:///{args.sqlite_file}"
        measure("sqlite", url, args.members, args.weeks, args.repeat, bool(args.seeded))
    elif args.sqlite:
        on_each_database(argparse.Namespace(postgres=None), run_one)
    if args.postgres:
        measure(
            "postgresql", args.postgres, args.members, args.weeks, args.repeat, bool(args.seeded)
        )


if __name__ == "__main__":
    main()
