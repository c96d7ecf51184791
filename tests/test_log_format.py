"""KMBOT_LOG_FORMAT=json: one JSON object a line for log collectors; plain text by default."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.log_format import JsonFormatter


def kmbot(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KMBOT_", "SLACK_"))}
    clean["KMBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'k.db'}"
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        env={**clean, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_json_logs_are_one_object_a_line_with_time_level_logger_and_message(
    tmp_path: Path,
) -> None:
    done = kmbot(tmp_path, "db", "upgrade", "-v", KMBOT_LOG_FORMAT="json")

    assert done.returncode == 0, done.stderr
    entries = [json.loads(line) for line in done.stderr.splitlines()]
    assert entries
    for entry in entries:
        assert set(entry) == {"time", "level", "logger", "message"}
        assert datetime.fromisoformat(entry["time"]).utcoffset() is not None
    assert any(
        e["logger"] == "alembic.runtime.migration"
        and e["level"] == "INFO"
        and e["message"].startswith("Running upgrade")
        for e in entries
    )
    assert done.stdout.startswith("database at revision ")  # the command's own output: as ever


def test_plain_text_stays_the_default(tmp_path: Path) -> None:
    done = kmbot(tmp_path, "db", "upgrade", "-v")

    lines = done.stderr.splitlines()
    assert lines and all(" INFO alembic.runtime.migration: Running upgrade " in x for x in lines)
    assert not any(line.startswith("{") for line in lines)


def test_an_unknown_log_format_is_refused_in_one_line(tmp_path: Path) -> None:
    done = kmbot(tmp_path, "db", "upgrade", KMBOT_LOG_FORMAT="xml")

    assert done.returncode == 2
    assert (
        done.stderr == "kmbot: invalid setting KMBOT_LOG_FORMAT: must be text or json, not 'xml'\n"
    )


def test_an_exception_s_traceback_stays_inside_its_one_line() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("kmbot.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            {}["missing"]
        except KeyError:
            logger.exception("job %s failed", "prompts.open")
    finally:
        logger.removeHandler(handler)

    [line] = out.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "kmbot.test.json"
    assert entry["message"] == "job prompts.open failed"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].endswith("KeyError: 'missing'")
