"""A program's page (its change log as a timeline) and a pilot's showcase (one page for
business managers, printable to PDF). Admins and champions see every one; a lead sees a
program that asked their units, and the showcase of a pilot that targets one of them."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.dashboard.access import Viewer
from bot.dashboard.context import DASHBOARD
from bot.dashboard.overview import program_view
from bot.dashboard.pages import _common
from bot.db.models import Program
from bot.db.pilot_models import Pilot
from bot.pilots.history import program_changes
from bot.pilots.review_figures import units_of
from bot.pilots.showcase import pilot_showcase

NOT_IN_SCOPE = "This page is about units outside your scope."


async def _refused(request: web.Request, viewer: Viewer) -> web.Response:
    context = {**await _common(request, viewer), "reason": NOT_IN_SCOPE, "heading": "Not shown"}
    return request.app[DASHBOARD].render(request, "refused.html", context, status=403)


async def program_page(request: web.Request, viewer: Viewer) -> web.Response:
    """The program's timeline: every logged change, review decisions among them."""
    dashboard = request.app[DASHBOARD]
    async with dashboard.sessions() as session:
        program = await session.get(Program, int(request.match_info["program_id"]))
        if program is None:
            raise web.HTTPNotFound(text="No such program.\n")
        if viewer.units is not None and (await program_view(session, program, viewer)).people == 0:
            return await _refused(request, viewer)
        changes = await program_changes(session, program.name)
        pilot = await session.scalar(select(Pilot).where(Pilot.program_id == program.id))
    context = {
        **await _common(request, viewer),
        "program": program,
        "changes": changes,
        "pilot": pilot,
    }
    return dashboard.render(request, "program.html", context)


async def showcase_page(request: web.Request, viewer: Viewer) -> web.Response:
    dashboard = request.app[DASHBOARD]
    async with dashboard.sessions() as session:
        pilot = await session.get(Pilot, int(request.match_info["pilot_id"]))
        program = await session.get(Program, pilot.program_id) if pilot else None
        if pilot is None or program is None:
            raise web.HTTPNotFound(text="No such pilot.\n")
        targets = await units_of(session, pilot, "target")
        if viewer.units is not None and not set(viewer.units) & set(targets):
            return await _refused(request, viewer)
        showcase = await pilot_showcase(session, pilot, program, dashboard.clock.now().date())
    context = {**await _common(request, viewer), "showcase": showcase}
    return dashboard.render(request, "showcase.html", context)
