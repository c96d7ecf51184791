"""Private answers on the dashboard: an admin reads them only while the program's rule says
so, and only answers to prompts sent since it was turned on; a champion or a lead never."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from playwright.async_api import Browser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.core import Core
from bot.db.privacy_models import AuditEntry
from tests.conversation import add_people, advance_to, answer_in_chat, told
from tests.dashboard_site import THURSDAY_15, an_organisation, chromium, serve, sign_in_link
from tests.test_dashboard import signed_in

PROGRAM = '"Weekly learning"'


@pytest.fixture
async def site(engine: AsyncEngine, clock: FakeClock) -> AsyncIterator[tuple[Core, str]]:
    """The organisation, an admin (Ada), the program's answers private by default; Sam
    answers privately in round two (rule off), Sid in round three (sent with the rule on)."""
    async for core, url in serve(engine, clock):
        await an_organisation(core, clock)
        await add_people(core, ("ada", "UTC"), unit="KM", role="admin")
        await told(core, "ada", f"program update {PROGRAM} --default-visibility private")
        await advance_to(core, clock, THURSDAY_15 + timedelta(days=7, hours=1))
        await answer_in_chat(core, "s4", "Secret of round two: my pricing doubts.")
        turned_on = await told(core, "ada", f"program update {PROGRAM} --admins-see-private yes")
        assert "private answers: admins see them on the dashboard" in turned_on, turned_on
        await advance_to(core, clock, THURSDAY_15 + timedelta(days=14, hours=1))
        await answer_in_chat(core, "s5", "Secret of round three: I missed the deadline.")
        yield core, url


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async for launched in chromium():
        yield launched


async def test_an_admin_reads_private_answers_only_while_the_rule_is_on(
    site: tuple[Core, str], browser: Browser
) -> None:
    core, url = site
    page = await signed_in(browser, await sign_in_link(core, "ada"))
    await page.get_by_role("link", name="Private answers").click()
    main = await page.locator("main").inner_text()
    assert "Secret of round three: I missed the deadline." in main
    assert "Private" in await page.locator("article.hit .badge").inner_text()
    assert "S5 (Sales)" in main
    assert "Secret of round two" not in main  # its prompt went out before the rule

    await page.get_by_role("link", name="Archive").click()
    await page.get_by_label("Words").fill("secret")
    await page.get_by_role("button", name="Search").click()
    assert await page.locator("article.hit").count() == 0  # never in search results

    off = await told(core, "ada", f"program update {PROGRAM} --admins-see-private no")
    assert "private answers: seen by no one" in off
    await page.goto(f"{url}/dashboard/private")
    main = await page.locator("main").inner_text()
    assert "Secret" not in main and "No private answers to show." in main
    async with core.sessions() as session:
        updates = list(
            await session.scalars(
                select(AuditEntry.detail).where(AuditEntry.action == "program.update")
            )
        )
    assert {"admins_see_private": True} in updates  # audited like every program change


@pytest.mark.parametrize("user", ["cara", "lena"])  # a champion, a lead of Sales
async def test_a_champion_or_a_lead_never_sees_a_private_answer(
    site: tuple[Core, str], user: str
) -> None:
    core, url = site
    link = await sign_in_link(core, user)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(link) as page:
            csrf = (await page.text()).split('name="csrf" value="', 1)[1].split('"', 1)[0]
        async with client.post(link, data={"csrf": csrf}) as overview:
            assert overview.status == 200
            assert "Private answers" not in await overview.text()  # no link to them
        async with client.get(f"{url}/dashboard/private") as refused:
            assert refused.status == 403
            assert "Secret" not in await refused.text()
        async with client.get(f"{url}/dashboard/archive", params={"q": "secret"}) as found:
            assert "Secret" not in await found.text()
