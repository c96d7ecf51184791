"""What a platform waits for before its 200: the inbox stores events arriving together in
one write, each once, on a connection of its own, so a busy pool never delays an answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.db.engine import make_engine, make_sessions
from bot.db.models import InboxEvent
from bot.inbox.store import InboxItem
from bot.inbox.workers import Inbox

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def nothing(item: InboxItem) -> None:
    return None


async def stored(engine: AsyncEngine) -> list[str]:
    async with make_sessions(engine)() as session:
        return list((await session.scalars(select(InboxEvent.event_id))).all())


async def test_a_burst_of_events_is_stored_each_once_and_all_are_acknowledged(
    engine: AsyncEngine,
) -> None:
    inbox = Inbox(make_sessions(engine), FakeClock(NOW), "slack", nothing)
    copies = [f"Ev{n % 40:03d}" for n in range(60)]  # 20 sent twice, as Slack retries
    await asyncio.gather(*(inbox.accept(event, "{}") for event in copies))
    assert sorted(await stored(engine)) == sorted(set(copies))
    await inbox.stop()


async def test_an_event_is_acknowledged_while_every_pooled_connection_is_taken(
    database_url: str, engine: AsyncEngine
) -> None:
    busy = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=5)
    inbox = Inbox(make_sessions(busy), FakeClock(NOW), "slack", nothing)
    async with busy.connect():  # the pool's only connection, held as a long handler would
        await inbox.accept("EvWhileBusy", "{}")  # a pooled write would time out after 5 s
        assert await stored(engine) == ["EvWhileBusy"]
    await inbox.stop()
    await busy.dispose()


async def test_events_keep_being_stored_after_a_write_failed(engine: AsyncEngine) -> None:
    inbox = Inbox(make_sessions(engine), FakeClock(NOW), "slack", nothing)
    await inbox.accept("EvFirst", "{}")
    async with engine.begin() as connection:  # the table is gone for a moment
        await connection.execute(InboxEvent.__table__.delete())
        await connection.run_sync(lambda sync: InboxEvent.__table__.drop(sync))
    refused = await asyncio.gather(inbox.accept("EvLost", "{}"), return_exceptions=True)
    assert isinstance(refused[0], Exception)  # not stored, so not acknowledged (a 503)
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: InboxEvent.__table__.create(sync))
    await inbox.accept("EvLater", "{}")
    assert await stored(engine) == ["EvLater"]
    await inbox.stop()
