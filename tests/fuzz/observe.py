"""What the fuzz properties look at: every table's row count, the log's errors, /healthz."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.models import Base

# Every kmbot table (the models register them all on one metadata) and, being reflected,
# any other table in the database too (slack_sdk's installation and OAuth state stores).
KMBOT_TABLES = sorted(Base.metadata.tables)


async def table_names(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return sorted(set(names) | set(KMBOT_TABLES))


async def row_counts(
    sessions: async_sessionmaker[AsyncSession], names: list[str]
) -> dict[str, int]:
    """Rows in each table, read in one statement."""
    columns = [select(func.count()).select_from(table(name)).scalar_subquery() for name in names]
    async with sessions() as session:
        row = (await session.execute(select(*columns))).one()
    return dict(zip(names, (int(n) for n in row), strict=True))


class Problems(logging.Handler):
    """Collects log records that are errors or carry a traceback, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)

    def lines(self) -> list[str]:
        found = []
        for record in self.records:
            line = f"{record.levelname} {record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                line += f" [{type(record.exc_info[1]).__name__}: {record.exc_info[1]}]"
            found.append(line[:500])
        return found

    def clear(self) -> None:  # type: ignore[override]
        self.records.clear()


@contextmanager
def problems_logged() -> Iterator[Problems]:
    """Every error and traceback logged while the block runs."""
    handler = Problems()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
