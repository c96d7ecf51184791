"""The champions network on every platform: a champion gets a private Monday note on their own
unit, marked internal, naming the answers nobody acknowledged and the most Helpful named
lesson of the week; members never see it, and it comes once a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.models import Reply
from tests.contract.harness import ChatHarness, type_answer
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

TEAM = ("ana", "ben", "cy", "dee", "eva")
MONDAY_09_LISBON = datetime(2026, 3, 9, 9, tzinfo=UTC)


async def test_a_champion_gets_the_internal_weekly_note_on_their_unit(chat: ChatHarness) -> None:
    await chat.add_member("chip", "Europe/Lisbon", unit="Sales", role="champion")
    for user in TEAM:
        await chat.add_member(user, "Europe/Lisbon", unit="Sales")
    await chat.add_member("olga", "Europe/Lisbon", unit="Ops")
    await add_program(chat.core, feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    await type_answer(chat, "ana", "Call the client back within a day.")
    await type_answer(chat, "ben", "Check the discount field before sending a quote.")
    await type_answer(chat, "olga", "Ops keeps its own checklist.")
    async with chat.core.sessions.begin() as session:  # two colleagues found Ben's Helpful
        ben = await session.scalar(
            select(Reply).where(Reply.answers[0]["text"].as_string().contains("discount"))
        )
        assert ben is not None
        ben.helpful_count = 2

    chat.clock.set(MONDAY_09_LISBON)
    await chat.deliver()
    await chat.deliver()
    chat.clock.set(MONDAY_09_LISBON + timedelta(hours=3))
    await chat.deliver()

    notes = [seen.text for seen in chat.dms("chip") if "For champions only" in seen.text]
    assert [text.splitlines()[0] for text in notes] == [
        "For champions only: Sales, week 2026-W10",  # the week kmbot met them: nothing yet
        "For champions only: Sales, week 2026-W11",  # once, however often the job runs
    ]
    assert "Nothing to flag this week." in notes[0]
    note = notes[1]
    assert "Answers nobody acknowledged yet (no Helpful, no reuse, no thanks):" in note
    assert "Ana: “Call the client back within a day.”" in note
    assert "Lesson of the week to amplify (2 Helpful): Ben: “Check the discount field" in note
    assert "Ops keeps" not in note  # another unit's answer
    assert "not shared with your colleagues, and not a pilot figure" in note
    for user in (*TEAM, "olga"):
        assert not [seen for seen in chat.dms(user) if "champions only" in seen.text]
