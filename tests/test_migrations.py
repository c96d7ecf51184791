"""Migrations upgrade and downgrade cleanly, and the models have no drift from them."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.migrate import downgrade, upgrade
from bot.db.models import Base


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_downgrade_to_base_and_upgrade_to_head(
    engine: AsyncEngine, database_url: str
) -> None:
    assert {"members", "programs", "prompts", "deliveries"} <= await table_names(engine)

    downgrade(database_url, "base")
    assert await table_names(engine) <= {"alembic_version"}

    upgrade(database_url, "head")
    assert {t.name for t in Base.metadata.sorted_tables} <= await table_names(engine)


def _drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [
        diff for diff in compare_metadata(context, Base.metadata) if not _is_adapter_table(diff)
    ]


def _is_adapter_table(diff: Any) -> bool:
    """Tables owned by an SDK (Slack's installation store) are not kmbot models, nor is the
    archive's full-text index (kept by triggers, migration 0008)."""
    if not isinstance(diff, tuple) or diff[0] not in ("remove_table", "remove_index"):
        return False
    table = diff[1] if diff[0] == "remove_table" else diff[1].table
    return bool(table.name.startswith(("slack_", "archive_search")))


async def test_the_models_match_the_migrations(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        drift = await connection.run_sync(_drift)
    assert drift == []


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL has neither setting; nothing to check there
    from sqlalchemy import text

    async with engine.connect() as connection:
        mode = await connection.scalar(text("PRAGMA journal_mode"))
        timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    assert (mode, timeout) == ("wal", 10_000)


async def test_a_sqlite_downgrade_keeps_the_triggers_of_the_revisions_it_keeps(
    engine: AsyncEngine, database_url: str
) -> None:
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL alters tables in place: its triggers are never rebuilt away
    from sqlalchemy import text

    async def triggers() -> set[str]:
        async with engine.connect() as connection:
            found = await connection.scalars(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            )
            return set(found)

    at_head = await triggers()
    await engine.dispose()
    downgrade(database_url, "0014")  # the round summaries' triggers are 0014's

    assert {t for t in at_head if t.startswith("summaries_")} <= await triggers()
