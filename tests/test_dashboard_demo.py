"""`kmbot demo --db` leaves a database the dashboard opens: `kmbot dashboard-link` signs a
lead in, who sees their unit's figures; a member gets no link."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.bootstrap import build_web_app
from bot.cli import main
from bot.clock import SystemClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from tests.dashboard_site import free_port

LEAD = "memory:acme:U0001"  # the demo's first colleague leads the first unit
MEMBER = "memory:acme:U0010"


async def test_a_demo_database_opens_in_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    assert await _cli("demo", "--members", "40", "--weeks", "3", "--db", url) == 0
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    monkeypatch.setenv("KMBOT_PUBLIC_URL", base)
    capsys.readouterr()

    assert await _cli("dashboard-link", MEMBER) == 2
    assert "the dashboard is for leads" in capsys.readouterr().err.lower()
    assert await _cli("dashboard-link", LEAD) == 0
    link = re.search(r"\S+/dashboard/sign-in/\S+", capsys.readouterr().out)
    assert link

    engine = make_engine(url)
    core = build_core(make_sessions(engine), SystemClock(), "UTC", {}, public_url=base)
    runner = web.AppRunner(build_web_app(engine, core, public_url=base))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(link.group(0)) as page:
                csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text())
            assert csrf
            async with client.post(link.group(0), data={"csrf": csrf.group(1)}) as overview:
                body = await overview.text()
    finally:
        await runner.cleanup()
        await engine.dispose()
    assert overview.status == 200 and "Participation by round" in body
    assert "Weekly learning" in body and "95% interval" in body


async def _cli(*argv: str) -> int:
    """`kmbot ARGV…` (in a thread: the command line runs its own event loop)."""
    return await asyncio.to_thread(main, list(argv))
