"""Ask up: a member sends a question to their leads, openly or anonymously; a lead answers
from the message they got, and the member is told and credited, on every platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import Member
from bot.db.people_models import LeadQuestion
from bot.people.roles import set_role
from tests.contract.harness import ChatHarness

TUESDAY_10 = datetime(2026, 3, 3, 10, 20, tzinfo=UTC)


async def team(chat: ChatHarness, size: int) -> None:
    """Lena leads Sales; ana, m1, m2, … work in it."""
    chat.clock.set(TUESDAY_10)
    for user in ("lena", "ana", *(f"m{i}" for i in range(1, size))):
        await chat.add_member(user, "Europe/Lisbon", unit="Sales")
    async with chat.core.sessions.begin() as session:
        lena = await session.scalar(select(Member).where(func.lower(Member.display_name) == "lena"))
        assert lena is not None
        await set_role(session, lena, "lead")


async def test_a_member_asks_the_leads_and_is_credited_when_a_lead_answers(
    chat: ChatHarness,
) -> None:
    await team(chat, 2)

    asked = await chat.say("ana", "ask leads How did you decide which donors to call first?")
    await chat.deliver()

    assert asked.text == "Sent to Lena. I'll bring you the answer here."
    [question] = [s for s in chat.dms("lena") if "A question from your team" in s.text]
    assert "Ana asks" in question.text
    assert "How did you decide which donors to call first?" in question.text
    assert "what you got wrong" in question.text

    saved = await chat.submit(
        "lena",
        question,
        {"answer": "Badly at first: I called the biggest. Now I call the most recent."},
        action_id="ask.answer",
    )
    await chat.deliver()

    assert saved.text == "Thank you, your answer is on its way to Ana."
    [answer] = [s for s in chat.dms("ana") if "A lead answered your question" in s.text]
    assert "Lena answered your question" in answer.text
    assert "Now I call the most recent." in answer.text
    assert "counted as yours" in answer.text
    async with chat.core.sessions() as session:
        [stored] = await session.scalars(select(LeadQuestion))
        asker = await session.get(Member, stored.member_id)
    assert asker is not None and asker.display_name == "Ana" and stored.answered_at is not None


async def test_an_anonymous_question_names_nobody_and_waits_for_the_full_hour(
    chat: ChatHarness,
) -> None:
    await team(chat, 5)

    asked = await chat.say("ana", "ask leads anonymously Why was the Maputo office closed?")
    await chat.deliver()
    assert [s for s in chat.dms("lena") if "A question from your team" in s.text] == []

    chat.clock.set(TUESDAY_10.replace(minute=0) + timedelta(hours=1))
    await chat.deliver()

    assert "without your name" in asked.text
    [question] = [s for s in chat.dms("lena") if "A question from your team" in s.text]
    assert "Someone in Sales asks (anonymously)" in question.text
    assert "Ana" not in question.text
    saved = await chat.submit(
        "lena",
        question,
        {"answer": "The lease ended; we work from partners' offices."},
        "ask.answer",
    )
    await chat.deliver()
    assert saved.text == "Thank you, your answer is on its way to the person who asked."
    [answer] = [s for s in chat.dms("ana") if "A lead answered your question" in s.text]
    assert "The lease ended" in answer.text


async def test_anonymity_is_refused_where_the_lead_could_guess(chat: ChatHarness) -> None:
    await team(chat, 3)

    asked = await chat.say("ana", "ask leads anonymously Are we hiring?")
    await chat.deliver()

    assert "fewer than 5 people, so your lead could guess who asked" in asked.text
    assert [s for s in chat.dms("lena") if "A question from your team" in s.text] == []
