"""A real kmbot web server (the one aiohttp app) on a free local port, and Debian's chromium
driven by playwright, for the dashboard's tests."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from playwright.async_api import Browser, async_playwright
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_web_app
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_sessions
from bot.people.roles import find_person, set_role
from tests.archive_helpers import post_lesson
from tests.conversation import (
    WORKSPACE,
    add_people,
    add_program,
    advance_to,
    answer_in_chat,
    say,
    shown,
)

CHROMIUM = "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)
LINK = re.compile(r"https?://\S+/dashboard/sign-in/\S+")
THURSDAY_15 = datetime(2026, 3, 5, 15, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def serve(
    engine: AsyncEngine, clock: FakeClock, public_url: str = "", secret_key: str = ""
) -> AsyncIterator[tuple[Core, str]]:
    """The core and the server's address; links point at the server unless `public_url`
    says otherwise (behind a TLS proxy, say)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    public_url = public_url or url
    core = build_core(make_sessions(engine), clock, "UTC", {}, public_url=public_url)
    await core.seed()
    app = build_web_app(engine, core, public_url=public_url, secret_key=secret_key)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield core, url
    finally:
        await runner.cleanup()


async def chromium() -> AsyncIterator[Browser]:
    """Debian's chromium, headless. Without it the browser tests are skipped with the reason,
    except where KMBOT_REQUIRE_BROWSER is set (`.ci/run` sets it): there its absence fails."""
    if not HAVE_CHROMIUM:
        missing = (
            f"no {CHROMIUM}: the browser tests need Debian's chromium (apt-get install chromium)"
        )
        if os.environ.get("KMBOT_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            await browser.close()


async def lead_of(core: Core, user: str, unit: str) -> None:
    async with core.sessions.begin() as session:
        person = await find_person(session, f"memory:{WORKSPACE}:{user}")
        await set_role(session, person, "lead", [unit])


async def an_organisation(core: Core, clock: FakeClock) -> None:
    """Sales (lead Lena, 6 members) and Ops (lead Otto, 6 members) answer one round; Legal
    (lead Lou, 2 members) is too small for any figure; Ops shared an onboarding lesson."""
    for unit, lead, prefix, size in (
        ("Sales", "lena", "s", 6),
        ("Ops", "otto", "o", 6),
        ("Legal", "lou", "l", 2),
    ):
        await add_people(
            core, (lead, "UTC"), *((f"{prefix}{i}", "UTC") for i in range(size)), unit=unit
        )
        await lead_of(core, lead, unit)
    await add_people(core, ("cara", "UTC"), unit="KM", role="champion")
    await add_program(core, reminder_delay_hours=0)
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    for user in ("s0", "s1", "s2", "s3", "o0", "o1", "l0"):
        await answer_in_chat(core, user, f"I learned something about pricing, says {user}.")
    await post_lesson(
        core,
        "o2",
        "Onboarding checklist",
        "A written checklist halves onboarding time.",
        tags="onboarding",
    )
    await advance_to(core, clock, THURSDAY_15 + timedelta(days=4))


async def sign_in_link(core: Core, user: str) -> str:
    text = shown(await say(core, user, "dashboard"))
    found = LINK.search(text)
    assert found, text
    return found.group(0)
