"""Peer check-ins and leaders' flows as members live them, on every platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.checkin_models import CheckinParticipant
from bot.db.models import Member, Reply
from bot.people.roles import set_role
from tests.contract.harness import ChatHarness
from tests.conversation import add_program

MONDAY_11 = datetime(2026, 3, 2, 11, tzinfo=UTC)
THURSDAY_15 = datetime(2026, 3, 5, 15, tzinfo=UTC)


async def two_colleagues(chat: ChatHarness) -> None:
    await chat.add_member("ana", "Europe/Lisbon", unit="Sales")
    await chat.add_member("ben", "Europe/Lisbon", unit="Eng")
    await add_program(
        chat.core,
        share_mode="feed",
        feed=chat.feed_address(),
        checkins=True,
        checkin_cadence_weeks=1,
        checkin_weekday="mon",
        checkin_time="10:00",
    )


async def test_colleagues_are_introduced_and_say_they_met_and_what_they_learned(
    chat: ChatHarness,
) -> None:
    await two_colleagues(chat)
    chat.clock.set(MONDAY_11)
    await chat.deliver()
    await chat.deliver()

    intro = next(s for s in chat.dms("ana") if "peer check-in" in s.text.lower())
    assert "Ben" in intro.text and "different units" in intro.text
    chat.clock.set(MONDAY_11 + timedelta(days=3))
    await chat.deliver()
    await chat.deliver()
    followup = next(s for s in chat.dms("ana") if "Did you meet Ben?" in s.text)

    saved = await chat.submit(
        "ana",
        followup,
        {"q0": "Eng has a faster test setup.", "visibility": "shared"},
        action_id="checkin.met",
    )

    await chat.deliver()

    assert saved.text == "Thanks! Shared with your colleagues."
    async with chat.core.sessions() as session:
        outcomes = dict(
            (
                await session.execute(
                    select(Member.display_name, CheckinParticipant.outcome).join(
                        Member, CheckinParticipant.member_id == Member.id
                    )
                )
            ).all()
        )
        [lesson] = await session.scalars(select(Reply))
    assert outcomes == {"Ana": "met", "Ben": None}  # Ben has not answered yet
    assert lesson.answers[0]["text"] == "Eng has a faster test setup."
    [post] = [p for p in chat.feed() if "Eng has a faster test setup." in p.text]
    assert "Ana" in post.text


async def test_a_lead_posts_a_lesson_from_a_nudge(chat: ChatHarness) -> None:
    await chat.add_member("lena", "Europe/Lisbon", unit="Sales")
    await chat.add_member("ana", "Europe/Lisbon", unit="Sales")
    await add_program(chat.core, share_mode="feed", feed=chat.feed_address())
    async with chat.core.sessions.begin() as session:
        lena = await session.scalar(
            select(Member).where(func.lower(Member.display_name).contains("lena"))
        )
        assert lena is not None
        await set_role(session, lena, "lead")
    chat.clock.set(MONDAY_11)
    await chat.deliver()
    assert not [s for s in chat.dms("lena") if "go first" in s.text]  # her team not asked yet
    chat.clock.set(THURSDAY_15)  # the team's first prompt
    await chat.deliver()
    chat.clock.set(THURSDAY_15 + timedelta(hours=1))
    await chat.deliver()
    await chat.deliver()
    nudge = next(s for s in chat.dms("lena") if "go first" in s.text)
    assert "fewer than 5 people" in nudge.text

    saved = await chat.submit(
        "lena",
        nudge,
        {
            "q0": "Pricing pilots",
            "q1": "We ran two pilots.",
            "q2": "Small pilots beat big plans.",
            "visibility": "shared",
        },
        action_id="nudge.lesson",
    )
    await chat.deliver()

    assert saved.text == "Thanks, your lesson is saved and shared in Weekly learning's feed."
    [post] = [p for p in chat.feed() if "Small pilots beat big plans." in p.text]
    assert "lead's lesson" in post.text
