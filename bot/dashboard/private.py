"""Private answers on the dashboard: only to admins, only of programs whose rule says so,
only answers to prompts sent since the rule was turned on (their members were told)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.access import Viewer
from bot.db.models import Member, Program, Prompt, Question, Reply

SHOWN = 50  # the newest private answers shown, no count of them (no figure at all)
NOT_YOURS = (
    "Private answers are shown only to admins, and only of a program whose rule says so "
    "(kmbot program update NAME --admins-see-private yes)."
)


@dataclass(frozen=True)
class PrivateAnswer:
    reply_id: int
    program: str
    question: str
    author: str
    unit: str
    created_at: datetime
    answers: tuple[tuple[str, str], ...]  # (label, text)


async def private_answers(
    session: AsyncSession, viewer: Viewer, limit: int = SHOWN
) -> list[PrivateAnswer]:
    """The newest private answers `viewer` may read: none unless they are an admin."""
    if not viewer.sees_private:
        return []
    rows = await session.execute(
        select(Reply, Program.name, Question.text, Member.display_name, Member.unit)
        .join(Prompt, Prompt.id == Reply.prompt_id)
        .join(Program, Program.id == Prompt.program_id)
        .join(Question, Question.id == Prompt.question_id)
        .join(Member, Member.id == Reply.member_id)
        .where(
            Reply.visibility == "private",
            Program.admins_see_private.is_(True),
            Program.admins_see_private_since.is_not(None),
            Prompt.opened_at >= Program.admins_see_private_since,
        )
        .order_by(Reply.id.desc())
        .limit(limit)
    )
    return [
        PrivateAnswer(
            reply.id,
            program,
            question,
            name or "A colleague",
            unit or "",
            reply.created_at,
            tuple((part.get("label", ""), part.get("text", "")) for part in reply.answers),
        )
        for reply, program, question, name, unit in rows
    ]
