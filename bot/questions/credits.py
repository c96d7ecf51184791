"""What the rotation needs from proposals: who to credit on a prompt, and which adopted
questions jump the queue (never asked in the program yet, the most voted first)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Question
from bot.db.question_models import QuestionProposal


async def proposal_credits(session: AsyncSession, question_ids: Collection[int]) -> dict[int, str]:
    """Question id -> who its prompt credits (the proposer's name, "" for "a colleague"), for
    adopted proposals among `question_ids`."""
    rows = await session.execute(
        select(QuestionProposal.question_id, QuestionProposal.anonymous, Member.display_name)
        .join(Member, QuestionProposal.member_id == Member.id)
        .where(QuestionProposal.question_id.in_(question_ids))
    )
    return {
        question_id: "" if anonymous else (name or "")
        for question_id, anonymous, name in rows.all()
        if question_id is not None
    }


async def fresh_adopted(session: AsyncSession, program_id: int, cycle: int) -> list[int]:
    """Members' adopted questions for the program not asked in it before `cycle`, most voted
    first (a cycle's later time zones get the same question as its first)."""
    asked = select(Prompt.question_id).where(Prompt.program_id == program_id, Prompt.cycle < cycle)
    rows = await session.scalars(
        select(Question.id)
        .where(
            Question.source == "member",
            Question.active.is_(True),
            Question.program_id == program_id,
            Question.id.not_in(asked),
        )
        .order_by(Question.votes.desc(), Question.id)
    )
    return list(rows)
