"""Sharing answers by the program's rules: a feed post per answer, or one digest per round."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.db.models import Member, Program, Prompt, Question, Reply
from bot.outbox.enqueue import ToChannel, enqueue_message
from bot.people.directory import ensure_workspace
from bot.prompts.messages import DigestEntry, digest_message, feed_post


def author_name(member: Member, visibility: str) -> str | None:
    """The name a shared answer carries; None when it is anonymous."""
    return None if visibility == "anonymous" else (member.display_name or "A colleague")


async def post_to_feed(
    session: AsyncSession,
    program: Program,
    key: str,
    kind: str,
    message: OutgoingMessage,
    now: datetime,
) -> bool:
    """Enqueue `message` for the program's feed channel (once per key); False if it has none."""
    if not program.feed_platform or not program.feed_channel:
        return False
    workspace = await ensure_workspace(
        session, program.feed_platform, program.feed_workspace or "", now
    )
    feed = ToChannel(workspace.id, program.feed_channel)
    return await enqueue_message(session, key, kind, feed, message, now)


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
    return await post_to_feed(session, program, f"feed:{reply.id}", "feed", message, now)


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
    asked = await session.scalar(
        select(func.count()).where(Prompt.program_id == program.id, Prompt.cycle == cycle)
    )
    entries = [
        DigestEntry(author_name(member, reply.visibility), text, reply.answers)
        for reply, member, text in rows
        if reply.visibility != "private"
    ]
    week = program.anchor_week + timedelta(weeks=cycle * program.cadence_weeks)
    message = digest_message(program.name, f"week of {week.isoformat()}", entries, asked or 0)
    return await post_to_feed(
        session, program, f"digest:{program.id}:{cycle}", "digest", message, now
    )
