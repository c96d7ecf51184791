"""A `kmbot demo --db` database opened in the dashboard: `kmbot dashboard-link` for a person,
then the overview page that link signs them in to, served by the real web app."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest
from aiohttp import web

from bot.bootstrap import build_web_app
from bot.cli import main
from bot.clock import SystemClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from tests.dashboard_site import free_port


async def cli(*argv: str) -> int:
    """`kmbot ARGV…` (in a thread: the command line runs its own event loop)."""
    return await asyncio.to_thread(main, list(argv))


async def overview_for(
    url: str, person: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """The HTTP status and page `person` sees once signed in with their dashboard link."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    monkeypatch.setenv("KMBOT_PUBLIC_URL", base)
    capsys.readouterr()
    assert await cli("dashboard-link", person) == 0
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
                return overview.status, await overview.text()
    finally:
        await runner.cleanup()
        await engine.dispose()
