"""Check-in figures: a group counts as met only when every member of it says so."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.models import Member, Reply
from bot.evidence.figures import Checkins
from bot.evidence.scope import Selection
from bot.i18n import N_

LEARNING_LABEL = N_("Learned in a peer check-in")  # stored in English, shown translated


async def checkins(session: AsyncSession, selection: Selection) -> Checkins:
    """Groups of the period's check-in rounds; one side confirmed (some said met, not all),
    both confirmed (all said met); learnings written (private ones counted, never shown)."""
    met = func.sum(case((CheckinParticipant.outcome == "met", 1), else_=0))
    query = (
        select(CheckinGroup.id, func.count(), met)
        .join(CheckinRound, CheckinRound.id == CheckinGroup.round_id)
        .join(CheckinParticipant, CheckinParticipant.group_id == CheckinGroup.id)
        .where(
            CheckinRound.program_id == selection.program_id,
            *selection.within(CheckinRound.planned_at),
        )
        .group_by(CheckinGroup.id)
    )
    if selection.units is not None:  # a group counts for a team when one of them is in it
        query = query.join(Member, Member.id == CheckinParticipant.member_id).having(
            func.max(case((Member.unit.in_(list(selection.units)), 1), else_=0)) > 0
        )
    groups: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for group_id, size, confirmed in await session.execute(query):
        groups[group_id] = (int(size), int(confirmed or 0))
    learnings = select(Reply.answers).where(
        Reply.program_id == selection.program_id,
        Reply.prompt_id.is_(None),
        *selection.within(Reply.created_at),
    )
    if selection.units is not None:
        learnings = learnings.join(Member, Member.id == Reply.member_id).where(
            Member.unit.in_(list(selection.units))
        )
    written = sum(
        1 for answers in await session.scalars(learnings) if answers[0]["label"] == LEARNING_LABEL
    )
    return Checkins(
        groups=len(groups),
        one_side_confirmed=sum(1 for size, yes in groups.values() if 0 < yes < size),
        both_confirmed=sum(1 for size, yes in groups.values() if yes == size),
        learnings=written,
    )
