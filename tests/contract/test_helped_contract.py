"""'Who helped you this week?' on every platform: the member names colleagues, and each is
thanked by name."""

from __future__ import annotations

from sqlalchemy import update

from bot.db.models import Question
from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program


async def test_colleagues_named_in_who_helped_you_are_thanked_by_name(chat: ChatHarness) -> None:
    for user in ("ana", "ben", "cy"):
        await chat.add_member(user, "Europe/Lisbon")
    await add_program(chat.core, feed=chat.feed_address())
    async with chat.core.sessions.begin() as session:  # this week's question: who helped you?
        await session.execute(
            update(Question).where(Question.key != "helped-me").values(active=False)
        )
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    [prompt] = chat.dms("ana")
    assert "Who helped you this week" in prompt.text
    await chat.submit("ana", prompt, {"q0": "Ben walked me through the deploy."})
    await chat.deliver()
    answered = chat.dms("ana")[0]
    assert "helped.open" in dict(answered.actions)

    sent = await chat.submit("ana", answered, {"names": "ben, Zed"}, action_id="helped.open")
    await chat.deliver()

    assert sent.text == "Thanked Ben by name. I could not find Zed."
    [note] = [s for s in chat.dms("ben") if "Ana thanked you" in s.text]
    assert "Ben walked me through the deploy." in note.text
    assert not [s for s in chat.dms("cy") if "thanked you" in s.text]
