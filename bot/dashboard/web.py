"""The dashboard's routes under /dashboard: sign-in by one-time link, sign-out, the overview
and the archive. Server-rendered (Jinja2 through aiohttp-jinja2), no JavaScript needed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_session
import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.dashboard import pages, pilot_pages
from bot.dashboard.access import REFUSED, Viewer, link_is_usable, redeem, viewer_of
from bot.dashboard.context import DASHBOARD, Dashboard
from bot.dashboard.session import MEMBER, check_csrf, cookie_storage, csrf_of
from bot.db.models import Member

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAMES = tuple(
    f"dashboard/{page.name}" for page in sorted((TEMPLATES / "dashboard").glob("*.html"))
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # a sign-in link's token never leaves in a Referer
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


def dashboard_app(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    templates: web.AppKey[jinja2.Environment],
    *,
    secret_key: str = "",
    public_url: str = "",
) -> web.Application:
    """The sub-application mounted at /dashboard (its session cookie is scoped to it)."""
    app = web.Application(middlewares=[_security_headers])
    aiohttp_session.setup(app, cookie_storage(secret_key, public_url))
    app[DASHBOARD] = Dashboard(sessions, clock, templates)
    app.router.add_get("/", _signed_in(pages.overview_page))
    app.router.add_get("/programs/{program_id:\\d+}/trend.png", _signed_in(pages.trend_png))
    app.router.add_get("/archive", _signed_in(pages.archive_page))
    app.router.add_post("/archive/{reply_id:\\d+}/helped", _signed_in(pages.helped))
    app.router.add_get("/private", _signed_in(pages.private_page))
    app.router.add_get("/programs/{program_id:\\d+}", _signed_in(pilot_pages.program_page))
    app.router.add_get("/pilots/{pilot_id:\\d+}/showcase", _signed_in(pilot_pages.showcase_page))
    app.router.add_get("/sign-in/{token}", sign_in_page)
    app.router.add_post("/sign-in/{token}", sign_in)
    app.router.add_post("/sign-out", sign_out)
    app.router.add_get("/signed-out", signed_out)
    return app


@web.middleware
async def _security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


async def current_viewer(request: web.Request) -> Viewer | None:
    """The signed-in viewer, their role and units read afresh from the database."""
    member_id = (await aiohttp_session.get_session(request)).get(MEMBER)
    if not isinstance(member_id, int):
        return None
    async with request.app[DASHBOARD].sessions() as session:
        return await viewer_of(session, await session.get(Member, member_id))


def _signed_in(page: Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        viewer = await current_viewer(request)
        if viewer is None:
            return request.app[DASHBOARD].render(request, "signed_out.html", {}, status=401)
        return await page(request, viewer)

    return handler


async def sign_in_page(request: web.Request) -> web.Response:
    """The link's page: a button that signs in (a link previewer's GET uses nothing)."""
    dashboard = request.app[DASHBOARD]
    async with dashboard.sessions() as session:
        usable = await link_is_usable(session, request.match_info["token"], dashboard.clock.now())
    if not usable:
        return dashboard.render(request, "refused.html", {"reason": REFUSED}, status=403)
    csrf = csrf_of(await aiohttp_session.get_session(request))
    return dashboard.render(request, "sign_in.html", {"csrf": csrf})


async def sign_in(request: web.Request) -> web.Response:
    await check_csrf(request)
    dashboard = request.app[DASHBOARD]
    async with dashboard.sessions.begin() as session:
        viewer = await redeem(session, request.match_info["token"], dashboard.clock.now())
    if viewer is None:
        return dashboard.render(request, "refused.html", {"reason": REFUSED}, status=403)
    fresh = await aiohttp_session.new_session(request)  # a new session: no fixation
    fresh[MEMBER] = viewer.member_id
    csrf_of(fresh)
    raise web.HTTPSeeOther("/dashboard/")


async def sign_out(request: web.Request) -> web.Response:
    await check_csrf(request)
    (await aiohttp_session.get_session(request)).invalidate()
    raise web.HTTPSeeOther("/dashboard/signed-out")


async def signed_out(request: web.Request) -> web.Response:
    return request.app[DASHBOARD].render(request, "signed_out.html", {"goodbye": True})
