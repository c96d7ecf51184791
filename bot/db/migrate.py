"""Run Alembic from code: `kmbot db upgrade`, `kmbot serve` and the tests use this."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError

import migrations


class MigrationError(ValueError):
    """A migration cannot run as asked (an unknown revision, say); the message is one line."""


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


def revisions(config: Config) -> list[str]:
    """Every migration revision, oldest first."""
    return [
        script.revision
        for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))
    ]


def _run(
    url: str, step: Callable[[Config, str], None], revision: str, config: Config | None = None
) -> None:
    config = config or alembic_config(url)
    try:
        _outside_event_loop(lambda: step(config, revision))
    except CommandError as exc:
        known = revisions(config)
        if revision not in ("head", "base", *known) and "Can't locate revision" in str(exc):
            raise MigrationError(
                f"no migration revision {revision!r} (known: base, {', '.join(known)}, head)"
            ) from None
        raise MigrationError(f"migration: {str(exc).splitlines()[0]}") from None


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision`."""
    _run(url, command.upgrade, revision)


def downgrade(url: str, revision: str = "base") -> None:
    _run(url, command.downgrade, revision)


def current(url: str) -> str:
    """The database's revision as Alembic says it ("0005 (head)"), or "base" (empty)."""
    config = alembic_config(url)
    said = io.StringIO()
    config.stdout = said
    _run(url, lambda c, _revision: command.current(c), "head", config)
    return said.getvalue().strip() or "base"
