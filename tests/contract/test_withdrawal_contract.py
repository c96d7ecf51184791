"""Editing and withdrawing one's answer, on every platform: the feed post changes or goes, and
a withdrawn answer leaves the digest and the figures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Prompt, Reply
from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program


async def answered(chat: ChatHarness, share_mode: str, *users: str) -> None:
    for user in users:
        await chat.add_member(user, "Europe/Lisbon")
    await add_program(chat.core, share_mode=share_mode, feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user in users:
        [prompt] = chat.dms(user)
        await chat.submit(user, prompt, {"q0": f"{user.title()}'s first words."})
    await chat.deliver()


async def test_an_edited_answer_changes_its_feed_post_and_a_withdrawn_one_removes_it(
    chat: ChatHarness,
) -> None:
    await answered(chat, "feed", "ana")
    [post] = chat.feed()
    assert "Ana's first words." in post.text
    [prompt] = chat.dms("ana")

    edited = await chat.submit("ana", prompt, {"q0": "Ana's better words."}, action_id="reply.edit")
    await chat.deliver()

    assert edited.text == (
        "Your answer is updated. It is posted with your name in the program's feed channel."
    )
    [post] = chat.feed()
    assert "Ana's better words." in post.text and "first words" not in post.text

    withdrawn = await chat.click("ana", chat.dms("ana")[0], "reply.withdraw")
    await chat.deliver()

    assert withdrawn.text.startswith("Withdrawn: your answer is deleted")
    assert chat.feed() == []
    async with chat.core.sessions() as session:
        assert list(await session.scalars(select(Reply))) == []
        assert await session.scalar(select(Prompt.status)) == "open"
    again = chat.dms("ana")[0]
    assert "answer withdrawn" in again.text and "prompt.answer" in dict(again.actions)


async def test_a_withdrawn_answer_leaves_the_posted_digest_and_the_figures(
    chat: ChatHarness,
) -> None:
    await answered(chat, "digest", "ana", "ben")
    chat.clock.advance(timedelta(days=4))
    await chat.deliver()
    [digest] = chat.feed()
    assert "Ana's first words." in digest.text and "2 shared answers" in digest.text

    await chat.click("ana", chat.dms("ana")[0], "reply.withdraw")
    await chat.deliver()

    [digest] = chat.feed()
    assert "Ana's first words." not in digest.text and "Ben's first words." in digest.text
    assert "1 shared answer from 2 colleagues asked" in digest.text
    async with chat.core.sessions() as session:
        statuses = sorted(await session.scalars(select(Prompt.status)))
    assert statuses == ["answered", "missed"]


async def test_an_answer_cannot_be_edited_after_its_round_closed(chat: ChatHarness) -> None:
    await answered(chat, "digest", "ana")
    chat.clock.advance(timedelta(days=4))
    await chat.deliver()

    refused = await chat.click("ana", chat.dms("ana")[0], "reply.edit")

    assert refused.text.startswith("This round is closed, so the answer can no longer be edited")
