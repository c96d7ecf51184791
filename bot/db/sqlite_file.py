"""Before SQLite's first connection: can this user create and write the database file?

SQLite itself says only "unable to open database file" or "attempt to write a readonly
database". In WAL mode it writes two files beside the database (`-wal`, `-shm`), so the
folder must be writable too, not only the file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

HINT = "(set KMBOT_DATABASE_URL to a file in a folder kmbot may write)"


class DatabaseFileError(ValueError):
    """The SQLite file cannot be used; the message is one line naming the path and why."""


def sqlite_path(url: str) -> Path | None:
    """The database file a SQLite URL names; None for an in-memory database or another engine."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser().absolute()


def check_sqlite_file(url: str) -> None:
    """Raise DatabaseFileError when SQLite could not create, open or write the file."""
    path = sqlite_path(url)
    if path is None:
        return
    folder = path.parent
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise DatabaseFileError(
            f"the SQLite database {path} cannot be created: {folder} {reason} {HINT}"
        )
    if path.is_dir():
        raise DatabaseFileError(f"the SQLite database {path} is a folder, not a file {HINT}")
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".kmbot-check-"):
            pass
    except OSError as exc:
        raise DatabaseFileError(
            f"the SQLite database {path} needs a writable folder (SQLite keeps its journal "
            f"beside the file), and {folder} is not: {exc.strerror or exc} {HINT}"
        ) from None
    if path.exists() and not _writable(path):
        raise DatabaseFileError(f"the SQLite database {path} is read-only for this user {HINT}")


def _writable(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True
