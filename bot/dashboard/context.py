"""What the dashboard's handlers share: the database, the clock and the page templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.dashboard.cache import OverviewCache


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard's handlers need: the database, the clock, the page templates."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    templates: web.AppKey[jinja2.Environment]
    overviews: OverviewCache = field(default_factory=OverviewCache)

    def render(
        self, request: web.Request, name: str, context: dict[str, Any], status: int = 200
    ) -> web.Response:
        return aiohttp_jinja2.render_template(
            f"dashboard/{name}", request, context, status=status, app_key=self.templates
        )


DASHBOARD = web.AppKey("dashboard", Dashboard)
