"""Group commit for the inbox: what a platform waits for before its 200.

Every event arriving at the same moment is stored by one autocommitted `INSERT … ON CONFLICT
DO NOTHING` on a connection of its own engine, kept open for this alone. So an
acknowledgement never waits for a pooled connection that the workers, the outbox or the
jobs hold, pays one database round trip (not the checkout ping, BEGIN, INSERT and COMMIT of
a session), and a burst of events shares that round trip instead of queueing for it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db.engine import make_engine
from bot.db.models import InboxEvent

log = logging.getLogger(__name__)
MAX_BATCH = 200  # rows in one INSERT; a larger burst takes several


class Intake:
    """Stores events for the inbox, concurrent ones together; `store` returns once durable."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._url = engine.url.render_as_string(hide_password=False)
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    async def store(self, row: dict[str, Any]) -> None:
        """Store one `inbox_events` row (skipped if its event id is waiting already);
        raises when it could not be stored."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((row, done))
        self._wake.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_forever())
        await done

    async def close(self) -> None:
        """Store what is waiting, then let the connection and its engine go."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
        if self._waiting:
            await self._write_waiting()
        await self._disconnect()

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                await self._write_waiting()

    async def _write_waiting(self) -> None:
        batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
        try:
            connection = await self._connect()
            await connection.execute(_insert(connection, [row for row, _ in batch]))
        except Exception as exc:
            await self._disconnect()  # the next batch opens a fresh connection
            for _, done in batch:
                if not done.done():
                    done.set_exception(exc)
            return
        except BaseException as exc:  # cancelled mid-write: these were not stored
            for _, done in batch:
                if not done.done():
                    done.set_exception(ConnectionError(f"not stored: {exc!r}"))
            await self._disconnect()
            raise
        for _, done in batch:
            if not done.done():
                done.set_result(None)

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            if self._engine is None:
                self._engine = make_engine(self._url, pool_size=1, max_overflow=0)
            connection = await self._engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return self._connection

    async def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        engine, self._engine = self._engine, None
        try:
            if connection is not None:
                await connection.close()
        except Exception:  # a broken connection: nothing to give back
            log.debug("closing the inbox's connection failed", exc_info=True)
        if engine is not None:
            await engine.dispose()


def _insert(connection: AsyncConnection, rows: list[dict[str, Any]]) -> Any:
    """One multi-row INSERT of `rows`, skipping any whose event id is stored already."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(InboxEvent).values(rows).on_conflict_do_nothing()
