"""After answering, one click: "Good question" or "Not for me" (a member may change it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member, Prompt
from bot.db.question_models import QuestionRating
from bot.i18n import _
from bot.questions import messages


async def rate(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """Store the member's rating of the question their prompt `value` asked."""
    prompt_id, _colon, rating = value.partition(":")
    prompt = await session.get(Prompt, int(prompt_id)) if prompt_id.isdigit() else None
    if prompt is None or prompt.member_id != member.id or rating not in messages.RATINGS:
        return Response(text=_(messages.RATE_GONE))
    given = await session.get(QuestionRating, prompt.id)
    if given is None:
        session.add(
            QuestionRating(
                prompt_id=prompt.id,
                question_id=prompt.question_id,
                member_id=member.id,
                rating=rating,
                created_at=now,
            )
        )
    else:
        given.rating, given.created_at = rating, now
    return Response(text=_(messages.RATED))
