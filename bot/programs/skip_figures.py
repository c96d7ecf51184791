"""Skip reasons of a program, counted together: never one member's, never below the floor."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program, Prompt
from bot.i18n import N_

REASONS = {
    "no_time": N_("No time"),
    "not_relevant": N_("Not relevant"),
    "not_comfortable": N_("Not comfortable"),
    "other": N_("Other"),
}


async def reason_counts(session: AsyncSession, program: Program) -> dict[str, int]:
    """Skip reasons given in `program`, by reason."""
    rows = await session.execute(
        select(Prompt.skip_reason, func.count())
        .where(Prompt.program_id == program.id, Prompt.skip_reason.is_not(None))
        .group_by(Prompt.skip_reason)
    )
    return {str(reason): count for reason, count in rows.all()}


def describe_reasons(counts: dict[str, int], floor: int) -> str:
    """'no time 3, not relevant 2' once at least `floor` reasons were given, else why not."""
    if sum(counts.values()) < floor:
        return f"fewer than {floor} given, not shown"
    return ", ".join(
        f"{REASONS[reason].lower()} {counts[reason]}" for reason in REASONS if counts.get(reason)
    )
