"""One-click votes on proposed questions: one per member and proposal, never the proposer's,
only from the proposal's program; an adopted question carries its votes into the rotation."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member, Question
from bot.db.question_models import ProposalVote, QuestionProposal
from bot.db.upsert import insert_new
from bot.i18n import _
from bot.questions import messages, vote_messages


async def vote_count(session: AsyncSession, proposal_id: int) -> int:
    count = await session.scalar(
        select(func.count()).where(ProposalVote.proposal_id == proposal_id)
    )
    return int(count or 0)


async def vote(
    session: AsyncSession,
    member: Member,
    value: str,
    program_ids: Collection[int],
    now: datetime,
) -> Response:
    """Count `member`'s vote for the proposal `value` names."""
    proposal = await session.get(QuestionProposal, int(value)) if value.isdigit() else None
    if proposal is None or proposal.status == "draft":
        return Response(text=_(messages.GONE))
    if proposal.member_id == member.id:
        return Response(text=_(vote_messages.OWN_PROPOSAL))
    if proposal.program_id not in program_ids:
        return Response(text=_(vote_messages.NOT_IN_PROGRAM))
    if proposal.status == "declined":
        return Response(text=_(vote_messages.CLOSED_FOR_VOTES))
    row = {"proposal_id": proposal.id, "member_id": member.id, "created_at": now}
    if not await insert_new(session, ProposalVote, [row], returning=[ProposalVote.member_id]):
        return Response(text=_(vote_messages.ALREADY_VOTED))
    count = await vote_count(session, proposal.id)
    if proposal.question_id is not None:
        question = await session.get(Question, proposal.question_id)
        if question is not None:
            question.votes = count
    return Response(text=vote_messages.voted_text(count))
