"""Event follow-ups on a fake clock: reminders at 09:00 the day before in each member's zone
(across a clock change and a half-hour offset), jumping to them sends what ticking sends; and
the lessons captured afterwards reach a program's feed only when the member shares them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.cli.parser import build_parser
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Reply
from bot.events.cli import event_command
from jobs.registry import JOBS
from tests.conversation import add_people, add_program, advance_to, click, fill_in, titled

ZONES = {
    "ana": "Europe/Lisbon",
    "mei": "Asia/Tokyo",
    "dev": "Asia/Kolkata",
    "joe": "America/New_York",
}
START = datetime(2026, 3, 28, 12, tzinfo=UTC)
STEP = timedelta(minutes=20)


async def create(core: Core, *options: str) -> str:
    args = build_parser().parse_args(["event", "create", *options])
    async with core.sessions.begin() as session:
        return await event_command(session, core.clock.now(), args, "UTC", "")


async def _everyone_going(core: Core, platform: InMemoryPlatform) -> None:
    await add_people(core, *ZONES.items(), unit="Sales")
    await create(
        core, "--title", "Field day", "--date", "2026-03-30", "--time", "10:00",
        "--zone", "Europe/Lisbon", "--place", "Lisbon office", "--unit", "Sales",
    )  # fmt: skip
    for job in JOBS:
        await job.run(core)
    for user in ZONES:
        [invite] = titled(platform, user, "You're invited")
        await click(core, user, invite, "event.going")


async def _week(url: str, *, jump: bool) -> list[tuple[datetime, str, str]]:
    upgrade(url)
    engine = make_engine(url)
    clock = FakeClock(START)
    platform = InMemoryPlatform(clock)
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await _everyone_going(core, platform)
    until = START + timedelta(days=3)
    if jump:
        await advance_to(core, clock, until, STEP)
    else:
        while clock.now() < until:
            for job in JOBS:
                await job.run(core)
            clock.advance(STEP)
        for job in JOBS:
            await job.run(core)
    await engine.dispose()
    return [(s.at, s.to.user, s.message.title) for s in platform.transcript]  # type: ignore[union-attr]


async def test_reminders_come_at_nine_the_day_before_in_each_zone_jumping_or_ticking(
    tmp_path: Path,
) -> None:
    ticked = await _week(f"sqlite+aiosqlite:///{tmp_path / 't.db'}", jump=False)
    jumped = await _week(f"sqlite+aiosqlite:///{tmp_path / 'j.db'}", jump=True)

    assert jumped == ticked
    reminders = {user: at for at, user, title in ticked if title == "Tomorrow: Field day"}
    assert sorted(reminders) == sorted(ZONES)
    for user, at in reminders.items():  # Sunday 29 March, the day Lisbon moves to summer time
        nine = datetime(2026, 3, 29, 9, tzinfo=ZoneInfo(ZONES[user]))
        assert nine <= at < nine + STEP, user
    captures = [at for at, _, title in ticked if title == "After Field day"]
    ends = datetime(2026, 3, 30, 12, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert len(captures) == 4 and all(ends <= at < ends + STEP for at in captures)


async def test_a_shared_lesson_from_a_program_s_event_reaches_its_feed_a_private_one_does_not(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(START)
    await add_people(core, ("ana", "Europe/Lisbon"), ("ola", "Europe/Lisbon"), unit="Sales")
    await add_program(core)
    await create(
        core, "--title", "Field day", "--date", "2026-03-29", "--time", "10:00",
        "--link", "https://meet.example.org/x", "--program", "Weekly learning",
    )  # fmt: skip
    await advance_to(core, clock, START + timedelta(minutes=5))
    for user in ("ana", "ola"):
        await click(core, user, titled(platform, user, "You're invited")[0], "event.going")
    await advance_to(core, clock, datetime(2026, 3, 29, 13, tzinfo=UTC))

    shared = await fill_in(
        core, "ana", titled(platform, "ana", "After Field day")[0],
        {"q0": "Map the co-ops before the visit.", "visibility": "shared"}, "event.capture",
    )  # fmt: skip
    private = await fill_in(
        core, "ola", titled(platform, "ola", "After Field day")[0],
        {"q0": "I need to learn Portuguese.", "visibility": "private"}, "event.capture",
    )  # fmt: skip
    twice = await fill_in(
        core, "ola", titled(platform, "ola", "After Field day")[0], {"q0": "Again"}, "event.capture"
    )
    await advance_to(core, clock, datetime(2026, 3, 29, 13, 5, tzinfo=UTC))

    assert (
        shared.text
        == "Thanks, your lesson from Field day is saved and shared in Weekly learning's feed."
    )
    assert private.text == "Thanks, your lesson from Field day is saved."
    assert twice.text == "You already shared what you'll use from Field day. Thank you!"
    feed = [s.message for s in platform.posted_in("C-feed")]
    assert [m.title for m in feed] == ["Weekly learning: Ana shared"]
    assert "From Field day" in feed[0].text and "Map the co-ops" in feed[0].text
    async with core.sessions() as session:
        lessons = list(await session.scalars(select(Reply).where(Reply.event_id == 1)))
    assert sorted(r.visibility for r in lessons) == ["private", "shared"]


async def test_who_says_going_on_the_day_is_not_told_tomorrow(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(START)
    await add_people(core, ("ana", "Europe/Lisbon"), ("ola", "Europe/Lisbon"), unit="Sales")
    await create(
        core, "--title", "Field day", "--date", "2026-03-30", "--time", "15:00",
        "--place", "Lisbon office", "--unit", "Sales",
    )  # fmt: skip
    await advance_to(core, clock, START + timedelta(minutes=5))
    await click(core, "ana", titled(platform, "ana", "You're invited")[0], "event.going")
    await advance_to(core, clock, datetime(2026, 3, 30, 10, tzinfo=UTC))
    going = await click(core, "ola", titled(platform, "ola", "You're invited")[0], "event.going")
    await advance_to(core, clock, datetime(2026, 3, 30, 13, tzinfo=UTC))

    assert going.text.startswith("You're going to Field day.")
    assert len(titled(platform, "ana", "Tomorrow: Field day")) == 1
    assert titled(platform, "ola", "Tomorrow") == []
