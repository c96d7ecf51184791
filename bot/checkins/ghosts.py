"""Members silent for three check-in rounds in a row stop being matched, told kindly."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.checkins.messages import moved_out_message
from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.models import Member, Program
from bot.i18n import resolve, speaking
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages

GHOST_ROUNDS = 3


async def move_out_ghosts(session: AsyncSession, program: Program, now: datetime) -> None:
    """Members silent for three rounds in a row stop being matched, told kindly."""
    history: dict[int, list[str | None]] = defaultdict(list)
    for member_id, outcome, planned_at, rejoined_at in await session.execute(
        select(
            CheckinParticipant.member_id,
            CheckinParticipant.outcome,
            CheckinRound.planned_at,
            Member.checkins_rejoined_at,
        )
        .join(CheckinGroup, CheckinParticipant.group_id == CheckinGroup.id)
        .join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
        .join(Member, CheckinParticipant.member_id == Member.id)
        .where(
            CheckinRound.program_id == program.id,
            CheckinParticipant.followup_sent_at.is_not(None),
        )
        .order_by(CheckinRound.cycle)
    ):
        if rejoined_at is None or planned_at > rejoined_at:  # since they came back
            history[member_id].append(outcome)
    ghosts = [
        m
        for m, outcomes in history.items()
        if len(outcomes) >= GHOST_ROUNDS and not any(outcomes[-GHOST_ROUNDS:])
    ]
    if not ghosts:
        return
    moved = list(
        await session.scalars(
            update(Member)
            .where(Member.id.in_(ghosts), Member.checkins_paused.is_(False))
            .values(checkins_paused=True)
            .returning(Member.id)
        )
    )
    rows = (
        await session.execute(
            select(Member.id, Member.workspace_id, Member.language, Member.locale).where(
                Member.id.in_(moved)
            )
        )
    ).all()
    await enqueue_messages(
        session,
        [
            Outgoing(
                f"checkin-out:{program.id}:{member_id}:{now.date()}",
                "checkin",
                ToMember(workspace_id, member_id),
                _moved_out(resolve(language, locale)),
            )
            for member_id, workspace_id, language, locale in rows
        ],
        now,
    )


def _moved_out(language: str) -> OutgoingMessage:
    with speaking(language):
        return moved_out_message()
