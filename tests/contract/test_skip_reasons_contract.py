"""Skip reasons, on every platform: optional, stored per prompt, shown only counted together
and only once the program's floor of reasons was given."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Prompt
from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

TEAM = ("ana", "ben", "cy", "dee", "eva")


async def skipping(chat: ChatHarness, reasons: dict[str, str]) -> str:
    """Everyone in `reasons` skips and gives that reason; what the admin's `program show` says."""
    for user in (*TEAM, "boss"):
        await chat.add_member(user, "Europe/Lisbon", role="admin" if user == "boss" else "member")
    await add_program(chat.core, feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user, reason in reasons.items():
        [prompt] = chat.dms(user)
        skipped = await chat.click(user, prompt, "prompt.skip")
        assert "tell us why" in skipped.text and "never shown with your name" in skipped.text
        offer = skipped.message_with("prompt.skip_reason")
        choice = next((a, v) for a, v in offer.actions if v.endswith(f":{reason}"))
        given = await chat.click(user, Seen(offer.text, (choice,), offer.ref), choice[0])
        assert given.text == "Thanks for telling us. It is counted, never shown with your name."
    return (await chat.say("boss", 'program show "Weekly learning"')).text


async def test_skip_reasons_are_counted_and_shown_only_together(chat: ChatHarness) -> None:
    reasons = {"ana": "no_time", "ben": "no_time", "cy": "not_relevant", "dee": "no_time"}
    shown = await skipping(chat, {**reasons, "eva": "not_comfortable"})

    assert "skip reasons: no time 3, not relevant 1, not comfortable 1" in shown
    async with chat.core.sessions() as session:
        stored = sorted(r for r in await session.scalars(select(Prompt.skip_reason)) if r)
    assert stored == ["no_time", "no_time", "no_time", "not_comfortable", "not_relevant"]


async def test_four_skip_reasons_stay_hidden_under_the_floor(chat: ChatHarness) -> None:
    shown = await skipping(chat, {"ana": "no_time", "ben": "other", "cy": "other", "dee": "other"})

    assert "skip reasons: fewer than 5 given, not shown" in shown
