"""A round's digest on every platform: the highlights in the channel, the other answers in
the replies to that post (Slack's thread, a Teams channel thread), each answer once."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

UNITS = {"ana": "Sales", "ben": "Sales", "cy": "Eng", "dee": "Eng", "eva": "Ops", "fay": "Ops"}


async def closed_round(chat: ChatHarness) -> None:
    """Six colleagues in three units answer; the round closes and its digest is posted."""
    for user, unit in UNITS.items():
        await chat.add_member(user, "Europe/Lisbon", unit=unit)
    await add_program(chat.core, share_mode="digest", feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user in UNITS:
        [prompt] = chat.dms(user)
        await chat.submit(user, prompt, {"q0": f"{user.title()}'s lesson."})
    chat.clock.advance(timedelta(days=4))
    await chat.deliver()


async def test_the_digest_shows_highlights_in_the_channel_and_the_rest_in_its_thread(
    chat: ChatHarness,
) -> None:
    await closed_round(chat)

    [digest] = chat.feed()
    assert "6 shared answers from 6 colleagues asked." in digest.text
    assert "Highlights, one per unit (3)" in digest.text.replace("*", "")
    assert "The other answers are in the replies to this post." in digest.text
    highlighted = [u for u in UNITS if f"{u.title()}'s lesson." in digest.text]
    assert highlighted == ["ana", "cy", "eva"]  # the first of each unit (nobody marked Helpful)
    [reply] = chat.thread(digest)
    assert "More answers" in reply.text
    assert [u for u in UNITS if f"{u.title()}'s lesson." in reply.text] == ["ben", "dee", "fay"]


async def test_an_answer_withdrawn_after_the_round_leaves_the_digests_thread(
    chat: ChatHarness,
) -> None:
    await closed_round(chat)

    await chat.click("dee", chat.dms("dee")[0], "reply.withdraw")
    await chat.deliver()

    [digest] = chat.feed()
    assert "5 shared answers from 6 colleagues asked." in digest.text
    [reply] = chat.thread(digest)
    assert "Dee's lesson." not in reply.text
    assert "Ben's lesson." in reply.text and "Fay's lesson." in reply.text
