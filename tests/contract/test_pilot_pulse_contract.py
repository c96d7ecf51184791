"""The pilot's baseline pulse on every platform: sent at launch to the target and comparison
units (nobody else), answered one button at a time, again when a milestone week is over,
and shown by `pilot show` only in aggregate, never for fewer than five."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.contract.harness import Answer, ChatHarness, Seen
from tests.contract.test_program_lifecycle_contract import run_until

MONDAY = datetime(2026, 3, 2, 7, tzinfo=UTC)
SALES = ("ana", "ben", "cy", "dee", "eva")
OPS = ("olga", "oto", "ola", "omi", "ove")
PULSE = "pilot.pulse"


async def launched(chat: ChatHarness) -> str:
    """Sales (target), Ops (comparison), Zed elsewhere; the pilot created and launched."""
    await chat.add_member("boss", "Europe/Lisbon", role="admin")
    await chat.add_member("zed", "Europe/Lisbon", unit="Eng")
    for user in SALES:
        await chat.add_member(user, "Europe/Lisbon", unit="Sales")
    for user in OPS:
        await chat.add_member(user, "Europe/Lisbon", unit="Ops")
    chat.clock.set(MONDAY)
    created = await chat.say(
        "boss",
        'pilot create "Sales pilot" --purpose "Fewer repeated mistakes in quotes." '
        "--target Sales --compare Ops --function frontline --established yes "
        "--end-date 2026-04-26 --share-mode private --milestone 2:participation=50",
    )
    assert created.text.startswith("created pilot 'Sales pilot' as a draft"), created.text
    return (await chat.say("boss", 'program launch "Sales pilot"')).text


async def pick(chat: ChatHarness, user: str, seen: Seen, value: str) -> Answer:
    """`user` clicks the pulse button whose choice is `value` (Slack suffixes its ids)."""
    action, full = next(
        (a, v) for a, v in seen.actions if a.startswith(PULSE) and v.endswith(f":{value}")
    )
    return await chat.click(user, Seen(seen.text, ((action, full),), seen.ref), action)


def offered(answer: Answer) -> Seen:
    return next(m for m in answer.messages if any(a.startswith(PULSE) for a, _ in m.actions))


async def answer(chat: ChatHarness, user: str, seen: Seen, find: str, ask: str, hours: str) -> str:
    """`user` answers the three items of the pulse message `seen`; the bot's last words."""
    second = await pick(chat, user, seen, find)
    assert "I know whom to ask." in offered(second).text
    third = await pick(chat, user, offered(second), ask)
    assert "hours did you lose last week" in offered(third).text
    assert offered(third).labels[-1] == "8 or more"
    return (await pick(chat, user, offered(third), hours)).text


def pulses(chat: ChatHarness, user: str) -> list[Seen]:
    return [s for s in chat.dms(user) if "I can easily find what colleagues" in s.text]


async def test_the_baseline_pulse_reaches_both_groups_and_is_shown_only_together(
    chat: ChatHarness,
) -> None:
    reply = await launched(chat)
    assert "sent the baseline pulse to 10 people" in reply
    await chat.deliver()

    assert pulses(chat, "zed") == [] and pulses(chat, "boss") == []
    for user in (*SALES, *OPS):
        [seen] = pulses(chat, user)
        assert "never with your name" in seen.text
        assert seen.labels[:5] == ("1", "2", "3", "4", "5")
    for user in SALES:
        thanks = await answer(chat, user, pulses(chat, user)[0], "4", "5", "1")
        assert thanks.startswith("Thank you: your answers are counted")
    for user in OPS[:4]:
        await answer(chat, user, pulses(chat, user)[0], "2", "3", "5")

    shown = (await chat.say("boss", 'pilot show "Sales pilot"')).text
    assert (
        "pulse, baseline: target, 5 of 5 answered: find easily 4.0/5, know whom to ask 5.0/5, "
        "hours lost 1.0 h a week (at least)" in shown
    )
    assert "pulse, baseline: comparison, 4 of 5 answered: fewer than 5 answered, not shown" in (
        shown
    )
    assert "2.0/5" not in shown


async def test_a_pulse_button_is_only_its_members_and_a_relaunch_sends_no_second_baseline(
    chat: ChatHarness,
) -> None:
    await launched(chat)
    await chat.deliver()
    [anas] = pulses(chat, "ana")
    stolen = await pick(chat, "ben", anas, "1")
    assert stolen.text == "That survey is no longer open."
    again = await chat.say("boss", 'program launch "Sales pilot"')
    assert "sent the baseline pulse" not in again.text
    await chat.deliver()
    assert len(pulses(chat, "ana")) == 1


async def test_a_milestone_week_over_sends_the_next_wave(chat: ChatHarness) -> None:
    await launched(chat)
    await run_until(chat, MONDAY + timedelta(days=13))
    assert [len(pulses(chat, user)) for user in ("ana", "olga", "zed")] == [1, 1, 0]

    await run_until(chat, MONDAY + timedelta(days=14, hours=4))

    assert [len(pulses(chat, user)) for user in ("ana", "olga", "zed")] == [2, 2, 0]
    shown = (await chat.say("boss", 'pilot show "Sales pilot"')).text
    assert "pulse, week 2: target, 0 of 5 answered" in shown


async def test_a_pilot_that_ends_itself_sends_its_end_wave(chat: ChatHarness) -> None:
    await launched(chat)
    await chat.deliver()
    chat.clock.set(datetime(2026, 4, 27, 10, tzinfo=UTC))  # the day after its end date

    await chat.deliver()

    shown = (await chat.say("boss", 'pilot show "Sales pilot"')).text
    assert "pulse, end: target, 0 of 5 answered" in shown
    assert "pulse, end: comparison, 0 of 5 answered" in shown
    assert [s.text.count("three-question survey") for s in pulses(chat, "zed")] == []


async def test_a_paused_member_gets_no_pulse(chat: ChatHarness) -> None:
    chat.clock.set(MONDAY)
    await chat.add_member("ana", "Europe/Lisbon", unit="Sales")
    paused = await chat.say("ana", "pause 2026-03-20")
    assert "2026-03-20" in paused.text

    reply = await launched(chat)
    await chat.deliver()

    assert "sent the baseline pulse to 9 people" in reply
    assert pulses(chat, "ana") == [] and len(pulses(chat, "ben")) == 1
