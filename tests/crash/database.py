"""The crash runs' database: N Slack members with a weekly prompt due now, written before
`serve` starts; then what the outbox holds."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from adapters.slack.parse import person_from_user
from bot.clock import SystemClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Delivery, Member
from bot.programs.programs import ProgramSpec, create_program
from bot.schedule import WEEKDAYS
from tests.slack.fake_slack import FakeSlack

TEAM = "T-crash"
PROGRAM = "Weekly learning"


def add_members(fake: FakeSlack, count: int) -> list[str]:
    """`count` people in the fake's users.list (all in UTC); their user ids."""
    users = [f"U{i:05d}" for i in range(1, count + 1)]
    for number, user in enumerate(users, 1):
        fake.add_user(user, f"Member {number}", tz="UTC")
    return users


def due_now_spec(now: datetime) -> ProgramSpec:
    """A weekly program whose prompt fell due at 00:00 UTC today: due now, for three days."""
    return ProgramSpec(
        name=PROGRAM,
        purpose="We learn faster when we share what we learn.",
        weekday=WEEKDAYS[now.weekday()],
        send_time="00:00",
        timezone="UTC",
        share_mode="private",
    )


async def _seed(url: str, fake: FakeSlack) -> int:
    engine = make_engine(url, poolclass=NullPool)
    clock = SystemClock()
    core = build_core(make_sessions(engine), clock, "UTC", {})
    try:
        await core.seed()
        people = [p for p in map(person_from_user, fake.users) if p is not None]
        await core.directory_sync.save_people("slack", fake.team, people, complete=True)
        async with core.sessions.begin() as session:
            await create_program(session, due_now_spec(clock.now()), clock.now())
        return await core.prompting.open_due_prompts()
    finally:
        await engine.dispose()


def seed(url: str, fake: FakeSlack) -> int:
    """Migrate, sync the fake's members as the Slack adapter would, create the program and
    run one prompt tick on the real clock: one queued prompt per member. Returns how many."""
    upgrade(url)
    return asyncio.run(_seed(url, fake))


async def _statuses(url: str) -> Counter[str]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(Delivery.status, func.count()).group_by(Delivery.status)
            )
            return Counter({str(status): int(count) for status, count in rows})
    finally:
        await engine.dispose()


def delivery_statuses(url: str) -> Counter[str]:
    """How many deliveries are in each status now."""
    return asyncio.run(_statuses(url))


async def _held(url: str, pid: int, alone: bool) -> list[str] | None:
    query = (
        select(Member.external_id)
        .join(Delivery, Delivery.member_id == Member.id)
        .where(Delivery.status == "sending")
    )
    holder = getattr(Delivery, "lease_holder", None)  # None before rows named their holder
    if holder is not None:
        query = query.where(holder.like(f"%:{pid}:%"))  # host:pid:tag
    elif not alone:
        return None
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return [str(user) for user in await connection.scalars(query)]
    finally:
        await engine.dispose()


def held_by(url: str, pid: int, alone: bool) -> list[str] | None:
    """The members whose deliveries process `pid` holds in `sending`. Where the schema does
    not name holders: every row in `sending` if the process was `alone`, else None."""
    return asyncio.run(_held(url, pid, alone))
