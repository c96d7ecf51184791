"""`kmbot serve` with Slack settings pointed at the fake Web API: a real process and port."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from tests.slack.fake_slack import FIXTURES, FakeSlack
from tests.slack.signing import SECRET, SlackSender
from tests.test_serve import free_port


def wait_for_start(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if "kmbot serving on" in line:
            return
    raise AssertionError("kmbot serve exited before it started")


async def test_serve_with_slack_answers_url_verification(tmp_path: Path) -> None:
    fake = FakeSlack()
    fake.add_user("U-ana", "Ana")
    api = TestServer(fake.app())
    await api.start_server()
    port = free_port()
    env = {
        **os.environ,
        "KMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'k.db'}",
        "KMBOT_PORT": str(port),
        "KMBOT_LOG_LEVEL": "INFO",
        "SLACK_BOT_TOKEN": "xoxb-serve",
        "SLACK_SIGNING_SECRET": SECRET,
        "KMBOT_SLACK_API_URL": str(api.make_url("/api/")),
    }
    process = await asyncio.to_thread(
        subprocess.Popen,
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        await asyncio.to_thread(wait_for_start, process)
        async with aiohttp.ClientSession() as session:
            sender = SlackSender(session, f"http://127.0.0.1:{port}/slack/events")
            status, body = await sender.post(
                (FIXTURES / "url_verification.json").read_text(), "application/json"
            )
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                health = await response.json()

        assert status == 200 and json.loads(body) == {"challenge": "valid_challenge_token"}
        assert health["status"] == "ok" and list(health["platforms"]) == ["slack"]
        assert health["platforms"]["slack"]["start_check"] == "ok"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(process.wait, 30) == 0
        assert {"auth.test", "users.list"} <= {c.method for c in fake.calls}  # start-up sync
        assert {c.token for c in fake.calls} == {"xoxb-serve"}
    finally:
        if process.poll() is None:
            process.kill()
            await asyncio.to_thread(process.wait)
        await api.close()
