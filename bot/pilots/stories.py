"""The showcase's stories, chosen by one rule: answers and lessons shared (named or
anonymously, never privately) by the pilot's target units during the pilot and reused at least
once ("This helped me"); the most reused first, then the most Helpful marks, then the oldest;
three at most. An anonymous one carries no name and no unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Question, Reply
from bot.evidence.figures import MIN_PEOPLE, SharedAnswer

MAX_STORIES = 3
EXCERPT_CHARS = 300
LESSON_TITLE, LESSON_LEARNED = 0, 2  # the lesson form's parts (bot.prompts.lessons)


@dataclass(frozen=True)
class Story:
    """A lesson, who shared it (None: anonymous), and how many it helped."""

    reply_id: int
    title: str
    text: str
    author: str | None
    unit: str | None
    shared_on: date
    reused: int
    helpful: int

    @property
    def reused_shown(self) -> bool:
        """The count of colleagues it helped is shown only from 5 (the floor)."""
        return self.reused >= MIN_PEOPLE


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _words(reply: Reply, question: str | None) -> tuple[str, str]:
    """A lesson's title and what was learned; an answer's question and its own words."""
    texts = [str(part.get("text", "")) for part in reply.answers]
    if reply.prompt_id is None and len(texts) > LESSON_LEARNED:
        return texts[LESSON_TITLE], texts[LESSON_LEARNED] or texts[1]
    return question or "", " ".join(t for t in texts if t)


def chosen(answers: Sequence[SharedAnswer]) -> list[SharedAnswer]:
    """The rule: reused at least once; most reused, most Helpful marks, oldest first."""
    reused = [a for a in answers if (a.reuse or 0) > 0]
    return sorted(reused, key=lambda a: (-(a.reuse or 0), -a.helpful, a.reply_id))[:MAX_STORIES]


async def pilot_stories(session: AsyncSession, answers: Sequence[SharedAnswer]) -> list[Story]:
    """The stories among the pilot's most helped answers (the report's, already in scope)."""
    picked = chosen(answers)
    rows = {
        reply.id: (reply, name, unit, question)
        for reply, name, unit, question in await session.execute(
            select(Reply, Member.display_name, Member.unit, Question.text)
            .join(Member, Member.id == Reply.member_id)
            .outerjoin(Prompt, Prompt.id == Reply.prompt_id)
            .outerjoin(Question, Question.id == Prompt.question_id)
            .where(Reply.id.in_([a.reply_id for a in picked]))
        )
    }
    stories = []
    for answer in picked:
        if answer.reply_id not in rows:
            continue
        reply, name, unit, question = rows[answer.reply_id]
        if reply.visibility not in ("shared", "anonymous"):
            continue  # never a private answer, even if its visibility changed since
        named = reply.visibility == "shared"
        title, text = _words(reply, question)
        stories.append(
            Story(
                reply.id,
                _excerpt(title),
                _excerpt(text),
                (name or "A colleague") if named else None,
                (unit or None) if named else None,
                reply.created_at.date(),
                answer.reuse or 0,
                answer.helpful,
            )
        )
    return stories
