"""Shared fixtures: a migrated database (SQLite always, PostgreSQL when asked), a fake clock,
the in-memory platform and the core wired to them.

The suite runs on every core (pytest-xdist): each test gets its own SQLite file, and each
worker its own PostgreSQL database next to the one KMBOT_TEST_DATABASE_URL names.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade


def _worker_url(url: str) -> str:
    """This worker's own database on the server `url` names (the database itself without
    pytest-xdist), created on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    server = make_url(url)
    name = f"{server.database}_{worker}"
    asyncio.run(_create_database(url, name))
    return server.set(database=name).render_as_string(hide_password=False)


async def _create_database(url: str, name: str) -> None:
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


PG_URL = _worker_url(os.environ.get("KMBOT_TEST_DATABASE_URL", ""))


async def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database at the latest migration: a SQLite file to copy, or the PostgreSQL URL."""
    if PG_URL:
        asyncio.run(_reset_postgres(PG_URL))
        upgrade(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "kmbot.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> str:
    """A fresh, migrated, empty database for one test."""
    if PG_URL:
        return PG_URL
    target = tmp_path / "kmbot.db"
    shutil.copy(migrated_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    if PG_URL:
        async with engine.begin() as connection:
            names = (
                (
                    await connection.execute(
                        text(
                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                            "AND tablename <> 'alembic_version'"
                        )
                    )
                )
                .scalars()
                .all()
            )
            await connection.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
def platform(clock: FakeClock) -> InMemoryPlatform:
    return InMemoryPlatform(clock)


@pytest.fixture
async def core(engine: AsyncEngine, clock: FakeClock, platform: InMemoryPlatform) -> Core:
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await core.seed()
    return core
