"""Real `kmbot serve` processes for the crash runs: start, SIGKILL, stop, always cleaned up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.slack.signing import SECRET
from tests.test_serve import free_port

SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the checkout whose kmbot is run
SERVING = "kmbot serving on"


@dataclass(frozen=True)
class ServeOptions:
    """What every replica of one run shares; None leaves kmbot's own default."""

    database_url: str
    slack_api_url: str
    workdir: Path
    lease_seconds: int | None = None
    concurrency: int | None = None
    log_level: str = "INFO"


@dataclass
class Replica:
    """One `python -m bot serve` process, its own port, bot token and log file."""

    number: int
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    killed_at: float | None = field(default=None)

    @property
    def token(self) -> str:
        return token_of(self.number)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or released."""
        if self.alive():
            os.kill(self.process.pid, signal.SIGKILL)
            self.killed_at = time.monotonic()

    def serving(self) -> bool:
        """True once SIGTERM stops it cleanly: it logged that it serves (its signal handlers
        are set right after) and then answered an HTTP request (its loop waits for the
        signal). Any answer will do: /healthz says 503 while a check fails."""
        if not self.log.exists() or SERVING not in self.log.read_text(errors="replace"):
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def wait_serving(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.alive() and not self.serving():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return self.alive()

    def terminate(self) -> None:
        """SIGTERM, once: a second one during shutdown would kill it."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 60) -> int:
        """The exit status, after SIGKILL if it has not exited within `timeout`."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def token_of(number: int) -> str:
    """Each replica posts with a bot token of its own, so the fake knows who sent what."""
    return f"xoxb-crash-{number}"


def serve_env(options: ServeOptions, number: int, port: int) -> dict[str, str]:
    """The environment of one replica: the caller's, minus any other kmbot or platform
    settings, plus this run's database, Slack install and outbox knobs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KMBOT_", "SLACK_", "Microsoft", "MICROSOFT"))
    }
    env.update(
        PYTHONPATH=str(SOURCE_ROOT),
        KMBOT_DATABASE_URL=options.database_url,
        KMBOT_PORT=str(port),
        KMBOT_LOG_LEVEL=options.log_level,
        SLACK_BOT_TOKEN=token_of(number),
        SLACK_SIGNING_SECRET=SECRET,
        KMBOT_SLACK_API_URL=options.slack_api_url,
    )
    if options.lease_seconds is not None:
        env["KMBOT_OUTBOX_LEASE_SECONDS"] = str(options.lease_seconds)
    if options.concurrency is not None:
        env["KMBOT_OUTBOX_CONCURRENCY"] = str(options.concurrency)
    return env


class Fleet:
    """The replicas of one run; every one still running is stopped when the run ends."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.replicas: list[Replica] = []

    def start(self) -> Replica:
        number = len(self.replicas) + 1
        port = free_port()
        log = self.options.workdir / f"replica-{number}.log"
        with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the sender
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve"],
                env=serve_env(self.options, number, port),
                cwd=self.options.workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        replica = Replica(number, process, port, log)
        self.replicas.append(replica)
        return replica

    def by_token(self, token: str) -> Replica | None:
        return next((r for r in self.replicas if r.token == token), None)

    def failed(self) -> list[Replica]:
        """Replicas that exited although nobody killed or stopped them."""
        return [r for r in self.replicas if not r.alive() and r.killed_at is None]

    def stop_all(self, seconds: float = 120) -> dict[int, int]:
        """SIGTERM every live replica (once it is serving: one still starting would die of
        the signal), then wait: {number: exit status}."""
        live = [r for r in self.replicas if r.alive()]
        for replica in live:
            replica.wait_serving(seconds)
        for replica in live:
            replica.terminate()
        return {r.number: r.wait() for r in live}

    def kill_all(self) -> None:
        for replica in self.replicas:
            if replica.alive():
                replica.process.kill()
            replica.process.wait()


@contextmanager
def fleet(options: ServeOptions) -> Iterator[Fleet]:
    """A Fleet whose processes are killed however the block ends."""
    replicas = Fleet(options)
    try:
        yield replicas
    finally:
        replicas.kill_all()
