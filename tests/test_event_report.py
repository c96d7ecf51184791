"""`kmbot report` and events: those who went, their participation in the 4 weeks before and
after, with Wilson intervals, and nothing behind fewer than 5 people."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.cli.parser import build_parser
from bot.cli.report import report_command
from bot.clock import FakeClock
from bot.core import Core
from bot.db.event_models import Event, EventInvite
from tests.report_data import MONDAY, KnownData

PEOPLE = [f"s{i}" for i in range(1, 10)]
WENT = PEOPLE[:5]
EVENT_DAY = MONDAY + timedelta(weeks=4, hours=10)  # Monday 2 February 2026


async def report(core: Core, clock: FakeClock, *argv: str) -> str:
    args = build_parser().parse_args(["report", *argv])
    async with core.sessions.begin() as session:
        return await report_command(session, clock, args)


async def an_event(data: KnownData, title: str, day: datetime, going: list[str]) -> None:
    event = Event(
        title=title, starts_at=day, ends_at=day + timedelta(hours=2), zone="UTC",
        ics_token=title.ljust(32, "x"), created_at=MONDAY,
    )  # fmt: skip
    data.session.add(event)
    await data.session.flush()
    for name in PEOPLE:
        status = "going" if name in going else "not_going"
        data.session.add(
            EventInvite(event_id=event.id, member_id=data.members[name].id, status=status)
        )


async def eight_weeks(core: Core) -> None:
    """Nine people, eight weekly rounds; five went to Field day after round 3 and answered 10
    of their 20 prompts before it and 19 of 20 after; those who did not go answered all."""
    async with core.sessions.begin() as session:
        data = KnownData(session)
        await data.people("Sales", *PEOPLE)
        program = await data.program("Weekly learning")
        for cycle in range(8):
            outcomes = {name: "shared" for name in PEOPLE}
            for name in WENT:
                if cycle < 4 and cycle % 2:
                    outcomes[name] = "missed"
            if cycle == 7:
                outcomes["s5"] = "skipped"
            await data.round(program, cycle, outcomes)
        await an_event(data, "Field day", EVENT_DAY, WENT)
        await an_event(data, "Small lunch", EVENT_DAY + timedelta(days=1), WENT[:4])
        await an_event(data, "Not yet", datetime(2026, 3, 20, 9, tzinfo=UTC), WENT)


async def test_the_report_compares_those_who_went_before_and_after_each_event(
    core: Core, clock: FakeClock
) -> None:
    await eight_weeks(core)
    clock.set(datetime(2026, 3, 10, tzinfo=UTC))

    text = await report(core, clock, "Weekly learning")

    assert "Events (those who went; their prompts 4 weeks before → 4 weeks after):" in text
    assert (
        "  2026-02-02 Field day: 5 went; answered 50% (30%–70%) before, 95% (76%–99%) after; "
        "change +45 points (+18 to +65)"
    ) in text
    assert (
        "  2026-02-03 Small lunch: 4 went; answered too few to tell before, too few to tell "
        "after; change too few to tell"
    ) in text
    assert "Not yet" not in text  # not over: nothing to compare

    shown = json.loads(await report(core, clock, "Weekly learning", "--json"))
    field_day, lunch = shown["events"]
    assert (field_day["went"], field_day["before"]["answered"], field_day["before"]["asked"]) == (
        5, 10, 20,
    )  # fmt: skip
    assert (field_day["after"]["answered"], field_day["after"]["asked"]) == (19, 20)
    assert lunch["before"] == {"too_few": True} and lunch["change"] is None


async def test_a_period_keeps_the_events_held_in_it(core: Core, clock: FakeClock) -> None:
    await eight_weeks(core)
    clock.set(datetime(2026, 3, 10, tzinfo=UTC))

    text = await report(core, clock, "Weekly learning", "--from", "2026-02-03")

    assert "Small lunch" in text and "Field day" not in text
