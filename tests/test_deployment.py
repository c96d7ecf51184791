"""The deployment files: compose.yaml (PostgreSQL 16, a migration, two replicas) and the
Dockerfile (multi-stage, non-root, a HEALTHCHECK that really reads /healthz)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import dockerfile as dockerfile_parser
import yaml
from sqlalchemy.engine import make_url

from bot.db.migrate import alembic_config, revisions
from tests.conftest import PG_URL, _create_database, _reset_postgres
from tests.test_serve import free_port, server  # noqa: F401  (the running `kmbot serve`)

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text()))


def dockerfile() -> list[dockerfile_parser.Command]:
    """The Dockerfile as Docker's own parser (BuildKit's, through `dockerfile`) reads it."""
    return list(dockerfile_parser.parse_file(str(ROOT / "Dockerfile")))


def healthcheck_command() -> list[str]:
    [health] = [c for c in dockerfile() if c.cmd == "HEALTHCHECK"]
    assert health.json and health.value[0] == "CMD"  # exec form: no shell in between
    return list(health.value[1:])


def test_compose_runs_two_replicas_on_postgresql_16_after_one_migration() -> None:
    services = compose()["services"]

    assert services["db"]["image"] == "postgres:16"
    assert services["migrate"]["command"] == ["kmbot", "db", "upgrade"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    replicas = {
        name: service
        for name, service in services.items()
        if name not in ("db", "migrate") and "command" not in service  # the image's serve
    }
    assert len(replicas) == 2
    ports = set()
    for service in replicas.values():
        env = service["environment"]
        assert "@db:5432/kmbot" in env["KMBOT_DATABASE_URL"]
        assert env["KMBOT_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["KMBOT_ENV"] == "production"
        assert env["KMBOT_LOG_FORMAT"] == "json"
        assert service["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        assert service["restart"] == "unless-stopped"
        ports.update(service["ports"])
    assert len(ports) == 2  # each replica on its own host port, for the load balancer


def test_the_image_is_built_in_stages_and_runs_as_a_user_that_is_not_root() -> None:
    commands = dockerfile()
    stages = [i for i, c in enumerate(commands) if c.cmd == "FROM"]
    assert len(stages) >= 2
    runtime = commands[stages[-1] :]
    copies = [c for c in runtime if c.cmd == "COPY"]
    assert copies and all(c.flags == ("--from=build",) for c in copies)  # no sources
    [user] = [c.value[0] for c in runtime if c.cmd == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    [command] = [c for c in runtime if c.cmd == "CMD"]
    assert command.json and command.value[:2] == ("kmbot", "serve")


def test_the_healthcheck_passes_while_kmbot_serves_and_fails_once_it_stops(
    server: subprocess.Popen[str],  # noqa: F811
) -> None:
    port = server.port  # type: ignore[attr-defined]
    command = healthcheck_command()
    env = {**os.environ, "KMBOT_PORT": str(port)}

    assert subprocess.run(command, env=env, capture_output=True, timeout=60).returncode == 0

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert subprocess.run(command, env=env, capture_output=True, timeout=60).returncode != 0


def test_the_healthcheck_fails_on_a_503() -> None:
    class Unavailable(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's name)
            self.send_response(503 if self.path == "/healthz" else 404)
            self.end_headers()
            self.wfile.write(b'{"status": "unavailable"}')

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    httpd = HTTPServer(("127.0.0.1", port), Unavailable)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        done = subprocess.run(
            healthcheck_command(),
            env={**os.environ, "KMBOT_PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert done.returncode != 0
    assert "503" in done.stderr


def test_two_replicas_starting_together_on_an_empty_database_both_start(tmp_path: Path) -> None:
    """Each `kmbot serve` migrates first; on PostgreSQL the second waits for the first."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'k.db'}"
    if PG_URL:
        server_url = make_url(PG_URL)
        name = f"{server_url.database}_replicas"
        asyncio.run(_create_database(PG_URL, name))
        url = server_url.set(database=name).render_as_string(hide_password=False)
        asyncio.run(_reset_postgres(url))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KMBOT_")}
    env["KMBOT_DATABASE_URL"] = url
    replicas = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "db", "upgrade"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    said = [replica.communicate(timeout=300) for replica in replicas]

    assert [replica.returncode for replica in replicas] == [0, 0], said
    head = revisions(alembic_config(url))[-1]
    assert all(out.startswith(f"database at revision {head} (head)") for out, _ in said)
