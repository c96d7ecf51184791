"""Charts in chat: the Monday summary carries a chart kmbot draws itself, at a signed link
that stops working when it expires or is changed."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from matplotlib.image import imread
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.bootstrap import build_web_app
from bot.clock import FakeClock
from bot.core import Core
from bot.evidence.links import InvalidChartLink, chart_key, verify
from bot.evidence.routes import add_chart_routes
from bot.people.roles import find_person, set_role
from tests.conversation import WORKSPACE, add_people, advance_to, titled
from tests.report_data import KnownData
from tests.test_report import known_program

PUBLIC = "https://kmbot.example.com"
SECRET = "a-secret-of-at-least-thirty-two-characters"
MONDAY_AFTER = datetime(2026, 1, 26, 9, tzinfo=UTC)  # the Monday after the three rounds


@pytest.fixture
async def client(core: Core, clock: FakeClock) -> AsyncIterator[TestClient[Any, Any]]:
    app = web.Application()
    add_chart_routes(app, core.sessions, clock, core.recognition.charts, PUBLIC, SECRET)
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


async def seeded_monday(core: Core, clock: FakeClock) -> KnownData:
    async with core.sessions.begin() as session:
        data = await known_program(session)
    await add_people(core, ("cham", "UTC"), unit="KM")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:cham"), "champion")
    clock.set(MONDAY_AFTER - timedelta(hours=2))
    return data


def path_of(url: str) -> str:
    assert url.startswith(f"{PUBLIC}/charts/") and url.endswith(".png")
    return url.removeprefix(PUBLIC)


async def test_champions_get_the_summary_with_a_chart_and_the_dashboard_link(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, client: TestClient[Any, Any]
) -> None:
    await seeded_monday(core, clock)

    await advance_to(core, clock, MONDAY_AFTER)

    [summary] = titled(platform, "cham", "weekly summary")
    assert "*Weekly learning*: last round 10/14, 71% (45%–88%) answered" in summary.message.text
    assert summary.message.image is not None
    assert "95% intervals" in summary.message.image.alt
    assert f"Trends, units and the archive: {PUBLIC}/dashboard" in summary.message.context
    response = await client.get(path_of(summary.message.image.url))
    assert response.status == 200 and response.content_type == "image/png"
    picture = imread(io.BytesIO(await response.read()), format="png")
    assert picture.shape[:2] == (400, 800)


async def test_each_lead_gets_their_teams_figures_and_a_chart_of_their_units_only(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, client: TestClient[Any, Any]
) -> None:
    await seeded_monday(core, clock)
    async with core.sessions.begin() as session:  # an answer for Lena's team this week
        data = KnownData(session)
        await data.people("Sales", "s1")
        await data.answer(1, "s1", None, "shared", MONDAY_AFTER - timedelta(days=2))

    await advance_to(core, clock, MONDAY_AFTER)

    [weekly] = titled(platform, "lena", "your team's answers")
    # Lena and s1-s6 of Sales in round 3; Lena and s1-s5 answered all three rounds
    figures, *answers = weekly.message.text.splitlines()
    assert figures == (
        "Your team in *Weekly learning*: last round 7/10, 70% (40%–89%) answered; "
        "habit 6/10, 60% (31%–83%)"
    )
    assert "*S1*: s1 learned" in answers
    assert weekly.message.image is not None
    token = path_of(weekly.message.image.url).removeprefix("/charts/").removesuffix(".png")
    assert verify(chart_key(SECRET), token, clock.now()).units == ("Sales",)
    assert (await client.get(path_of(weekly.message.image.url))).status == 200


async def test_a_chart_link_is_refused_once_expired_or_changed(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, client: TestClient[Any, Any]
) -> None:
    await seeded_monday(core, clock)
    await advance_to(core, clock, MONDAY_AFTER)
    [summary] = titled(platform, "cham", "weekly summary")
    assert summary.message.image is not None
    path = path_of(summary.message.image.url)
    payload, signature = path.removeprefix("/charts/").removesuffix(".png").split(".")
    links = core.recognition.charts.links
    assert links is not None
    other = links.chart_url((2,), None, clock.now()).removeprefix(f"{PUBLIC}/charts/")

    tampered = await client.get(f"/charts/{other.split('.')[0]}.{signature}.png")
    flipped = await client.get(f"/charts/{payload}.{signature[:-2]}AA.png")
    garbage = await client.get("/charts/not-a-token.png")
    clock.set(clock.now() + timedelta(days=8))
    expired = await client.get(path)

    assert [r.status for r in (tampered, flipped, garbage, expired)] == [403] * 4
    assert "has expired" in await expired.text()
    assert "not valid" in await tampered.text()
    with pytest.raises(InvalidChartLink):
        verify(chart_key("another-secret-of-thirty-two-characters"), path[8:-4], clock.now())


async def test_no_chart_without_an_https_public_url(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    add_chart_routes(
        web.Application(), core.sessions, clock, core.recognition.charts, "http://x", SECRET
    )
    await seeded_monday(core, clock)

    await advance_to(core, clock, MONDAY_AFTER)

    [summary] = titled(platform, "cham", "weekly summary")
    assert summary.message.image is None  # Slack and Teams fetch images over https only
    assert "Trends, units and the archive: http://x/dashboard" in summary.message.context


async def test_kmbot_serve_s_web_app_serves_the_charts_its_summaries_link(
    engine: AsyncEngine, core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    app = build_web_app(engine, core, public_url=PUBLIC, secret_key=SECRET)
    await seeded_monday(core, clock)
    await advance_to(core, clock, MONDAY_AFTER)
    [summary] = titled(platform, "cham", "weekly summary")
    assert summary.message.image is not None

    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    try:
        response = await client.get(path_of(summary.message.image.url))
    finally:
        await client.close()

    assert response.status == 200 and response.content_type == "image/png"
