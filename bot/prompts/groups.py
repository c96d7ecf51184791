"""A program's audience as the round sends to it: grouped by zone, country and lead."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.working_days import calendar_for
from bot.db.models import Member, Program
from bot.people.directory import member_zone_column
from bot.programs.programs import audience_query
from bot.prompts.due import AudienceMember, ZoneGroup, group_audience
from bot.prompts.lead_first import lead_units
from bot.schedule import resolve_zone


async def audience_groups(
    session: AsyncSession, program: Program, org_zone: str
) -> list[ZoneGroup]:
    """The groups the opening job plans for (and `program preview` shows)."""
    audience = [
        AudienceMember(*row)
        for row in await session.execute(
            audience_query(
                program,
                Member.id,
                member_zone_column(),
                Member.workspace_id,
                Member.paused_until,
                Member.unit,
                Member.country,
                Member.language,
                Member.locale,
            )
        )
    ]
    return group_audience(
        audience,
        await lead_units(session),
        lambda tz: resolve_zone(tz, program.timezone, org_zone),
        timedelta(hours=program.lead_first_hours),
        lambda country: calendar_for(country, program.blackout_dates),
    )
