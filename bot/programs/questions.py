"""The question bank: seeded from a data file, extended by admins and members."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Question
from bot.db.upsert import insert_new

QUESTION_MAX_CHARS = 500
STARTER_CATEGORY = "newcomer"


def bank_entries() -> list[dict[str, Any]]:
    """The starter questions shipped in bot/programs/questions.toml."""
    text = resources.files("bot.programs").joinpath("questions.toml").read_text("utf-8")
    return list(tomllib.loads(text)["question"])


async def seed_bank(session: AsyncSession, now: datetime) -> int:
    """Add bank questions not yet in the database; returns how many were added."""
    rows = [
        {
            "key": q["key"],
            "category": q["category"],
            "text": q["text"],
            "fields": q.get("fields") or [q["text"]],
            "source": "bank",
            "votes": 0,
            "active": True,
            "created_at": now,
            "program_id": None,
        }
        for q in bank_entries()
    ]
    return len(await insert_new(session, Question, rows, returning=[Question.id]))


async def add_question(
    session: AsyncSession,
    text: str,
    category: str,
    now: datetime,
    *,
    program_id: int | None = None,
    parts: list[str] | None = None,
    source: str = "admin",
) -> Question:
    """An admin's (or a member's proposed) question; asked before the bank's own."""
    text = text.strip()
    if not text or len(text) > QUESTION_MAX_CHARS:
        raise ValueError(f"a question must be 1 to {QUESTION_MAX_CHARS} characters")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    question = Question(
        key=f"{source}-{int(now.timestamp())}-{slug}",
        category=category,
        text=text,
        fields=parts or [text],
        source=source,
        votes=0,
        active=True,
        created_at=now,
        program_id=program_id,
    )
    session.add(question)
    await session.flush()
    return question


async def question_pool(session: AsyncSession, program_id: int) -> list[int]:
    """Rotation order: admins' and members' questions (most votes first), then the bank."""
    rows = await session.scalars(
        select(Question.id)
        .where(
            Question.active.is_(True),
            Question.category != STARTER_CATEGORY,  # asked only to newcomers (bot.newcomers)
            or_(Question.program_id.is_(None), Question.program_id == program_id),
        )
        .order_by((Question.source == "bank"), Question.votes.desc(), Question.id)
    )
    return list(rows)


async def list_questions(session: AsyncSession) -> list[Question]:
    return list(await session.scalars(select(Question).order_by(Question.category, Question.id)))
