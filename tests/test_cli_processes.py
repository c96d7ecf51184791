"""`kmbot` as an operator runs it, in a real process: what reaches the terminal.

Logging and file permissions are process-wide, so these run `python -m bot` itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Root ignores folder permissions; without these two capabilities it does not.
NO_OVERRIDE = ["--bounding-set=-dac_override,-dac_read_search"]
NO_OVERRIDE.append("--inh-caps=-dac_override,-dac_read_search")


def kmbot(
    tmp_path: Path, *argv: str, url: str | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KMBOT_", "SLACK_", "Microsoft"))
    }
    env["KMBOT_DATABASE_URL"] = url or f"sqlite+aiosqlite:///{tmp_path / 'k.db'}"
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *argv],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_commands_print_no_log_lines_unless_asked(tmp_path: Path) -> None:
    quiet = kmbot(tmp_path, "db", "upgrade")
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert quiet.stdout.startswith("database at revision ")

    down = kmbot(tmp_path, "db", "downgrade", "base", "-v")

    assert down.returncode == 0
    lines = down.stderr.splitlines()
    assert lines and all(" INFO alembic.runtime.migration: Running downgrade " in x for x in lines)
    assert "Context impl" not in down.stderr  # Alembic's per-connection chatter: only at -vv
    assert "Context impl" in kmbot(tmp_path, "-vv", "db", "upgrade").stderr


@pytest.fixture
def read_only_folder(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """A folder this user cannot write, and the prefix that runs kmbot as such a user."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None or subprocess.run([setpriv, *NO_OVERRIDE, "true"]).returncode:
            pytest.skip("root that cannot drop CAP_DAC_OVERRIDE writes to any folder")
        prefix = (setpriv, *NO_OVERRIDE)
    folder.chmod(0o555)
    return folder, prefix


def test_a_sqlite_file_in_a_read_only_folder_is_one_line(
    tmp_path: Path, read_only_folder: tuple[Path, tuple[str, ...]]
) -> None:
    folder, prefix = read_only_folder
    url = f"sqlite+aiosqlite:///{folder / 'k.db'}"
    said = (
        f"kmbot: the SQLite database {folder / 'k.db'} needs a writable folder (SQLite keeps its "
        f"journal beside the file), and {folder} is not: Permission denied (set "
        "KMBOT_DATABASE_URL to a file in a folder kmbot may write)\n"
    )

    for argv in (("program", "list"), ("demo", "--db", url)):
        result = kmbot(tmp_path, *argv, url=url, prefix=prefix)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", said)
