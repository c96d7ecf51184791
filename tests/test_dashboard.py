"""The dashboard in a real headless browser (Debian's chromium through playwright) against
the real aiohttp server: sign-in by one-time link, scopes, the archive, sign-out, floors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from playwright.async_api import Browser, Page
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.core import Core
from bot.dashboard.session import session_key
from bot.db.archive_models import ReuseEvent, SignInLink
from tests.conversation import told
from tests.dashboard_site import an_organisation, chromium, serve, sign_in_link


@pytest.fixture
async def site(engine: AsyncEngine, clock: FakeClock) -> AsyncIterator[tuple[Core, str]]:
    async for core, url in serve(engine, clock):
        await an_organisation(core, clock)
        yield core, url


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async for launched in chromium():
        yield launched


PHONE = {"width": 360, "height": 740}


async def signed_in(browser: Browser, link: str, phone: bool = False) -> Page:
    context = await browser.new_context(viewport=PHONE if phone else None)  # type: ignore[arg-type]
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/dashboard/")
    return page


async def test_a_lead_signs_in_sees_only_their_team_finds_a_lesson_and_signs_out(
    site: tuple[Core, str], browser: Browser
) -> None:
    core, url = site
    page = await signed_in(browser, await sign_in_link(core, "lena"))

    main = await page.locator("main").inner_text()
    assert "Knowledge sharing: Sales" in main
    assert "Weekly learning" in main and "Sales" in main
    assert "Ops" not in main and "Legal" not in main
    assert "4 of 7" in main  # Sales: 4 of its 7 people (6 members and the lead) answered
    chart = page.locator("img.chart")
    assert await chart.count() == 1  # the chat's PNG, drawn from Sales' figures alone
    assert await chart.evaluate("img => img.complete && img.naturalWidth") == 800
    cookie = next(c for c in await page.context.cookies() if c["name"] == "kmbot_dashboard")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]

    await page.get_by_role("link", name="Archive").click()
    await page.get_by_label("Words").fill("onboarding")
    await page.get_by_role("button", name="Search").click()
    hit = page.locator("article.hit")
    assert await hit.count() == 1
    assert "Onboarding checklist" in await hit.inner_text()
    assert (await hit.locator("mark").first.inner_text()).lower() == "onboarding"
    await hit.get_by_role("button", name="This helped me").click()
    assert "Thanks!" in await page.get_by_role("status").inner_text()
    assert "helped 1 colleague" in await page.locator("article.hit").inner_text()
    async with core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ReuseEvent)) == 1

    await page.get_by_role("button", name="Sign out").click()
    assert "You are signed out" in await page.locator("main").inner_text()
    response = await page.goto(f"{url}/dashboard/")
    assert response is not None and response.status == 401
    assert "Please sign in" in await page.locator("main").inner_text()


async def test_a_used_or_expired_link_and_a_member_who_is_not_a_lead_are_refused(
    site: tuple[Core, str], browser: Browser, clock: FakeClock
) -> None:
    core, url = site
    link = await sign_in_link(core, "lena")
    await signed_in(browser, link)
    again = await (await browser.new_context()).new_page()
    response = await again.goto(link)
    assert response is not None and response.status == 403
    assert "used up or has expired" in await again.locator("main").inner_text()

    late = await sign_in_link(core, "otto")
    clock.advance(timedelta(minutes=16))
    response = await again.goto(late)
    assert response is not None and response.status == 403

    assert "for leads, KM champions and admins" in await told(core, "s0", "dashboard")
    async with core.sessions() as session:
        hashes = list(await session.scalars(select(SignInLink.token_hash)))
    assert len(hashes) == 2 and all(h not in link + late for h in hashes)  # stored hashed


async def test_no_page_shows_a_figure_for_fewer_than_five_people(
    site: tuple[Core, str], browser: Browser
) -> None:
    core, url = site
    page = await signed_in(browser, await sign_in_link(core, "lou"))  # Legal: 3 people
    main = await page.locator("main").inner_text()
    assert "Too few to tell" in main and "%" not in main and " of " not in main

    champion = await signed_in(browser, await sign_in_link(core, "cara"), phone=True)
    assert await champion.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    legal = champion.get_by_role("row", name="Legal")
    assert "too few to tell" in await legal.inner_text()
    assert "%" not in await legal.inner_text()
    assert "Ops" in await champion.locator("main").inner_text()  # champions see every unit


async def test_every_form_needs_its_csrf_token(site: tuple[Core, str]) -> None:
    core, url = site
    link = await sign_in_link(core, "lena")
    async with aiohttp.ClientSession() as client:
        async with client.get(link) as page:
            assert page.status == 200
        async with client.post(link, data={"csrf": "forged"}) as forged:
            assert forged.status == 403
        async with client.post(f"{url}/dashboard/sign-out", data={}) as no_token:
            assert no_token.status == 403
    async with core.sessions() as session:
        assert await session.scalar(select(SignInLink.used_at)) is None  # still usable


async def test_behind_https_the_cookie_is_secure_and_keyed_by_the_secret(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    secret = "s" * 40
    async for core, url in serve(engine, clock, "https://kmbot.example.com", secret):
        await an_organisation(core, clock)
        link = (await sign_in_link(core, "lena")).replace("https://kmbot.example.com", url)
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client, client.get(link) as page:
            cookie = page.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Path=/dashboard" in cookie
    assert session_key(secret) == session_key(secret) != session_key("t" * 40)
    assert session_key("") != session_key("")  # no secret: a random key per process
