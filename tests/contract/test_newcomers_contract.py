"""A newcomer's first month, on every platform: one welcome in their working hours, three
starter questions instead of the weekly one, and a partner from another unit in week two."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from bot.db.models import Member, Question
from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

STAFF = {"ana": "Eng", "ben": "Sales", "cy": "Eng", "dee": "Eng", "eva": "Eng"}
ADVICE = "Ask for the field handbook on your first day."
STARTERS = (
    "What surprised you most in your first days here?",
    "What do you bring from your earlier work",
    "Which question about how we work here have you not found an answer to yet?",
)


async def only_question(chat: ChatHarness, key: str | None) -> None:
    """Ask everyone the bank question `key` this round (None: the whole bank again)."""
    async with chat.core.sessions.begin() as session:
        await session.execute(update(Question).values(active=True))
        if key is not None:
            await session.execute(update(Question).where(Question.key != key).values(active=False))


def prompts_of(chat: ChatHarness, user: str) -> list[Seen]:
    return [m for m in chat.dms(user) if any(a == "prompt.answer" for a, _ in m.actions)]


async def staff_answer_the_newcomer_question(chat: ChatHarness) -> None:
    """A round on "what should a newcomer know?": shared, private and anonymous answers."""
    for user, unit in STAFF.items():
        await chat.add_member(user, "Europe/Lisbon", unit=unit)
    await add_program(chat.core, feed=chat.feed_address(), purpose="We learn from each other.")
    await only_question(chat, "newcomer-should-know")
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    for user, text, visibility in (
        ("ana", ADVICE, "shared"),
        ("cy", "Private: my manager is hard to reach.", "private"),
        ("ben", "Sales keeps the price lists.", "anonymous"),  # a one-person unit: hidden
    ):
        [prompt] = prompts_of(chat, user)
        await chat.submit(user, prompt, {"q0": text, "visibility": visibility})
    await only_question(chat, None)


async def test_a_newcomers_first_month(chat: ChatHarness) -> None:
    await staff_answer_the_newcomer_question(chat)

    chat.clock.set(datetime(2026, 3, 9, 20, 0, tzinfo=UTC))  # Monday, 20:00 in Lisbon
    await chat.join("nia", "Europe/Lisbon", unit="Eng")
    await chat.deliver()
    assert chat.dms("nia") == []  # after working hours: the welcome waits for the morning

    chat.clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    await chat.deliver()
    [welcome] = chat.dms("nia")
    assert "Welcome, Nia!" in welcome.text
    assert "We learn from each other." in welcome.text  # the program's purpose
    assert "Who sees your answer" in welcome.text and "at least 5 of the team" in welcome.text
    assert ADVICE in welcome.text and "Ana" in welcome.text
    assert "manager is hard to reach" not in welcome.text  # private: never
    assert "price lists" not in welcome.text  # anonymous, from a unit under the floor
    assert not any("Welcome" in m.text for m in chat.dms("ana"))  # synced at setup: staff

    await chat.join("nia", "Europe/Lisbon", unit="Eng")  # a re-join: no second welcome
    await chat.deliver()
    assert len(chat.dms("nia")) == 1

    asked = []
    for day in (12, 19, 26):  # three Thursdays: the starter questions, one a week
        chat.clock.set(datetime(2026, 3, day, 15, 0, tzinfo=UTC))
        await chat.deliver()
        asked.append(prompts_of(chat, "nia")[-1].text)
        assert not any(s in prompts_of(chat, "ana")[-1].text for s in STARTERS)
        if day == 12:
            chat.clock.set(datetime(2026, 3, 16, 8, 0, tzinfo=UTC))  # Monday of week two
            await chat.deliver()
            assert "Meet a colleague" in chat.dms("nia")[-1].text
            assert "Ben from Sales" in chat.dms("nia")[-1].text  # the one other unit
            assert "Nia started in Eng recently" in chat.dms("ben")[-1].text
            assert not any("newcomer to meet" in m.text for u in ("ana", "cy") for m in chat.dms(u))
    assert [any(s in text for s in STARTERS[i : i + 1]) for i, text in enumerate(asked)] == [
        True,
        True,
        True,
    ]

    chat.clock.set(datetime(2026, 4, 2, 15, 0, tzinfo=UTC))
    await chat.deliver()
    assert not any(s in prompts_of(chat, "nia")[-1].text for s in STARTERS)  # the weekly one
    async with chat.core.sessions() as session:
        start = await session.scalar(select(Member.start_date).where(Member.display_name == "Nia"))
    assert str(start) == "2026-03-09"
