"""The calendar file of an event, served at its unguessable link and read back by icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli.parser import build_parser
from bot.clock import FakeClock
from bot.core import Core
from bot.db.event_models import Event
from bot.events.cli import event_command
from tests.conversation import add_people
from tests.test_pages import serve


async def create(core: Core, *options: str) -> str:
    args = build_parser().parse_args(["event", "create", *options])
    async with core.sessions.begin() as session:
        return await event_command(
            session, core.clock.now(), args, "UTC", "https://kmbot.example.org/"
        )


async def test_the_ics_has_the_event_at_its_local_time_and_only_its_link_opens_it(
    engine: AsyncEngine, core: Core, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))
    await add_people(core, ("ana", "Asia/Tokyo"), unit="Sales")
    out = await create(
        core, "--title", "Partner lessons", "--date", "2026-07-09", "--time", "14:00",
        "--zone", "Europe/Lisbon", "--duration", "90", "--place", "Lisbon office",
        "--link", "https://meet.example.org/abc", "--unit", "Sales",
    )  # fmt: skip
    link = urlsplit(out.split("calendar ", 1)[1].rstrip("."))
    async with core.sessions() as session:
        [event] = await session.scalars(select(Event))
    assert link.path == "/events/1.ics" and link.query == f"token={event.ics_token}"
    assert len(event.ics_token) >= 32

    async for client in serve(engine, core):
        response = await client.get(f"{link.path}?{link.query}")
        assert response.status == 200 and response.content_type == "text/calendar"
        calendar = Calendar.from_ical(await response.read())
        wrong = await client.get(f"{link.path}?token={event.ics_token[:-1]}x")
        missing = await client.get(link.path)
        other = await client.get(f"/events/2.ics?{link.query}")
    assert (wrong.status, missing.status, other.status) == (404, 404, 404)

    [entry] = calendar.walk("VEVENT")
    start, end = entry.decoded("dtstart"), entry.decoded("dtend")
    assert start == datetime(2026, 7, 9, 14, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert start.astimezone(UTC) == datetime(2026, 7, 9, 13, tzinfo=UTC)  # summer time
    assert entry["dtstart"].params["TZID"] == "Europe/Lisbon"
    assert end - start == timedelta(minutes=90)
    assert str(entry["summary"]) == "Partner lessons"
    assert "Lisbon office" in str(entry["location"])
    assert str(entry["url"]) == "https://meet.example.org/abc"
    assert str(entry["status"]) == "CONFIRMED"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Lisbon"]


async def test_a_cancelled_event_s_calendar_file_says_so(
    engine: AsyncEngine, core: Core, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))
    await add_people(core, ("ana", "Europe/Lisbon"), unit="Sales")
    out = await create(
        core, "--title", "Field day", "--date", "2026-06-10", "--time", "09:30",
        "--place", "Maputo", "--unit", "Sales",
    )  # fmt: skip
    link = urlsplit(out.split("calendar ", 1)[1].rstrip("."))
    args = build_parser().parse_args(["event", "cancel", "1"])
    async with core.sessions.begin() as session:
        await event_command(session, clock.now(), args, "UTC", "")
    async for client in serve(engine, core):
        calendar = Calendar.from_ical(await (await client.get(f"{link.path}?{link.query}")).read())
    [entry] = calendar.walk("VEVENT")
    assert str(entry["status"]) == "CANCELLED"
    assert entry.decoded("dtstart") == datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
