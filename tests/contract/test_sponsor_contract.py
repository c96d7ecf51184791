"""Sponsors on every platform: the endorsement on every prompt, the monthly summary, and the
thank-you that is sent only after the sponsor saw it and confirmed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.people.admin_commands import members_import
from tests.contract.harness import ChatHarness, Seen, type_answer
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

LINE = "Take 15 minutes on Friday for this: it is part of our work."
SIGNED = f"{LINE} — Mensah, Country Director"
ENDORSE = f'program update "Weekly learning" --endorsement "{LINE}" --sponsor mensah@example.com'
APRIL_1_0900_LISBON = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)  # Lisbon is UTC+1 from 29 March


async def endorsed_program(chat: ChatHarness, team: tuple[str, ...]) -> str:
    """The team, an admin and a sponsor whose title comes from the HR file; the admin
    endorses the program in chat in the sponsor's name. What the admin was told."""
    for user in (*team, "boss", "mensah"):
        role = {"boss": "admin", "mensah": "sponsor"}.get(user, "member")
        await chat.add_member(user, "Europe/Lisbon", role=role)
    async with chat.core.sessions.begin() as session:
        csv = "person,title\nmensah@example.com,Country Director\n"
        report = await members_import(session, chat.clock.now(), csv, None, False)
        assert not report.refused
    await add_program(chat.core, feed=chat.feed_address())
    return (await chat.say("boss", ENDORSE)).text


def titled(chat: ChatHarness, user: str, words: str) -> list[Seen]:
    return [s for s in chat.dms(user) if words in s.text]


async def test_every_prompt_of_an_endorsed_program_carries_the_signed_endorsement(
    chat: ChatHarness,
) -> None:
    chat.clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    refused = await endorsed_program(chat, ("ana", "ben"))
    assert f"endorsement: {SIGNED}" in refused

    not_a_sponsor = await chat.say("boss", ENDORSE.replace("mensah@", "ana@"))
    assert not_a_sponsor.text == (
        "Ana is not a sponsor: first run `kmbot member role ana@example.com sponsor`."
    )
    shown = await chat.say("boss", 'program show "Weekly learning"')
    assert f"endorsement: {SIGNED}" in shown.text

    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user in ("ana", "ben", "mensah"):
        [prompt] = chat.dms(user)
        assert "Weekly learning: this week's question" in prompt.text
        assert SIGNED in prompt.text

    removed = await chat.say("boss", 'program update "Weekly learning" --endorsement none')
    assert "endorsement: none" in removed.text


async def summary_for_march(chat: ChatHarness) -> Seen:
    """Six colleagues, the admin and the sponsor are asked in March; four colleagues share
    (one of them anonymously), one skips."""
    chat.clock.set(datetime(2026, 2, 20, 10, 0, tzinfo=UTC))
    await endorsed_program(chat, ("ana", "ben", "cy", "dee", "eva", "fay"))
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user in ("ana", "ben", "cy"):
        await type_answer(chat, user, f"{user.title()} learned to write the plan down first.")
    [prompt] = chat.dms("dee")
    await chat.submit("dee", prompt, {"q0": "Ask early.", "visibility": "anonymous"})
    [prompt] = chat.dms("eva")
    await chat.click("eva", prompt, "prompt.skip")

    chat.clock.set(datetime(2026, 4, 1, 7, 59, tzinfo=UTC))
    await chat.deliver()
    assert titled(chat, "mensah", "your summary for March 2026") == []
    chat.clock.set(APRIL_1_0900_LISBON)
    await chat.deliver()
    await chat.deliver()  # a second pass sends nothing twice
    [summary] = titled(chat, "mensah", "your summary for March 2026")
    return summary


async def test_the_sponsor_gets_a_one_screen_monthly_summary_under_the_floor(
    chat: ChatHarness,
) -> None:
    summary = await summary_for_march(chat)

    assert summary.text.startswith("Weekly learning: your summary for March 2026")
    assert "Participation: 4 of 8 prompts answered, 50% (22%–78%)" in summary.text
    assert "Lessons shared: 4" in summary.text
    assert "• Ana: “Ana learned to write the plan down first.”" in summary.text
    assert "Ask early" not in summary.text  # the anonymous answer is never a highlight
    assert [aid for aid, _ in summary.actions] == ["sponsor.thank"]
    assert titled(chat, "boss", "your summary") == []


async def test_the_thank_you_is_shown_first_and_sent_only_after_the_sponsor_confirms(
    chat: ChatHarness,
) -> None:
    summary = await summary_for_march(chat)

    asked = await chat.click("mensah", summary, "sponsor.thank")
    preview = asked.message_with("sponsor.thank_send")
    thanks = (
        "Thank you for sharing what you learned in Weekly learning in March 2026. "
        "Your lessons help all of us do our work better. — Mensah"
    )
    assert preview.text.startswith(f"Send this thank-you?\n{thanks}")
    assert "It reaches 3 people: Ana, Ben and Cy. Each gets it privately, from you." in (
        preview.text
    )
    await chat.deliver()
    assert titled(chat, "ana", "A thank-you from Mensah") == []  # nothing before confirming

    cancelled = await chat.click("mensah", preview, "sponsor.thank_cancel")
    assert cancelled.text.startswith("Nothing was sent.")
    forged = await chat.click("ana", preview, "sponsor.thank_send")
    assert forged.text == "Only the program's sponsor can send this thank-you."
    await chat.deliver()
    assert titled(chat, "ana", "A thank-you from Mensah") == []

    sent = await chat.click("mensah", preview, "sponsor.thank_send")
    assert sent.text == "Sent: 3 people got your thank-you."
    await chat.deliver()
    for user in ("ana", "ben", "cy"):
        [got] = titled(chat, user, "A thank-you from Mensah")
        assert thanks in got.text
    for user in ("dee", "eva", "fay", "mensah"):
        assert titled(chat, user, "A thank-you from Mensah") == []
    again = await chat.click("mensah", preview, "sponsor.thank_send")
    assert again.text == "You already thanked everyone who shared in March 2026: they got it."
