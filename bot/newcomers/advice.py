"""The best colleague answers to "what should a newcomer know?", as a newcomer may read them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.archive_models import ReuseEvent
from bot.db.models import Member, Prompt, Question, Reply
from bot.newcomers.messages import Advice
from bot.prompts.scope import shown_in_team_views

ADVICE_QUESTION = "newcomer-should-know"  # the bank's question (bot/programs/questions.toml)
ADVICE_COUNT = 3


async def best_advice(
    session: AsyncSession, newcomer_id: int, program_ids: list[int]
) -> list[Advice]:
    """The most helpful (Helpful marks plus "This helped me" reuse) answers to the bank's
    "what should a newcomer know?" in the newcomer's programs: never a private one, an
    anonymous one without its name and only once its round reached the anonymity floor."""
    if not program_ids:
        return []
    reuse = (
        select(ReuseEvent.reply_id, func.count().label("n"))
        .group_by(ReuseEvent.reply_id)
        .subquery()
    )
    score = Reply.helpful_count + func.coalesce(reuse.c.n, 0)
    rows = await session.execute(
        select(Reply.visibility, Reply.answers, Member.display_name)
        .join(Member, Member.id == Reply.member_id)
        .join(Prompt, Prompt.id == Reply.prompt_id)
        .join(Question, Question.id == Prompt.question_id)
        .outerjoin(reuse, reuse.c.reply_id == Reply.id)
        .where(
            Question.key == ADVICE_QUESTION,
            Reply.program_id.in_(program_ids),
            Reply.member_id != newcomer_id,
            shown_in_team_views(),
        )
        .order_by(score.desc(), Reply.id.desc())
        .limit(ADVICE_COUNT)
    )
    return [
        Advice(
            name or "a colleague" if visibility == "shared" else "",
            "\n".join(str(part.get("text", "")) for part in answers),
        )
        for visibility, answers, name in rows
    ]
