"""`kmbot question list [PROGRAM]` and `kmbot question retire ID`: the bank as admins see it,
with each question's source, votes, rating and how often it was asked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program, Prompt, Question
from bot.db.question_models import QuestionRating, QuestionRetirement

RATING_FLOOR = 5  # no rating shown until this many people gave one


def rating_text(good: int, total: int) -> str:
    """'80% good (5)'; under the floor only that there are too few to show."""
    if total < RATING_FLOOR:
        return f"<{RATING_FLOOR} ratings"
    return f"{round(100 * good / total)}% good ({total})"


async def question_table(session: AsyncSession, program: Program | None) -> str:
    """One line per question: id, source, votes, rating, times asked, state and text."""
    query = select(Question).order_by(Question.id)
    asked = select(Prompt.question_id, func.count()).group_by(Prompt.question_id)
    ratings = select(
        QuestionRating.question_id,
        func.count(),
        func.count().filter(QuestionRating.rating == "good"),
    ).group_by(QuestionRating.question_id)
    if program is not None:
        query = query.where(or_(Question.program_id.is_(None), Question.program_id == program.id))
        asked = asked.where(Prompt.program_id == program.id)
        ratings = ratings.join(Prompt, Prompt.id == QuestionRating.prompt_id).where(
            Prompt.program_id == program.id
        )
    times = dict((await session.execute(asked)).all())
    rated = {q: (total, good) for q, total, good in (await session.execute(ratings)).all()}
    lines = [f"{'id':>5}  {'source':<7} {'votes':>5}  {'rating':<15} {'asked':>5}  question"]
    for question in await session.scalars(query):
        total, good = rated.get(question.id, (0, 0))
        state = "" if question.active else " (retired)"
        lines.append(
            f"{question.id:>5}  {question.source:<7} {question.votes:>5}  "
            f"{rating_text(good, total):<15} {times.get(question.id, 0):>5}  "
            f"{question.text}{state}"
        )
    return "\n".join(lines)


async def retire_question(session: AsyncSession, reference: str, now: datetime) -> str:
    """Take a question out of the rotation for good (its answers stay)."""
    question = await session.get(Question, int(reference)) if reference.isdigit() else None
    if question is None:
        raise ValueError(f"no question with id {reference!r} (see `kmbot question list`)")
    if not question.active:
        raise ValueError(f"question {question.id} is already retired")
    question.active = False
    session.add(QuestionRetirement(question_id=question.id, retired_at=now))
    return f"retired question {question.id}: “{question.text}” is no longer asked"
