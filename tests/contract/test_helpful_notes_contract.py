"""Helpful clicks reach the author, on every platform: batched, at most one note a day."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.harness import ChatHarness, type_answer
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program


def notes(chat: ChatHarness) -> list[str]:
    return [s.text for s in chat.dms("ana") if "Your answers helped colleagues" in s.text]


async def test_helpful_clicks_reach_the_author_in_one_note_a_day(chat: ChatHarness) -> None:
    for user in ("ana", "ben", "cy", "dee"):
        await chat.add_member(user, "Europe/Lisbon")
    await add_program(chat.core, share_mode="feed", feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    await type_answer(chat, "ana", "Write the plan down first.")
    await chat.deliver()
    [post] = chat.feed()

    await chat.click("ben", post, "reply.helpful")
    await chat.click("cy", post, "reply.helpful")
    await chat.deliver()
    assert notes(chat) == []  # batched until 16:00 her time
    chat.clock.set(THURSDAY_15_LISBON + timedelta(hours=1))
    await chat.deliver()

    [note] = notes(chat)
    assert "2 Helpful clicks" in note and "Write the plan down first." in note
    assert "2 colleagues" in note and "Ben" not in note and "Cy" not in note

    chat.clock.advance(timedelta(hours=1))
    await chat.click("dee", post, "reply.helpful")
    await chat.deliver()
    assert len(notes(chat)) == 1  # one note a day: the next waits for tomorrow
    chat.clock.advance(timedelta(days=1))
    await chat.deliver()
    first, second = notes(chat)
    assert "1 Helpful click " in second and "1 colleague" in second
