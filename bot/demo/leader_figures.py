"""Leader figures for the demo report that the program report does not hold."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Reply


async def lessons_by_leads(session: AsyncSession) -> int:
    """Lessons (answers outside a round) posted by leads."""
    leads = select(UnitLead.member_id)
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Reply)
            .where(Reply.prompt_id.is_(None), Reply.member_id.in_(leads))
        )
        or 0
    )
