"""An event from announcement to RSVP to reminder to captured lessons, on every platform."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.cli.parser import build_parser
from bot.db.models import Reply
from bot.events.cli import event_command
from tests.contract.harness import ChatHarness, Seen

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PUBLIC_URL = "https://kmbot.example.org"


async def create(chat: ChatHarness, *options: str) -> str:
    args = build_parser().parse_args(["event", "create", *options])
    async with chat.core.sessions.begin() as session:
        return await event_command(session, chat.clock.now(), args, "Europe/Lisbon", PUBLIC_URL)


def invitation(chat: ChatHarness, user: str) -> Seen:
    [seen] = [s for s in chat.dms(user) if "You're invited: Field day" in s.text]
    return seen


def titled(chat: ChatHarness, user: str, words: str) -> list[Seen]:
    return [s for s in chat.dms(user) if words in s.text]


async def test_an_event_from_announcement_to_rsvp_to_reminder_to_captured_lessons(
    chat: ChatHarness,
) -> None:
    chat.clock.set(MONDAY)
    await chat.add_member("lena", "Europe/Lisbon", unit="Sales")
    await chat.add_member("ana", "Europe/Lisbon", unit="Sales")
    await chat.add_member("mei", "Asia/Tokyo", unit="Sales")
    await chat.add_member("raj", "Europe/Lisbon", unit="Sales")
    await chat.add_member("ola", "Europe/Lisbon", unit="Finance")
    host = f"{chat.name}:acme:lena" if chat.name == "memory" else "lena@example.com"

    created = await create(
        chat, "--title", "Field day", "--date", "2026-03-05", "--time", "14:00",
        "--place", "Maputo office, room 2", "--unit", "Sales", "--host", host,
        "--capacity", "2",
    )  # fmt: skip
    await chat.deliver()

    assert created.startswith("Event #1 Field day: announced to 4 people; calendar https://")
    assert titled(chat, "ola", "Field day") == []
    seen = invitation(chat, "mei")
    assert "Thu 05 Mar 2026, 14:00–16:00 (Europe/Lisbon); Thu 23:00 your time" in seen.text
    assert "At Maputo office, room 2" in seen.text and "Host: Lena" in seen.text
    assert [aid for aid, _ in seen.actions] == ["event.going", "event.not_going"]

    going = await chat.click("ana", invitation(chat, "ana"), "event.going")
    assert going.text.startswith("You're going to Field day. I'll remind you the day before.")
    assert f"{PUBLIC_URL}/events/1.ics?token=" in going.text
    await chat.click("mei", invitation(chat, "mei"), "event.going")
    full = await chat.click("raj", invitation(chat, "raj"), "event.going")
    assert full.text.startswith("Field day is full, so you're number 1 on the waitlist.")

    changed = await chat.click("ana", invitation(chat, "ana"), "event.not_going")
    await chat.deliver()
    assert changed.text == "Thanks for letting us know: you're not going to Field day."
    [place] = titled(chat, "raj", "A place opened: you're going to Field day")
    assert "Add it to your calendar" in place.text
    again = await chat.click("ana", invitation(chat, "ana"), "event.going")
    assert again.text.startswith("Field day is full, so you're number 1 on the waitlist.")

    chat.clock.set(datetime(2026, 3, 4, 0, 0, tzinfo=UTC))  # Wed 09:00 in Tokyo, 00:00 Lisbon
    await chat.deliver()
    assert len(titled(chat, "mei", "Tomorrow: Field day")) == 1
    assert titled(chat, "raj", "Tomorrow: Field day") == []

    chat.clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # 09:00 in Lisbon
    await chat.deliver()
    await chat.deliver()
    assert len(titled(chat, "mei", "Tomorrow: Field day")) == 1
    assert len(titled(chat, "raj", "Tomorrow: Field day")) == 1
    assert titled(chat, "ana", "Tomorrow") == [] and titled(chat, "lena", "Tomorrow") == []

    chat.clock.set(datetime(2026, 3, 5, 16, 0, tzinfo=UTC))  # the event is over
    await chat.deliver()
    [capture] = titled(chat, "mei", "After Field day")
    assert "What will you use from today?" in capture.text
    assert len(titled(chat, "raj", "After Field day")) == 1
    assert titled(chat, "ana", "After Field day") == []

    saved = await chat.submit(
        "mei",
        capture,
        {"q0": "Ask the farmers first, then the co-op.", "visibility": "shared"},
        action_id="event.capture",
    )
    assert saved.text == "Thanks, your lesson from Field day is saved."
    async with chat.core.sessions() as session:
        [lesson] = await session.scalars(select(Reply).where(Reply.event_id == 1))
    assert lesson.answers == [
        {"label": "What will you use from today?", "text": "Ask the farmers first, then the co-op."}
    ]
    assert lesson.visibility == "shared"


async def test_with_check_ins_attendees_from_different_units_are_introduced(
    chat: ChatHarness,
) -> None:
    chat.clock.set(MONDAY)
    people = {"ana": "Sales", "raj": "Sales", "ola": "Finance", "kofi": "Finance", "lu": "Sales"}
    for user, unit in people.items():
        await chat.add_member(user, "Europe/Lisbon", unit=unit)
    await create(
        chat, "--title", "Field day", "--date", "2026-03-05", "--time", "14:00",
        "--place", "Maputo", "--unit", "Sales", "--unit", "Finance", "--checkins",
    )  # fmt: skip
    await chat.deliver()
    for user in ("ana", "raj", "ola", "kofi"):
        await chat.click(user, invitation(chat, user), "event.going")

    chat.clock.set(datetime(2026, 3, 5, 16, 0, tzinfo=UTC))
    await chat.deliver()
    await chat.deliver()

    met = {}
    for user in ("ana", "raj", "ola", "kofi"):
        [intro] = titled(chat, user, "After Field day: meet")
        met[user] = intro.text.split("meet ", 1)[1].split("\n", 1)[0].lower()
        assert "Find 20 minutes this week" in intro.text
    assert all(people[user] != people[other] for user, other in met.items())
    assert all(met[other] == user for user, other in met.items())
    assert titled(chat, "lu", "After Field day") == []
