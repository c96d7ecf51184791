"""Which answers a member may read: only those of their own programs and audiences, and an
anonymous one in a view smaller than its program only once its round reached the floor."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Member, Program, Prompt, Reply
from bot.programs.programs import audience_query


async def programs_of(session: AsyncSession, member: Member) -> list[int]:
    """Ids of the programs whose audience includes `member` (paused programs too)."""
    found = []
    for program in await session.scalars(select(Program).order_by(Program.id)):
        query = audience_query(program, Member.id).where(Member.id == member.id)
        if await session.scalar(query):
            found.append(program.id)
    return found


def shown_in_team_views() -> ColumnElement[bool]:
    """True for a (Reply, its author's Member) row a team's view may show.

    A named answer always; an anonymous one only when at least the program's anonymity
    floor of the author's unit answered that round (in a team of 4, never: it waits for the
    program's digest); a private one, or an anonymous lesson (no round to count), never.
    """
    asked = aliased(Prompt)
    same_round = aliased(Prompt)
    other = aliased(Reply)
    colleague = aliased(Member)
    answers_in_round = (
        select(func.count(other.id))
        .select_from(other)
        .join(same_round, other.prompt_id == same_round.id)
        .join(colleague, other.member_id == colleague.id)
        .join(
            asked,
            and_(asked.program_id == same_round.program_id, asked.cycle == same_round.cycle),
        )
        .where(asked.id == Reply.prompt_id, colleague.unit == Member.unit)
        .scalar_subquery()
    )
    floor = select(Program.anonymity_floor).where(Program.id == Reply.program_id)
    return or_(
        Reply.visibility == "shared",
        and_(Reply.visibility == "anonymous", answers_in_round >= floor.scalar_subquery()),
    )
