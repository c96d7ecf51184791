"""A pilot's review on every platform: at its milestone week the sponsor and the KM lead get
the figures against the targets with Continue / Adjust / Stop; Stop asks why, ends the pilot,
is in the program's history, and the other reviewers see who decided."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_program_lifecycle_contract import MONDAY, run_until, sales_with_lead

REVIEWERS = ("lena", "boss", "cham")  # the sponsor, an admin and a champion (the KM lead)


async def launched_pilot(chat: ChatHarness, options: str) -> None:
    """Sales' pilot sponsored by Lena (with `options`), launched on Monday."""
    await sales_with_lead(chat)
    chat.clock.set(MONDAY)
    created = await chat.say(
        "boss",
        'pilot create "Sales pilot" --purpose "Fewer repeated mistakes in quotes." '
        "--target Sales --function frontline --established yes --sponsor lena@example.com "
        f"--share-mode private {options}",
    )
    assert created.text.startswith("created pilot 'Sales pilot' as a draft"), created.text
    await chat.say("boss", 'program launch "Sales pilot"')


async def reviewed_pilot(chat: ChatHarness) -> dict[str, Seen]:
    """A launched pilot with a week-1 milestone, run past it; each reviewer's review."""
    await launched_pilot(chat, "--end-date 2026-05-24 --milestone 1:participation=60,reuse=2")
    await run_until(chat, MONDAY + timedelta(weeks=1, hours=4))
    reviews = {}
    for user in REVIEWERS:
        found = [seen for seen in chat.dms(user) if "week 1 review" in seen.text]
        assert len(found) == 1, (user, [seen.text.splitlines()[0] for seen in chat.dms(user)])
        reviews[user] = found[0]
    return reviews


async def test_the_review_reaches_sponsor_and_km_lead_once_with_three_buttons(
    chat: ChatHarness,
) -> None:
    reviews = await reviewed_pilot(chat)

    review = reviews["lena"]
    assert review.text.startswith("Sales pilot: week 1 review")
    assert [action for action, _ in review.actions] == [
        "pilot.continue",
        "pilot.adjust",
        "pilot.stop",
    ]
    assert review.labels == ("Continue", "Adjust…", "Stop…")
    assert "Since 2026-03-02, in Sales:" in review.text
    assert "Participation: 0/6, 0% (0%–39%); target at least 60%: not met" in review.text
    assert "target at least 2" in review.text
    assert "For the pilot's sponsor and KM lead only." in review.text
    assert not [seen for seen in chat.dms("ana") if "review" in seen.text]  # members get none

    await run_until(chat, chat.clock.now() + timedelta(days=2))  # sent once, not every run
    assert len([seen for seen in chat.dms("boss") if "week 1 review" in seen.text]) == 1


async def test_a_stop_with_a_reason_ends_the_pilot_and_is_in_its_history(
    chat: ChatHarness,
) -> None:
    reviews = await reviewed_pilot(chat)

    no_reason = await chat.submit("boss", reviews["boss"], {"reason": "  "}, "pilot.stop")
    needed = "Please say why, in a sentence: it goes in the program's history."
    assert needed in (no_reason.text, no_reason.errors.get("reason"))  # a note, or by the field
    stopped = await chat.submit(
        "boss", reviews["boss"], {"reason": "Nobody in Sales answers."}, "pilot.stop"
    )

    assert (
        stopped.text
        == "Recorded: the pilot is stopped and has ended; your reason is in its history."
    )
    assert "status: ended" in (await chat.say("boss", 'pilot show "Sales pilot"')).text
    history = (await chat.say("boss", 'program history "Sales pilot"')).text
    assert "pilot decision choice=stop review=week 1" in history
    assert "Nobody in Sales answers." in history
    await chat.deliver()
    [note] = [seen for seen in chat.dms("lena") if "a review decision" in seen.text]
    assert "Boss chose Stop on Sales pilot: week 1 review." in note.text
    assert "Nobody in Sales answers." in note.text
    later = await chat.click("lena", reviews["lena"], "pilot.continue")
    assert later.text == "Boss already decided on this review of Sales pilot: Stop."


async def test_continue_is_recorded_at_once_and_members_cannot_decide(chat: ChatHarness) -> None:
    reviews = await reviewed_pilot(chat)

    refused = await chat.click("ana", reviews["lena"], "pilot.continue")
    assert refused.text == (
        "Only the pilot's sponsor and its KM lead (admins, champions) decide on it."
    )
    kept = await chat.click("lena", reviews["lena"], "pilot.continue")
    assert kept.text == "Recorded: the pilot continues as planned."
    assert "status: active" in (await chat.say("boss", 'pilot show "Sales pilot"')).text
    history = (await chat.say("boss", 'program history "Sales pilot"')).text
    assert "pilot decision choice=continue review=week 1" in history
