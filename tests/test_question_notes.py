"""The notes proposals bring, over weeks on a fake clock: one vote note a week, adopted
questions asked first by votes, and on the first of the month "you said, we did"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Prompt, Question
from bot.prompts.rotation import choose_question
from bot.questions.listing import retire_question
from tests.conversation import FEED, add_people, add_program, advance_to, click, say, titled

TUESDAY = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
VOTE_NOTE = "questions your colleagues proposed"


async def proposed(core: Core, user: str, text: str) -> None:
    offered = await say(core, user, f"propose {text}")
    assert offered is not None and offered.message is not None, offered
    await click(core, user, offered.message, "question.confirm")


async def approve_all(core: Core, platform: InMemoryPlatform) -> None:
    for review in titled(platform, "boss", "a proposed question to review"):
        reply = await click(core, "boss", review, "question.approve")
        assert reply.text.startswith("Approved") or "already" in reply.text


async def test_one_vote_note_a_week_then_the_month_in_review_in_the_feed(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_people(core, ("boss", "UTC"), role="admin")
    clock.set(TUESDAY)
    await add_program(core)
    await proposed(core, "ana", "What did a customer teach you this month?")
    await advance_to(core, clock, datetime(2026, 2, 9, 11, tzinfo=UTC))  # Monday 11:00
    await proposed(core, "ben", "Which meeting would you cancel, and why?")
    await advance_to(core, clock, datetime(2026, 2, 14, tzinfo=UTC))

    [first] = titled(platform, "ben", VOTE_NOTE)
    assert first.at == datetime(2026, 2, 9, 10, tzinfo=UTC)
    assert "customer" in first.message.text and "meeting" not in first.message.text

    await advance_to(core, clock, datetime(2026, 2, 17, tzinfo=UTC))
    await approve_all(core, platform)
    async with core.sessions.begin() as session:
        bank = await session.scalar(select(Question).where(Question.source == "bank"))
        assert bank is not None
        await retire_question(session, str(bank.id), clock.now())
    await advance_to(core, clock, datetime(2026, 3, 20, tzinfo=UTC))

    notes = [s for s in titled(platform, "ben", VOTE_NOTE)]
    assert [n.at.date().isoformat() for n in notes] == ["2026-02-09", "2026-02-16"]
    assert "meeting" in notes[1].message.text and "customer" not in notes[1].message.text
    [month] = [s for s in platform.posted_in(FEED) if "you said, we did" in s.message.title]
    assert month.message.title == "Weekly learning: you said, we did (February 2026)"
    assert month.at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    text = month.message.text
    assert text.startswith("You proposed 2 questions.\nWe adopted: “What did a customer")
    assert f"We retired: “{bank.text}”." in text


async def test_adopted_questions_are_asked_first_the_most_voted_first(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, *((u, "UTC") for u in ("ana", "ben", "cy", "dee")))
    await add_people(core, ("boss", "UTC"), role="admin")
    clock.set(TUESDAY)
    await add_program(core)
    await proposed(core, "ana", "What did a customer teach you this month?")
    await proposed(core, "ben", "Which meeting would you cancel, and why?")
    await advance_to(core, clock, datetime(2026, 2, 9, 11, tzinfo=UTC))
    for voter in ("cy", "dee", "ana"):
        [note] = titled(platform, voter, VOTE_NOTE)
        meeting = next(b for b in note.message.buttons if b.label == "Vote for 2")
        await click(core, voter, OutgoingMessage(text="", buttons=(meeting,)), "question.vote")
    await approve_all(core, platform)
    await advance_to(core, clock, datetime(2026, 2, 20, tzinfo=UTC))  # two Thursdays

    async with core.sessions() as session:
        asked = await session.execute(
            select(Prompt.cycle, Question.text)
            .join(Question, Prompt.question_id == Question.id)
            .where(Prompt.member_id.is_not(None))
            .distinct()
            .order_by(Prompt.cycle)
        )
        texts = [text for _, text in asked]
    assert texts[1:] == [  # Feb 5 asked the bank's question; then the adopted ones
        "Which meeting would you cancel, and why?",
        "What did a customer teach you this month?",
    ]


def test_a_fresh_adopted_question_goes_before_the_rotation_unless_just_asked() -> None:
    assert choose_question([1, 2, 3], 4, {}, 8, first=[9, 7]) == 9
    assert choose_question([1, 2, 3], 4, {9: 3}, 8, first=[9, 7]) == 7
    assert choose_question([1, 2, 3], 4, {9: 3, 7: 2}, 8, first=[9, 7]) == 2
