"""GET /charts/{token}.png: the Monday summary's chart, drawn when Slack or Teams fetch it."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.evidence.chart import participation_png
from bot.evidence.links import ChartLinks, ChartSlot, InvalidChartLink, chart_key, verify
from bot.evidence.summary import CHART_WEEKS, chart_series


def add_chart_routes(
    app: web.Application,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    slot: ChartSlot,
    public_url: str,
    secret: str,
) -> None:
    """Serve signed chart links, and tell the weekly messages (`slot`) how to make them."""
    if not public_url:
        return  # Slack and Teams could not reach a chart: none is linked
    key = chart_key(secret)
    slot.links = ChartLinks(public_url, key)

    async def chart(request: web.Request) -> web.Response:
        try:
            wanted = verify(key, request.match_info["token"], clock.now())
        except InvalidChartLink as exc:
            return web.Response(status=403, text=f"{exc}\n")
        async with sessions() as session:
            series = await chart_series(session, wanted.program_ids, wanted.units, clock.now())
        title = f"Participation, past {CHART_WEEKS} weeks" + (
            f" ({', '.join(wanted.units)})" if wanted.units else ""
        )
        png = await asyncio.to_thread(participation_png, series, title)
        return web.Response(
            body=png,
            content_type="image/png",
            headers={"Cache-Control": "private, max-age=3600"},
        )

    app.router.add_get("/charts/{token}.png", chart)
