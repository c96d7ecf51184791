"""Alembic environment: async engine, URL from kmbot's settings (or the caller's config)."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.db.engine import make_engine
from bot.db.models import Base
from bot.settings import load_settings

target_metadata = Base.metadata
MIGRATION_LOCK = 0x6B6D626F74  # 'kmbot': the advisory lock migrations hold on PostgreSQL


def database_url() -> str:
    return context.config.attributes.get("url") or load_settings().database_url


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate ignores tables an SDK owns (slack_sdk's installation store) and the
    archive's full-text index (an FTS5 table and its shadows, kept by triggers: 0008)."""
    if kind not in ("table", "index") or not reflected or compare_to is not None:
        return True
    table = name if kind == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table or "").startswith(("slack_", "archive_search"))


def run_with(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # a batch rebuild drops the old table: with foreign keys on, that cascades
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # (only outside a transaction)
        connection.commit()  # end the autobegun one, so the migration's below is its own
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        transactional_ddl=True,  # SQLite too: the whole upgrade is one transaction
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        # Processes that start together migrate one after another: the second waits here,
        # then finds the schema at the head and has nothing to do.
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        else:  # SQLite: a real transaction that holds the write lock (busy timeout: 10 s)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context.run_migrations()
        if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise RuntimeError("the migration left rows whose foreign keys point nowhere")


async def run_async() -> None:
    engine = make_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
    await engine.dispose()


def run_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_async())
