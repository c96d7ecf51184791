"""Admins' export of answers: what was shared, never a private answer, never a name on an
anonymous one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Question, Reply
from bot.evidence.scope import Selection

SHAREABLE = ("shared", "anonymous")


@dataclass(frozen=True)
class ExportedAnswer:
    reply_id: int
    written: str  # ISO moment, UTC
    round: int | None  # None: a lesson posted outside a round
    question: str
    author: str  # "" for an anonymous answer
    unit: str  # "" for an anonymous answer
    visibility: str
    late: bool
    helpful: int
    text: str  # the answer's parts, "label: text", one per line


async def exported_answers(session: AsyncSession, selection: Selection) -> list[ExportedAnswer]:
    """Shared and anonymous answers and lessons of the program in the period, oldest first."""
    query = (
        select(Reply, Member.display_name, Member.unit, Prompt.cycle, Question.text)
        .join(Member, Member.id == Reply.member_id)
        .outerjoin(Prompt, Prompt.id == Reply.prompt_id)
        .outerjoin(Question, Question.id == Prompt.question_id)
        .where(
            Reply.program_id == selection.program_id,
            Reply.visibility.in_(SHAREABLE),
            *selection.within(Reply.created_at),
        )
        .order_by(Reply.created_at, Reply.id)
    )
    if selection.units is not None:
        query = query.where(Member.unit.in_(list(selection.units)))
    answers = []
    for reply, name, unit, cycle, question in await session.execute(query):
        named = reply.visibility == "shared"
        answers.append(
            ExportedAnswer(
                reply_id=reply.id,
                written=reply.created_at.isoformat(),
                round=None if cycle is None else cycle + 1,
                question=question or "(a lesson)",
                author=name if named else "",
                unit=unit if named else "",
                visibility=reply.visibility,
                late=reply.late,
                helpful=reply.helpful_count,
                text="\n".join(f"{part['label']}: {part['text']}" for part in reply.answers),
            )
        )
    return answers


def answers_json(answers: Sequence[ExportedAnswer]) -> list[dict[str, Any]]:
    return [asdict(answer) for answer in answers]


def answers_csv(answers: Sequence[ExportedAnswer]) -> str:
    out = io.StringIO()
    fields = list(ExportedAnswer.__dataclass_fields__)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(answers_json(answers))
    return out.getvalue()
