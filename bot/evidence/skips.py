"""Why people skipped, counted over a report's prompts: only in aggregate, and only once at
least `MIN_PEOPLE` different people gave a reason."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt
from bot.evidence.figures import MIN_PEOPLE
from bot.evidence.scope import Selection


async def skip_reasons(session: AsyncSession, selection: Selection) -> tuple[tuple[str, int], ...]:
    """(reason, count) for the skips with a reason, most given first; () under the floor."""
    given = [selection.prompts(), Prompt.skip_reason.is_not(None)]
    people = select(func.count(func.distinct(Prompt.member_id))).where(*given)
    counts = select(Prompt.skip_reason, func.count()).where(*given).group_by(Prompt.skip_reason)
    if selection.needs_members:
        people = people.join(Member, Prompt.member_id == Member.id)
        counts = counts.join(Member, Prompt.member_id == Member.id)
    if (await session.scalar(people) or 0) < MIN_PEOPLE:
        return ()
    rows = [(str(reason), int(n)) for reason, n in await session.execute(counts)]
    return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))
