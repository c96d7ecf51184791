"""A check-in round for 10,000 members: planning (matcher + storage) and the intro tick.

Run on demand:
    python -m benchmarks.checkin_round [--members 10000] [--weeks 10]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench]
Each member has `--weeks` past answers (shared), so intros quote what partners shared.
The PostgreSQL database given is wiped (downgraded to base, then upgraded).
"""

from __future__ import annotations

import asyncio
import resource
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from benchmarks.common import add_members, fresh, on_each_database, options
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Member, Prompt, Question, Reply
from bot.programs.programs import ProgramSpec, create_program

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; intros at 10:00 UTC
ZONES = ("UTC", "Europe/Lisbon", "Europe/Berlin", "Africa/Lagos")


async def prepare(core: Core, members: int, weeks: int) -> None:
    async with core.sessions.begin() as session:
        await add_members(session, members, ZONES, START)
        program = await create_program(
            session,
            ProgramSpec(
                name="Weekly learning",
                purpose="We share.",
                share_mode="private",
                checkins=True,
                checkin_cadence_weeks=1,
            ),
            START,
        )
        question = await session.scalar(select(func.min(Question.id)))
        member_ids = list(await session.scalars(select(Member.id)))
        for week in range(1, weeks + 1):
            opened = START - timedelta(weeks=week)
            prompt_ids = list(
                await session.scalars(
                    insert(Prompt).returning(Prompt.id, sort_by_parameter_order=True),
                    [
                        {
                            "program_id": program.id,
                            "cycle": -week,
                            "member_id": m,
                            "question_id": question,
                            "status": "answered",
                            "opened_at": opened,
                            "closes_at": opened + timedelta(days=3),
                        }
                        for m in member_ids
                    ],
                )
            )
            await session.execute(
                insert(Reply),
                [
                    {
                        "prompt_id": p,
                        "program_id": program.id,
                        "member_id": m,
                        "answers": [{"label": "q", "text": f"lesson {week} of {m}"}],
                        "visibility": "shared",
                        "late": False,
                        "helpful_count": 0,
                        "created_at": opened + timedelta(hours=2),
                    }
                    for p, m in zip(prompt_ids, member_ids, strict=True)
                ],
            )


async def run(url: str, members: int, weeks: int) -> list[tuple[str, int, float]]:
    engine = make_engine(url)
    clock = FakeClock(START)
    core = build_core(make_sessions(engine), clock, "UTC", {})
    await core.seed()
    await prepare(core, members, weeks)
    clock.set(START + timedelta(hours=11))  # 10:00 has passed in every zone
    figures = []
    for name, job in (
        ("plan round", core.checkins.plan_due_rounds),
        ("intro tick", core.checkins.send_intros),
    ):
        started = time.perf_counter()
        result = await job()
        figures.append((name, result, time.perf_counter() - started))
    await engine.dispose()
    return figures


def measure(name: str, url: str, members: int, weeks: int) -> None:
    for step, result, seconds in asyncio.run(run(fresh(url), members, weeks)):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:<11} {members:>7} {step:<11} {result:>7} {seconds:>8.2f} {rss:>11.0f}")


def main() -> None:
    args = options(__doc__, weeks=10)
    print(
        f"{'database':<11} {'members':>7} {'step':<11} {'result':>7} {'seconds':>8} "
        f"{'max RSS MB':>11}"
    )
    on_each_database(args, lambda name, url: measure(name, url, args.members, args.weeks))


if __name__ == "__main__":
    main()
