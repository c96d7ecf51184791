"""GET /events/{id}.ics?token=…: an event's calendar file, for whoever holds its link."""

from __future__ import annotations

import hmac

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.event_models import Event
from bot.events.calendar_file import event_ics
from bot.events.store import event_view


def add_event_routes(
    app: web.Application, sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> None:
    async def calendar(request: web.Request) -> web.Response:
        token = request.query.get("token", "")
        async with sessions() as session:
            event = await session.get(Event, int(request.match_info["event_id"]))
            if event is None or not hmac.compare_digest(event.ics_token, token):
                raise web.HTTPNotFound(text="No such event.")
            view = await event_view(session, event)
        body = event_ics(view, event.status == "cancelled", clock.now())
        return web.Response(
            body=body,
            content_type="text/calendar",
            charset="utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="event-{event.id}.ics"',
                "Cache-Control": "private, no-store",
            },
        )

    app.router.add_get(r"/events/{event_id:\d+}.ics", calendar)
