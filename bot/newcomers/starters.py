"""A newcomer's first-month track: three starter questions instead of the weekly one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program, Prompt, Question
from bot.newcomers.dates import FIRST_MONTH_DAYS, STARTER_COUNT, in_first_month
from bot.programs.questions import STARTER_CATEGORY
from bot.prompts.due import DuePrompt


async def starter_pool(session: AsyncSession) -> list[int]:
    """The starter questions in the bank's order (the first STARTER_COUNT active ones)."""
    rows = await session.scalars(
        select(Question.id)
        .where(Question.category == STARTER_CATEGORY, Question.active.is_(True))
        .order_by(Question.id)
    )
    return list(rows)[:STARTER_COUNT]


async def starter_questions(
    session: AsyncSession, program: Program, due: list[DuePrompt]
) -> dict[int, int]:
    """Member id -> the next starter question, for due members in their first month who
    have not had all three (in any program: a newcomer is asked each one once)."""
    if not due:
        return {}
    sent = min(d.send_at for d in due)
    recent = await session.execute(
        select(Member.id, Member.start_date).where(
            Member.start_date >= (sent - timedelta(days=FIRST_MONTH_DAYS + 1)).date()
        )
    )
    starts = {member_id: start for member_id, start in recent}
    newcomers = {
        d.member.id for d in due if in_first_month(starts.get(d.member.id), d.send_at.date())
    }
    pool = await starter_pool(session)
    if not newcomers or not pool:
        return {}
    asked: dict[int, set[int]] = {m: set() for m in newcomers}
    for member_id, question_id in await session.execute(
        select(Prompt.member_id, Prompt.question_id).where(
            Prompt.member_id.in_(list(newcomers)), Prompt.question_id.in_(pool)
        )
    ):
        asked[member_id].add(question_id)
    chosen = {}
    for member_id in newcomers:
        left = [q for q in pool if q not in asked[member_id]]
        if left:
            chosen[member_id] = left[0]
    return chosen
