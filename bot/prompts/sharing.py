"""Sharing answers by the program's rules: a feed post per answer, or one digest per round."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.db.models import Member, Program, Prompt, Question, Reply
from bot.i18n import _, speaking
from bot.outbox.enqueue import (
    Outgoing,
    ToChannel,
    ToThread,
    enqueue_message,
    enqueue_messages,
)
from bot.people.directory import ensure_workspace
from bot.prompts.digest_messages import digest_messages
from bot.prompts.highlights import DigestEntry
from bot.prompts.messages import feed_post


def author_name(member: Member, visibility: str) -> str | None:
    """The name a shared answer carries; None when it is anonymous."""
    return None if visibility == "anonymous" else (member.display_name or _("A colleague"))


async def post_to_feed(
    session: AsyncSession,
    program: Program,
    key: str,
    kind: str,
    message: OutgoingMessage,
    now: datetime,
) -> bool:
    """Enqueue `message` for the program's feed channel (once per key); False if it has none."""
    feed = await feed_of(session, program, now)
    return feed is not None and await enqueue_message(session, key, kind, feed, message, now)


async def feed_of(session: AsyncSession, program: Program, now: datetime) -> ToChannel | None:
    """The program's feed channel as an outbox recipient; None when it has none."""
    if not program.feed_platform or not program.feed_channel:
        return None
    workspace = await ensure_workspace(
        session, program.feed_platform, program.feed_workspace or "", now
    )
    return ToChannel(workspace.id, program.feed_channel)


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
    message = reply_post(program, reply, member, question)
    return await post_to_feed(session, program, f"feed:{reply.id}", "feed", message, now)


def reply_post(
    program: Program, reply: Reply, member: Member, question: Question
) -> OutgoingMessage:
    """An answer as the program's feed shows it, in the program's language (a channel's)."""
    with speaking(program.language):
        return feed_post(
            reply.id,
            program.name,
            question.text,
            author_name(member, reply.visibility),
            reply.answers,
        )


async def enqueue_digest(
    session: AsyncSession, program: Program, cycle: int, now: datetime
) -> bool:
    """The round's shared answers (never the private ones) in the feed: one post, and the
    replies in its thread a round needs (`digest_messages`), each under its own key so a
    part is sent once; False when nothing new was queued."""
    parts = await digest_of(session, program, cycle)
    feed = await feed_of(session, program, now)
    if feed is None:
        return False
    head, *keys = digest_keys(program, cycle, len(parts))
    thread = ToThread(feed.workspace_id, feed.channel, head)
    outgoing = [Outgoing(head, "digest", feed, parts[0])] + [
        Outgoing(key, "digest", thread, part) for key, part in zip(keys, parts[1:], strict=True)
    ]
    return await enqueue_messages(session, outgoing, now) > 0


def digest_keys(program: Program, cycle: int, parts: int) -> list[str]:
    """The outbox keys of a round's digest parts, in order: its post's, then its replies'
    (each extends the post's key, as a thread reply's must)."""
    return [f"digest:{program.id}:{cycle}"] + [
        f"digest:{program.id}:{cycle}:{n}" for n in range(2, parts + 1)
    ]


async def digest_of(session: AsyncSession, program: Program, cycle: int) -> list[OutgoingMessage]:
    """The round's digest as it reads from the answers stored now."""
    rows = (
        await session.execute(
            select(Reply, Member, Question.text)
            .join(Prompt, Reply.prompt_id == Prompt.id)
            .join(Member, Reply.member_id == Member.id)
            .join(Question, Prompt.question_id == Question.id)
            .where(Prompt.program_id == program.id, Prompt.cycle == cycle)
            .order_by(Reply.created_at, Reply.id)
        )
    ).all()
    asked = await session.scalar(
        select(func.count()).where(Prompt.program_id == program.id, Prompt.cycle == cycle)
    )
    with speaking(program.language):  # a channel reads the program's language
        return _digest(program, cycle, rows, asked or 0)


def _digest(program: Program, cycle: int, rows: Sequence[Any], asked: int) -> list[OutgoingMessage]:
    entries = [
        DigestEntry(
            author_name(member, reply.visibility),
            text,
            reply.answers,
            member.unit,
            reply.helpful_count,
        )
        for reply, member, text in rows
        if reply.visibility != "private"
    ]
    week = program.anchor_week + timedelta(weeks=cycle * program.cadence_weeks)
    label = _("week of {date}").format(date=week.isoformat())
    return digest_messages(program.name, label, entries, asked)
