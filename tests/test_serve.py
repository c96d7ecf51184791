"""`kmbot serve` as an operator runs it: a real process, a real port, SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> subprocess.Popen[str]:
    port = free_port()
    env = {
        **os.environ,
        "KMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'k.db'}",
        "KMBOT_PORT": str(port),
        "KMBOT_LOG_LEVEL": "INFO",
        "KMBOT_OUTBOX_LAG_LIMIT_SECONDS": "600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    started = []
    for line in process.stderr:  # wait for the start-up line, however long it takes
        started.append(line)
        if "kmbot serving on" in line:
            break
    process.port = port  # type: ignore[attr-defined]
    process.started = started  # type: ignore[attr-defined]
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_healthz_checks_the_database_and_sigterm_stops_cleanly(
    server: subprocess.Popen[str],
) -> None:
    port = server.port  # type: ignore[attr-defined]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
        body = json.load(response)
    assert response.status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "platforms": {},
        "outbox": {"lag_seconds": 0.0, "limit_seconds": 600.0, "lag_by_platform": {}},
        "inbox": {"waiting": 0, "oldest_seconds": 0.0, "failed": 0},
        "problems": [],
    }
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        metrics = response.read().decode()
        content_type = response.headers["Content-Type"]
    assert response.status == 200 and content_type.startswith("text/plain")
    assert "# TYPE kmbot_deliveries_total counter" in metrics
    assert "# TYPE kmbot_outbox_lag_seconds gauge" in metrics
    assert "# TYPE kmbot_inbox_waiting gauge" in metrics

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert server.stderr is not None
    said = "".join(server.started) + server.stderr.read()  # type: ignore[attr-defined]
    assert "stopped cleanly" in said
    # the operator's lines, not the libraries' routine: no scheduler chatter, no Alembic
    # "Context impl" on every start; the missing credentials are a warning of their own
    assert "apscheduler" not in said and "Context impl" not in said
    assert "WARNING kmbot: no chat platform is configured, so nothing is sent" in said


def test_serve_refuses_to_start_without_its_database(tmp_path: Path) -> None:
    env = {**os.environ, "KMBOT_DATABASE_URL": "postgresql+asyncpg://kmbot@127.0.0.1:1/kmbot"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("kmbot: cannot reach the database")


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **os.environ,
            "KMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'k.db'}",
            "KMBOT_LOG_LEVEL": "WARNING",
        }
        result = subprocess.run(
            [sys.executable, "-m", "bot", "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kmbot: cannot listen on 127.0.0.1:{port}: the port is in use (another kmbot? "
        "choose a port with --port or KMBOT_PORT)\n"
    )
