"""The sponsor's words for a pilot's showcase, on every platform: with the final review the
sponsor (and only they) is asked for two or three sentences through a form; asking again
changes them; the showcase and `pilot show` quote them."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_pilot_review_contract import launched_pilot
from tests.contract.test_program_lifecycle_contract import MONDAY, run_until

ASKED = "in your own words"
FIRST = "Quotes go out right the first time now."
SECOND = "Quotes go out right the first time. New people ask the archive before they ask me."


async def ended_pilot(chat: ChatHarness) -> Seen:
    """A one-week pilot sponsored by Lena, run past its end; the words request she got."""
    await launched_pilot(chat, "--end-date 2026-03-08")
    await run_until(chat, MONDAY + timedelta(days=8, hours=4))
    [asked] = [seen for seen in chat.dms("lena") if ASKED in seen.text]
    return asked


async def test_the_sponsor_is_asked_once_with_the_final_review_and_can_change_their_words(
    chat: ChatHarness,
) -> None:
    asked = await ended_pilot(chat)

    assert any("final review" in seen.text for seen in chat.dms("lena"))
    assert "what did the pilot change for your business?" in asked.text
    assert [action for action, _ in asked.actions] == ["pilot.words"]
    assert not [seen for seen in chat.dms("boss") if ASKED in seen.text]  # the sponsor only
    empty = await chat.submit("lena", asked, {"words": "  "}, "pilot.words")
    needed = "Please write two or three sentences: the showcase is built around them."
    assert needed in (empty.text, empty.errors.get("words"))
    saved = await chat.submit("lena", asked, {"words": FIRST}, "pilot.words")
    assert saved.text == "Thank you: your words open the pilot's showcase."
    changed = await chat.submit("lena", asked, {"words": SECOND}, "pilot.words")
    assert changed.text == "Changed: the showcase now shows your new words."
    shown = (await chat.say("boss", 'pilot show "Sales pilot"')).text
    assert f"“{SECOND}” (Lena)" in shown and "/showcase" in shown

    refused = await chat.click("ana", asked, "pilot.words")
    assert refused.text == "Only the pilot's sponsor writes its showcase words."
    await run_until(chat, chat.clock.now() + timedelta(days=2))  # asked once, not every run
    assert len([seen for seen in chat.dms("lena") if ASKED in seen.text]) == 1
