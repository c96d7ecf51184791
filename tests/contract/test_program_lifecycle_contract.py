"""Program lifecycle and pilots typed by an admin in chat, on every platform: a draft sends
nothing (prompts, reminders, digests, check-ins, nudges, summaries) until it is launched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import Member
from bot.people.roles import set_role
from tests.contract.harness import ChatHarness

MONDAY = datetime(2026, 3, 2, 7, tzinfo=UTC)
TEAM = ("ana", "ben", "cy", "dee", "eva")


async def sales_with_lead(chat: ChatHarness) -> None:
    """Five in Sales led by Lena, a champion, and an admin."""
    await chat.add_member("boss", "Europe/Lisbon", role="admin")
    await chat.add_member("cham", "Europe/Lisbon", unit="KM", role="champion")
    for user in ("lena", *TEAM):
        await chat.add_member(user, "Europe/Lisbon", unit="Sales")
    async with chat.core.sessions.begin() as session:
        lena = await session.scalar(
            select(Member).where(func.lower(Member.display_name).contains("lena"))
        )
        assert lena is not None
        await set_role(session, lena, "lead")


async def run_until(chat: ChatHarness, end: datetime, step: timedelta = timedelta(hours=4)) -> None:
    """Every job, every `step` from the clock's time to `end`."""
    moment = chat.clock.now()
    while moment <= end:
        chat.clock.set(moment)
        await chat.deliver()
        moment += step


def create_command(chat: ChatHarness) -> str:
    return (
        'program create Pilot --purpose "Sales learns from each other." --audience unit:Sales '
        f"--share-mode digest --feed {chat.feed_address()} --checkins on "
        "--checkin-cadence-weeks 1 --reminder-delay-hours 4"
    )


async def test_a_draft_sends_nothing_until_it_is_launched(chat: ChatHarness) -> None:
    await sales_with_lead(chat)
    chat.clock.set(MONDAY)
    created = await chat.say("boss", create_command(chat))
    assert "created draft program 'Pilot': nothing is sent until" in created.text

    await run_until(chat, MONDAY + timedelta(weeks=2, hours=12))

    members = ("lena", *TEAM)
    assert {user: chat.dms(user) for user in members} == {user: [] for user in members}
    assert chat.feed() == []
    # The champion's Monday summary still comes (it does without any program), never of a draft.
    summaries = [seen.text for seen in chat.dms("cham") if "champions only" not in seen.text]
    assert len(summaries) == 3 and not [text for text in summaries if "Pilot" in text]
    launched = await chat.say("boss", "program launch Pilot")
    assert "program 'Pilot' is now active" in launched.text
    await run_until(chat, datetime(2026, 3, 19, 16, tzinfo=UTC), timedelta(hours=1))
    titles = [seen.text.splitlines()[0] for seen in chat.dms("ana")]
    assert "Pilot: this week's question" in titles  # launched, everything runs
    assert "Pilot: peer check-in with Lena" in titles
    assert any("go first" in seen.text for seen in chat.dms("lena"))  # after the team's prompt


async def test_a_draft_can_be_renamed_and_deleted_an_active_program_cannot(
    chat: ChatHarness,
) -> None:
    await sales_with_lead(chat)
    chat.clock.set(MONDAY)
    await chat.say("boss", create_command(chat))

    renamed = await chat.say("boss", "program update Pilot --rename Trial")
    assert renamed.text.startswith("updated program 'Trial'")
    assert (await chat.say("boss", "program delete Trial")).text == "deleted draft program 'Trial'"
    await chat.say("boss", create_command(chat))
    await chat.say("boss", "program launch Pilot")
    refused = await chat.say("boss", "program delete Pilot")
    assert refused.text == (
        "program 'Pilot' is active: only drafts can be deleted (end it instead: "
        "kmbot program end Pilot)"
    )


async def test_an_admin_creates_a_pilot_in_chat_and_hears_the_advice(chat: ChatHarness) -> None:
    await sales_with_lead(chat)
    chat.clock.set(MONDAY)

    created = await chat.say(
        "boss",
        'pilot create "Sales pilot" --purpose "Fewer repeated mistakes in quotes." '
        "--target Sales --function frontline --established yes --sponsor boss@example.com "
        "--end-date 2026-05-24 --share-mode private --milestone 6:participation=60,reuse=3",
    )

    assert created.text.startswith("created pilot 'Sales pilot' as a draft")
    assert "warning: no business metric" in created.text
    assert "warning: no comparison unit" in created.text
    assert "warning: a support function" not in created.text
    shown = (await chat.say("boss", 'pilot show "Sales pilot"')).text
    assert "targets: Sales" in shown and "sponsor: Boss" in shown
    assert "week 6: participation at least 60%, reuse at least 3" in shown
    refused = await chat.say("boss", 'pilot show "Nope"')
    assert refused.text == "no pilot named 'Nope' (create one: kmbot pilot create --help)"


async def test_once_the_only_program_has_ended_the_summary_says_so(chat: ChatHarness) -> None:
    await sales_with_lead(chat)
    chat.clock.set(MONDAY)
    await chat.say("boss", create_command(chat))
    await chat.say("boss", "program launch Pilot")
    await run_until(chat, datetime(2026, 3, 8, 12, tzinfo=UTC))  # a round ran and closed
    ended = await chat.say("boss", "program end Pilot")
    assert "has ended" in ended.text

    await run_until(chat, datetime(2026, 3, 9, 16, tzinfo=UTC), timedelta(hours=1))

    last = [seen.text for seen in chat.dms("cham") if "weekly summary" in seen.text][-1]
    assert "No program is running now: those that ran rounds have ended or are paused." in last
    assert "No program has run a round yet." not in last
