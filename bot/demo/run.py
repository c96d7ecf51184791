"""`kmbot demo`: a simulated organisation runs through the real services on a fake clock."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.demo.figures import demo_report
from bot.demo.members import Simulation
from bot.demo.moments import (
    a_lesson_was_helpful,
    an_answer_helped,
    edit_one_answer,
    skip_with_a_reason,
)
from bot.demo.organisation import (
    PROGRAM,
    PROPOSED,
    START,
    DemoOptions,
    set_up,
    simulated_members,
)
from bot.demo.report import DemoReport
from bot.demo.transcript import render_transcript
from bot.programs.programs import set_program_active

T = TypeVar("T")


async def run_demo(options: DemoOptions) -> DemoReport:
    """Run the whole simulation and return its report."""
    return await in_demo_database(options, _simulate)


async def in_demo_database(
    options: DemoOptions, simulate: Callable[[DemoOptions, AsyncEngine], Awaitable[T]]
) -> T:
    """`simulate` on the demo's database: `--db`'s, or a file thrown away at the end."""
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        upgrade(url)
        # One connection: the simulation is one process, and SQLite has one writer anyway.
        engine = make_engine(url, pool_size=1, max_overflow=0)
        if options.db is None:  # a file thrown away at the end needs no crash safety
            event.listen(engine.sync_engine, "connect", _throwaway)
        try:
            return await simulate(options, engine)
        finally:
            await engine.dispose()


def _throwaway(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA journal_mode=MEMORY")
    cursor.close()


async def _simulate(options: DemoOptions, engine: AsyncEngine) -> DemoReport:
    rng = random.Random(options.seed)
    clock = FakeClock(START)
    platform = InMemoryPlatform(clock)
    sessions = make_sessions(engine)
    core = build_core(sessions, clock, "UTC", {"memory": platform})
    await core.seed()
    members = simulated_members(options.members, rng)
    async with sessions.begin() as session:
        await set_up(session, members, clock.now())
    simulation = Simulation(core, platform, clock, members, rng)
    if len(members) > 1:
        await simulation.propose(members[1].user, PROPOSED)
    if len(members) >= 4:  # in the first week, by rule (no dice: the habits play as before)
        await simulation.run(START + timedelta(days=4, hours=12))  # Friday: the round is open
        await edit_one_answer(simulation)
        await skip_with_a_reason(simulation)
        await simulation.run(START + timedelta(days=6, hours=12))  # Sunday: lessons are posted
        await an_answer_helped(simulation, members[2].user)
        await a_lesson_was_helpful(simulation, members[2].user)
    await simulation.run(START + timedelta(weeks=options.weeks))
    async with sessions.begin() as session:
        await set_program_active(session, PROGRAM, False)
    await simulation.run(START + timedelta(weeks=options.weeks, days=4))
    report = await demo_report(core, platform, options)
    if options.transcript:
        report = replace(report, transcript=render_transcript(members, platform, simulation.acts))
    return report
