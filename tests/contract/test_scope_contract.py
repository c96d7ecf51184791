"""What a member may read, on every platform: only their own programs' answers, and an
anonymous answer in a team's view only once enough of the team answered."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import Member
from bot.people.roles import set_role
from tests.contract.harness import ChatHarness, Seen
from tests.conversation import add_program

THURSDAY_16 = datetime(2026, 3, 5, 16, tzinfo=UTC)
MONDAY_9 = datetime(2026, 3, 9, 9, tzinfo=UTC)


def prompt_of(chat: ChatHarness, user: str) -> Seen:
    return next(s for s in chat.dms(user) if "this week's question" in s.text)


async def test_status_shows_only_answers_from_the_members_own_programs(
    chat: ChatHarness,
) -> None:
    for user, unit in (("ana", "Sales"), ("ben", "Sales"), ("cy", "Eng")):
        await chat.add_member(user, "UTC", unit=unit)
    feed = chat.feed_address()
    await add_program(chat.core, audience="unit:Sales", share_mode="feed", feed=feed)
    await add_program(
        chat.core, name="Eng weekly", audience="unit:Eng", share_mode="feed", feed=feed
    )
    chat.clock.set(THURSDAY_16)
    await chat.deliver()
    await chat.submit("ben", prompt_of(chat, "ben"), {"q0": "Sales: call before quoting."})
    await chat.submit("cy", prompt_of(chat, "cy"), {"q0": "Eng: the flaky test was DNS."})

    status = await chat.say("ana", "status")

    assert "Recently shared by colleagues" in status.text
    assert "Sales: call before quoting." in status.text
    assert "Eng: the flaky test was DNS." not in status.text


async def test_an_anonymous_answer_in_a_team_of_four_is_not_shown_to_the_lead(
    chat: ChatHarness,
) -> None:
    team = ("ana", "ben", "cy", "dee")
    for user in ("lena", *team):
        await chat.add_member(user, "UTC", unit="Sales")
    async with chat.core.sessions.begin() as session:
        for lead in await session.scalars(select(Member).where(Member.display_name == "Lena")):
            await set_role(session, lead, "lead")
    await add_program(chat.core, feed=chat.feed_address())
    chat.clock.set(THURSDAY_16)
    await chat.deliver()
    await chat.submit("ana", prompt_of(chat, "ana"), {"q0": "Named one.", "visibility": "shared"})
    await chat.submit("ben", prompt_of(chat, "ben"), {"q0": "Named two.", "visibility": "shared"})
    await chat.submit(
        "cy", prompt_of(chat, "cy"), {"q0": "Only Cy would say this.", "visibility": "anonymous"}
    )
    chat.clock.set(MONDAY_9)
    await chat.deliver()
    await chat.deliver()

    [digest] = [s for s in chat.dms("lena") if "your team's answers" in s.text]
    assert "Named one." in digest.text and "Named two." in digest.text
    assert "Only Cy would say this." not in digest.text
    assert "Anonymous" not in digest.text
