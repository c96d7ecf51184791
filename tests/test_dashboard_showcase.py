"""A pilot's showcase and its program's timeline in a real headless browser (Debian's
chromium through playwright) against the real aiohttp server: the sponsor's words, the
stories, the figures with their intervals and the floor of five; one A4 page as a PDF; and
the scope (a lead of another unit is refused)."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.core import Core
from bot.db.pilot_models import Pilot
from tests import showcase_data as ran
from tests.dashboard_site import chromium, serve, sign_in_link
from tests.test_dashboard import signed_in

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")  # a page object, not the /Pages tree
OUT = os.environ.get("KMBOT_SHOWCASE_OUT")  # a folder: keep the page's PNG and PDF there


@pytest.fixture
async def site(engine: AsyncEngine, clock: FakeClock) -> AsyncIterator[tuple[Core, str, Pilot]]:
    async for core, url in serve(engine, clock):
        pilot = await ran.pilot_that_ran(core, clock)
        await ran.decide_on_the_final_review(core, pilot)
        yield core, url, pilot


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async for launched in chromium():
        yield launched


async def open_showcase(page: Page) -> None:
    """From the overview: the program's page, then its showcase, as a person would."""
    await page.get_by_role("link", name="Page and timeline").first.click()
    await page.get_by_role("link", name="The pilot's showcase").click()
    await page.wait_for_url("**/showcase")


async def test_the_showcase_quotes_the_sponsor_tells_the_stories_and_prints_on_one_page(
    site: tuple[Core, str, Pilot], browser: Browser
) -> None:
    core, _url, _pilot = site
    page = await signed_in(browser, await sign_in_link(core, "boss"))
    await open_showcase(page)

    main = await page.locator("main").inner_text()
    assert f"{ran.NAME}: what the pilot changed" in main
    words = await page.locator("blockquote.words").inner_text()
    assert ran.EXPECTED_WORDS in words and "Sam, Head of Sales" in words
    assert "Tried in Sales, compared with Ops" in main and "(3 weeks)" in main
    stories = page.locator(".story")
    assert await stories.count() == 2
    first, second = await stories.nth(0).inner_text(), await stories.nth(1).inner_text()
    assert ran.STORY in first and "Shared by S0 (Sales)" in first and "helped 6 colleagues" in first
    assert ran.SMALL_STORY in second and "helped fewer than 5 colleagues" in second
    assert "Inconclusive: no change can be claimed." in main
    assert "includes no change" in main and "quote errors" in main
    assert re.search(
        r"Answered the weekly question: \d+% \(5 of \d+; 95% interval \d+–\d+%\)", main
    )
    assert "Reused (“This helped me”): 8 times" in main
    comparison = page.get_by_role("row", name=re.compile("baseline comparison"))
    assert "fewer than 5 answered: not shown" in await comparison.inner_text()
    assert re.search(r"\b[1-4] of\b", main) is None  # no figure behind fewer than five
    assert "Adjust, decided by Boss" in main and ran.REASON in main

    await page.emulate_media(media="print")
    assert not await page.locator("nav").is_visible()
    assert not await page.get_by_role("button").first.is_visible()  # no buttons on paper
    assert await page.locator("blockquote.words").is_visible()
    kept = str(Path(OUT, "showcase.pdf")) if OUT else None
    pdf = await page.pdf(path=kept, prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert len(PDF_PAGE.findall(pdf)) == 1, "the showcase must print on one A4 page"
    if OUT:
        await page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        await page.screenshot(path=str(Path(OUT, "showcase-print.png")), full_page=True)
        await page.emulate_media(media="screen")
        await page.screenshot(path=str(Path(OUT, "showcase.png")), full_page=True)


async def test_the_program_page_shows_its_changes_as_a_timeline_with_the_decision(
    site: tuple[Core, str, Pilot], browser: Browser
) -> None:
    core, _url, _pilot = site
    page = await signed_in(browser, await sign_in_link(core, "lena"))  # the lead of Sales
    await page.get_by_role("link", name="Page and timeline").first.click()

    rows = page.locator("table.timeline tbody tr")
    texts = [await rows.nth(i).inner_text() for i in range(await rows.count())]
    assert any("pilot create" in t and "Boss" in t for t in texts)
    assert any("launch" in t for t in texts)
    [decision] = [t for t in texts if "pilot decision" in t]
    assert "choice=adjust review=final" in decision and ran.REASON in decision
    assert any("pilot words words=written by=the sponsor, in chat" in t for t in texts)
    assert texts.index(decision) > next(i for i, t in enumerate(texts) if "launch" in t)


async def test_a_lead_of_another_unit_is_refused_the_showcase_and_the_timeline(
    site: tuple[Core, str, Pilot], browser: Browser
) -> None:
    core, url, pilot = site
    page = await signed_in(browser, await sign_in_link(core, "lou"))  # the lead of Legal

    showcase = await page.goto(f"{url}/dashboard/pilots/{pilot.id}/showcase")
    assert showcase is not None and showcase.status == 403
    main = await page.locator("main").inner_text()
    assert "outside your scope" in main and ran.EXPECTED_WORDS not in main
    timeline = await page.goto(f"{url}/dashboard/programs/{pilot.program_id}")
    assert timeline is not None and timeline.status == 403
    signed_out = await (await browser.new_context()).new_page()
    response = await signed_out.goto(f"{url}/dashboard/pilots/{pilot.id}/showcase")
    assert response is not None and response.status == 401

    sales = await signed_in(browser, await sign_in_link(core, "lena"))
    allowed = await sales.goto(f"{url}/dashboard/pilots/{pilot.id}/showcase")
    assert allowed is not None and allowed.status == 200
