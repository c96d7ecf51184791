"""What the benchmarks share: their options, the databases they run on, seeded members."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import make_engine
from bot.db.migrate import downgrade, upgrade
from bot.db.models import Member, Workspace


def options(description: str | None, **extra: int | str) -> argparse.Namespace:
    """--members, --postgres, and any extra options (integers or text) with their defaults."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to wipe and use")
    for name, default in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    return parser.parse_args()


def on_each_database(args: argparse.Namespace, measure: Callable[[str, str], None]) -> None:
    """Run `measure(name, url)` on a temporary SQLite file, then on --postgres if given."""
    with tempfile.TemporaryDirectory() as folder:
        measure("sqlite", f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
    if args.postgres:
        measure("postgresql", args.postgres)


def fresh(url: str) -> str:
    """Wipe and migrate the database at `url`."""
    downgrade(url, "base")
    upgrade(url)
    return url


async def add_members(
    session: AsyncSession, count: int, zones: tuple[str, ...], now: datetime
) -> Workspace:
    """`count` members in 10 units, spread over `zones`, in one workspace."""
    workspace = Workspace(
        platform="memory", external_id="bench", name="Bench", active=True, created_at=now
    )
    session.add(workspace)
    await session.flush()
    await session.execute(
        insert(Member),
        [
            {
                "workspace_id": workspace.id,
                "external_id": f"U{i:06d}",
                "display_name": f"M{i}",
                "unit": f"unit-{i % 10}",
                "role": "member",
                "tz": zones[i % len(zones)],
                "active": True,
                "opted_out": False,
                "checkins_paused": False,
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    return workspace


def wiped(url: str) -> str:
    """Empty the PostgreSQL database at `url`, whatever revision (even one this checkout does
    not know) it was left at, and migrate it."""
    asyncio.run(_drop_public_schema(url))
    upgrade(url)
    return url


async def _drop_public_schema(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
