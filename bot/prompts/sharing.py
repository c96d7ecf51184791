"""Sharing answers by the program's rules: a feed post per answer, or one digest per round."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program, Prompt, Question, Reply
from bot.outbox.codec import message_to_dict
from bot.outbox.dispatch import delivery_row, enqueue
from bot.people.directory import ensure_workspace
from bot.prompts.messages import DigestEntry, digest_message, feed_post


def author_name(member: Member, visibility: str) -> str | None:
    return None if visibility == "anonymous" else (member.display_name or "A colleague")


async def feed_workspace_id(session: AsyncSession, program: Program, now: datetime) -> int:
    workspace = await ensure_workspace(
        session, program.feed_platform or "", program.feed_workspace or "", now
    )
    return workspace.id


async def share_reply(
    session: AsyncSession,
    program: Program,
    reply: Reply,
    member: Member,
    question: Question,
    now: datetime,
) -> bool:
    """Post one answer to the feed when the program shares each answer and the author agreed."""
    if program.share_mode != "feed" or reply.visibility == "private":
        return False
    message = feed_post(
        reply.id, program.name, question.text, author_name(member, reply.visibility), reply.answers
    )
    row = delivery_row(
        f"feed:{reply.id}",
        "feed",
        await feed_workspace_id(session, program, now),
        message_to_dict(message),
        now,
        channel=program.feed_channel,
    )
    return await enqueue(session, [row]) == 1


async def enqueue_digest(
    session: AsyncSession, program: Program, cycle: int, now: datetime
) -> bool:
    """One post with every shared answer of the round (never the private ones)."""
    rows = (
        await session.execute(
            select(Reply, Member, Question.text)
            .join(Prompt, Reply.prompt_id == Prompt.id)
            .join(Member, Reply.member_id == Member.id)
            .join(Question, Prompt.question_id == Question.id)
            .where(Prompt.program_id == program.id, Prompt.cycle == cycle)
            .order_by(Reply.created_at)
        )
    ).all()
    asked = len(
        list(
            await session.scalars(
                select(Prompt.id).where(Prompt.program_id == program.id, Prompt.cycle == cycle)
            )
        )
    )
    entries = [
        DigestEntry(author_name(member, reply.visibility), text, reply.answers)
        for reply, member, text in rows
        if reply.visibility != "private"
    ]
    week = program.anchor_week + timedelta(weeks=cycle * program.cadence_weeks)
    label = f"week of {week.isoformat()}"
    message = digest_message(program.name, label, entries, asked)
    row = delivery_row(
        f"digest:{program.id}:{cycle}",
        "digest",
        await feed_workspace_id(session, program, now),
        message_to_dict(message),
        now,
        channel=program.feed_channel,
    )
    return await enqueue(session, [row]) == 1
