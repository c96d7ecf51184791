"""`kmbot db backup FILE`: a consistent copy of a SQLite database, taken while kmbot runs.

SQLite's online backup API copies the database page by page through a connection, so a
running `kmbot serve` (WAL mode) keeps working and the copy includes what the WAL holds.
PostgreSQL has its own tool for this, pg_dump.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.db.sqlite_file import sqlite_path


class BackupError(ValueError):
    """The backup cannot be made; one line saying why."""


def backup(url: str, target: str) -> str:
    """Copy the SQLite database at `url` to the new file `target`; return what was done."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        server = parsed._replace(drivername="postgresql", password=None).render_as_string()
        raise BackupError(
            f"db backup copies SQLite databases; for PostgreSQL use pg_dump, e.g. "
            f"pg_dump --format=custom --file {target} '{server}'"
        )
    source = sqlite_path(url)
    if source is None:
        raise BackupError("db backup needs a SQLite database file, not an in-memory one")
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source} (check KMBOT_DATABASE_URL)")
    destination = Path(target).expanduser().absolute()
    if destination.exists():
        raise BackupError(f"{destination} already exists: give a new file name")
    if not destination.parent.is_dir():
        raise BackupError(f"cannot write {destination}: {destination.parent} is not a folder")
    partial = destination.with_name(destination.name + ".partial")
    try:
        _copy(source, partial)
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} to {destination} failed: {exc}") from None
    return f"backed up {source} to {destination} ({destination.stat().st_size} bytes)"


def _copy(source: Path, target: Path) -> None:
    # read-only URI: a backup never creates or changes the source
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            writer.close()
    finally:
        reader.close()
