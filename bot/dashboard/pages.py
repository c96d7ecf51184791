"""The signed-in pages: the overview (figures in the viewer's scope) and the archive."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp_session
from aiohttp import web
from markupsafe import Markup, escape
from sqlalchemy import select

from bot.archive.query import MARK_END, MARK_START, Filters, QueryError, parse_search, split_tags
from bot.archive.reuse import mark_helped
from bot.archive.search import search_archive
from bot.dashboard.access import Viewer
from bot.dashboard.context import DASHBOARD, Dashboard
from bot.dashboard.private import NOT_YOURS, private_answers
from bot.dashboard.session import check_csrf, csrf_of
from bot.db.models import Member, Program
from bot.evidence.chart import Series, participation_png

WEB_RESULTS = 20
FILTERS = ("program", "unit", "tag", "since", "until")
NOTE = "note"


def _dashboard(request: web.Request) -> Dashboard:
    return request.app[DASHBOARD]


async def _common(request: web.Request, viewer: Viewer) -> dict[str, Any]:
    session = await aiohttp_session.get_session(request)
    return {"viewer": viewer, "csrf": csrf_of(session), "note": session.pop(NOTE, "")}


async def overview_page(request: web.Request, viewer: Viewer) -> web.Response:
    dashboard = _dashboard(request)
    async with dashboard.sessions() as session:
        views = await dashboard.overviews.views(session, viewer, dashboard.clock.now())
    context = {**await _common(request, viewer), "programs": views}
    return dashboard.render(request, "overview.html", context)


async def trend_png(request: web.Request, viewer: Viewer) -> web.Response:
    """The overview's trend of one program as the chat's PNG (`bot.evidence.chart`), drawn
    from the viewer's own figures; none where they may see no figures."""
    dashboard = _dashboard(request)
    async with dashboard.sessions() as session:
        views = await dashboard.overviews.views(session, viewer, dashboard.clock.now())
    wanted = int(request.match_info["program_id"])
    view = next((v for v in views if v.program_id == wanted and not v.too_few), None)
    if view is None:
        raise web.HTTPNotFound(text="No such chart.\n")
    series = [Series(view.name, view.trend)]
    png = await asyncio.to_thread(participation_png, series, f"{view.name}: participation by round")
    return web.Response(body=png, content_type="image/png")


def highlighted(snippet: str) -> Markup:
    """A snippet with its matching words in <mark>, everything else escaped."""
    safe = str(escape(snippet))
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise QueryError(f"Dates are YYYY-MM-DD, not {value!r}.") from None


async def archive_page(request: web.Request, viewer: Viewer) -> web.Response:
    dashboard = _dashboard(request)
    asked = {key: request.query.get(key, "").strip() for key in ("q", *FILTERS)}
    hits, error = [], ""
    async with dashboard.sessions() as session:
        programs = list(await session.scalars(select(Program.name).order_by(Program.name)))
        units = await _units(session)
        if asked["q"]:
            try:
                filters = Filters(
                    asked["program"],
                    asked["unit"],
                    asked["tag"],
                    _day(asked["since"]),
                    _day(asked["until"]),
                )
                search = parse_search(asked["q"], filters)
                hits = await search_archive(session, search, limit=WEB_RESULTS)
            except QueryError as exc:
                error = str(exc)
    context = {
        **await _common(request, viewer),
        "asked": asked,
        "back": urlencode({k: v for k, v in asked.items() if v}),
        "hits": [(hit, highlighted(hit.snippet), split_tags(hit.tags)) for hit in hits],
        "error": error,
        "programs": programs,
        "units": units,
    }
    return dashboard.render(request, "archive.html", context)


async def _units(session: Any) -> list[str]:
    rows = await session.scalars(
        select(Member.unit).where(Member.unit != "").distinct().order_by(Member.unit)
    )
    return list(rows)


async def helped(request: web.Request, viewer: Viewer) -> web.Response:
    form = await check_csrf(request)
    dashboard = _dashboard(request)
    async with dashboard.sessions.begin() as session:
        member = await session.get(Member, viewer.member_id)
        assert member is not None  # viewer_of found them a moment ago
        note = await mark_helped(
            session, member, int(request.match_info["reply_id"]), dashboard.clock.now()
        )
    (await aiohttp_session.get_session(request))[NOTE] = note
    back = urlencode(parse_qsl(form.get("back", "")))  # only a query string, re-encoded
    raise web.HTTPSeeOther("/dashboard/archive" + (f"?{back}" if back else ""))


async def private_page(request: web.Request, viewer: Viewer) -> web.Response:
    """Private answers, marked so: only for admins of programs whose rule says so."""
    dashboard = _dashboard(request)
    if not viewer.sees_private:
        context = {**await _common(request, viewer), "reason": NOT_YOURS, "heading": "Not shown"}
        return dashboard.render(request, "refused.html", context, status=403)
    async with dashboard.sessions() as session:
        answers = await private_answers(session, viewer)
        ruled = await session.scalars(
            select(Program.name).where(Program.admins_see_private.is_(True)).order_by(Program.name)
        )
        context = {**await _common(request, viewer), "answers": answers, "programs": list(ruled)}
    return dashboard.render(request, "private.html", context)
