"""Run Alembic from code: `kmbot db upgrade`, `kmbot serve` and the tests use this."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.attributes["url"] = url
    return config


def _outside_event_loop(work: Callable[[], None]) -> None:
    """Alembic's async env.py runs its own loop; from inside a loop, use another thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision`."""
    _outside_event_loop(lambda: command.upgrade(alembic_config(url), revision))


def downgrade(url: str, revision: str = "base") -> None:
    _outside_event_loop(lambda: command.downgrade(alembic_config(url), revision))
