"""Holidays, regional weekends and blackout dates move the round, read as conversations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.calendar.working_days import EVERY_DAY, calendar_for
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Member, Prompt
from bot.leaders.rules import LeadFacts, TeamFacts, next_nudge_at, nudge_reasons_at
from bot.people.hr_import import import_people
from jobs.registry import JOBS
from tests.conversation import WORKSPACE, add_people, add_program, advance_to, titled, told

QUESTION = "this week's question"


def local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%a %Y-%m-%d %H:%M")


async def set_countries(core: Core, **countries: str) -> None:
    """Give members their countries the way an admin does: `kmbot members import` a CSV."""
    rows = "".join(f"memory:{WORKSPACE}:{user},{code}\n" for user, code in countries.items())
    async with core.sessions.begin() as session:
        done = await import_people(session, "person,country\n" + rows, core.clock.now())
    assert not done.refused, done.refused


async def closes_at(core: Core, user: str) -> list[str]:
    async with core.sessions() as session:
        rows = await session.execute(
            select(Prompt.closes_at, Member.tz)
            .join(Member, Prompt.member_id == Member.id)
            .where(Member.external_id == user)
            .order_by(Prompt.cycle)
        )
        return [local(closes, tz) for closes, tz in rows]


@pytest.mark.parametrize(
    ("country", "zone", "week", "prompted"),
    [
        # Thanksgiving, Thursday 26 November 2026: the round moves to Friday.
        ("US", "America/New_York", datetime(2026, 11, 23, tzinfo=UTC), "Fri 2026-11-27 15:00"),
        # Corpus Christi, Thursday 4 June 2026, is a public holiday in Portugal.
        ("PT", "Europe/Lisbon", datetime(2026, 6, 1, tzinfo=UTC), "Fri 2026-06-05 15:00"),
        # Pesach on Thursday 2 April 2026, then Israel's Friday-Saturday weekend: Sunday.
        ("IL", "Asia/Jerusalem", datetime(2026, 3, 30, tzinfo=UTC), "Sun 2026-04-05 15:00"),
    ],
)
async def test_a_public_holiday_moves_the_prompt_to_the_next_working_day(
    core: Core,
    clock: FakeClock,
    platform: InMemoryPlatform,
    country: str,
    zone: str,
    week: datetime,
    prompted: str,
) -> None:
    clock.set(week)
    await add_people(core, ("dana", zone), ("sam", zone))
    await set_countries(core, dana=country)  # sam's country is not known: Thursday stands
    await add_program(core, reminder_delay_hours=0)

    await advance_to(core, clock, week + timedelta(days=7))

    assert [local(s.at, zone) for s in titled(platform, "dana", QUESTION)] == [prompted]
    assert [local(s.at, zone) for s in titled(platform, "sam", QUESTION)] == [
        local(week + timedelta(days=3, hours=15), "UTC")[:-5] + "15:00"
    ]


async def test_the_answer_window_counts_working_days_only(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 3, 30, tzinfo=UTC))
    await add_people(core, ("noa", "Asia/Jerusalem"), ("ana", "Europe/Lisbon"))
    await set_countries(core, noa="IL", ana="PT")
    await add_program(core, reminder_delay_hours=0)

    await advance_to(core, clock, datetime(2026, 4, 5, 13, tzinfo=UTC))

    # Noa: Sunday 15:00, then three working days: Monday, Tuesday, (Wednesday is the seventh
    # day of Pesach), Thursday. Ana: Thursday from 15:00 (9 h), not Good Friday nor the
    # weekend, Monday, Tuesday, and Wednesday until 15:00.
    assert await closes_at(core, "noa") == ["Thu 2026-04-09 15:00"]
    assert await closes_at(core, "ana") == ["Wed 2026-04-08 15:00"]


async def test_the_reminder_waits_for_the_end_of_a_holiday(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 6, 1, tzinfo=UTC))
    await add_people(core, ("ana", "Europe/Lisbon"))
    await set_countries(core, ana="PT")
    await add_program(core, weekday="wed")  # a reminder after 24 hours: on Corpus Christi

    await advance_to(core, clock, datetime(2026, 6, 10, tzinfo=UTC))

    sends = [
        (local(s.at, "Europe/Lisbon"), s.message.text) for s in titled(platform, "ana", QUESTION)
    ]
    assert [at for at, _ in sends] == ["Wed 2026-06-03 15:00", "Fri 2026-06-05 08:00"]
    assert "friendly reminder" in sends[1][1]
    assert await closes_at(core, "ana") == ["Tue 2026-06-09 15:00"]


async def test_check_in_intros_skip_a_public_holiday(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 11, 23, tzinfo=UTC))
    await add_people(core, ("ann", "America/New_York"), ("bo", "America/New_York"))
    await set_countries(core, ann="US", bo="US")
    await add_program(
        core,
        reminder_delay_hours=0,
        checkins=True,
        checkin_cadence_weeks=1,
        checkin_weekday="thu",
        checkin_time="10:00",
    )

    await advance_to(core, clock, datetime(2026, 11, 28, tzinfo=UTC))

    for user in ("ann", "bo"):
        intros = titled(platform, user, "peer check-in with")
        assert [local(s.at, "America/New_York") for s in intros] == ["Fri 2026-11-27 10:00"]


async def test_blackout_dates_skip_the_rounds_they_cover(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 12, 14, tzinfo=UTC))
    await add_people(core, ("ana", "Europe/Lisbon"), ("kim", "UTC"))
    await set_countries(core, ana="PT")
    await add_program(core, blackout_dates="2026-12-21..2026-12-31, 2027-01-07")

    await advance_to(core, clock, datetime(2027, 1, 16, tzinfo=UTC))

    # No round in the break; the one of 31 December goes out on the first working day after
    # it: Ana's New Year's Day and weekend, then Monday; Kim (no country) on 1 January.
    # The 7 January round moves to Friday the 8th.
    assert [local(s.at, "Europe/Lisbon") for s in titled(platform, "ana", QUESTION)] == [
        "Thu 2026-12-17 15:00",
        "Fri 2026-12-18 15:00",  # the reminder
        "Mon 2027-01-04 15:00",
        "Tue 2027-01-05 15:00",
        "Fri 2027-01-08 15:00",
        "Mon 2027-01-11 08:00",  # its reminder: not on the weekend
        "Thu 2027-01-14 15:00",
        "Fri 2027-01-15 15:00",
    ]
    assert [local(s.at, "UTC") for s in titled(platform, "kim", QUESTION)][::2] == [
        "Thu 2026-12-17 15:00",
        "Fri 2027-01-01 15:00",
        "Fri 2027-01-08 15:00",
        "Thu 2027-01-14 15:00",
    ]


async def test_a_country_the_holidays_package_does_not_know_is_refused_with_its_row(
    core: Core, clock: FakeClock
) -> None:
    await add_people(core, ("ana", "Europe/Lisbon"))
    csv = f"person,unit,country\nmemory:{WORKSPACE}:ana,Eng,Narnia\n"
    async with core.sessions.begin() as session:
        done = await import_people(session, csv, clock.now())
    assert not done.applied
    [refused] = done.refused
    assert "unknown country 'Narnia'" in refused
    async with core.sessions() as session:
        assert (await session.scalar(select(Member.country))) is None


def test_no_nudge_on_a_lead_s_public_holiday_or_weekend() -> None:
    new_york, jerusalem = ZoneInfo("America/New_York"), ZoneInfo("Asia/Jerusalem")
    quiet_team = TeamFacts(size=6, last_rate=None, average_rate=None)
    asked = datetime(2026, 1, 8, 15, tzinfo=UTC)  # the team's first prompt, long before
    us_lead = LeadFacts(
        zone=new_york, team=quiet_team, calendar=calendar_for("US"), first_team_prompt=asked
    )
    thanksgiving = datetime(2026, 11, 26, 10, tzinfo=new_york)

    assert nudge_reasons_at(us_lead, thanksgiving) == []
    assert next_nudge_at(us_lead, thanksgiving) == datetime(2026, 11, 27, 8, tzinfo=new_york)
    # Without a country a lead keeps Monday to Friday and has no holidays.
    assert nudge_reasons_at(replace(us_lead, calendar=EVERY_DAY), thanksgiving) == ["not_shared"]

    il_lead = LeadFacts(
        zone=jerusalem, team=quiet_team, calendar=calendar_for("IL"), first_team_prompt=asked
    )
    friday = datetime(2026, 3, 6, 10, tzinfo=jerusalem)
    assert nudge_reasons_at(il_lead, friday) == []
    assert next_nudge_at(il_lead, friday) == datetime(2026, 3, 8, 8, tzinfo=jerusalem)  # Sunday


async def _weeks_with_holidays(url: str, *, jump: bool) -> list[tuple[datetime, str, str]]:
    """Colleagues in three countries over Pesach and Easter, with a blackout day."""
    upgrade(url)
    engine = make_engine(url)
    clock = FakeClock(datetime(2026, 3, 30, tzinfo=UTC))
    platform = InMemoryPlatform(clock)
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await core.seed()
    await add_people(core, ("noa", "Asia/Jerusalem"), ("eli", "Asia/Jerusalem"), role="lead")
    await add_people(core, ("ana", "Europe/Lisbon"), ("rui", "Europe/Lisbon"), unit="Ops")
    await add_people(core, ("ann", "America/New_York"), ("kim", None), unit="Ops")
    await set_countries(core, noa="IL", eli="IL", ana="PT", rui="PT", ann="US")
    await add_program(
        core,
        blackout_dates="2026-04-09",
        checkins=True,
        checkin_cadence_weeks=1,
        checkin_weekday="fri",
    )
    until = clock.now() + timedelta(days=13)
    if jump:
        await advance_to(core, clock, until)
    else:  # what a scheduler does: every job at every step
        while clock.now() < until:
            for job in JOBS:
                await job.run(core)
            clock.advance(timedelta(hours=1))
    await engine.dispose()
    return [(s.at, str(s.to), s.message.title) for s in platform.transcript]


async def test_a_clock_that_jumps_sees_the_holidays_a_ticking_one_sees(tmp_path: Path) -> None:
    ticked = await _weeks_with_holidays(f"sqlite+aiosqlite:///{tmp_path / 't.db'}", jump=False)
    jumped = await _weeks_with_holidays(f"sqlite+aiosqlite:///{tmp_path / 'j.db'}", jump=True)

    assert any(QUESTION in title for _, _, title in ticked)
    assert any("peer check-in with" in title for _, _, title in ticked)
    assert jumped == ticked


async def test_a_member_sets_their_own_country_in_chat_and_the_prompt_follows_it(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    clock.set(datetime(2026, 3, 30, tzinfo=UTC))
    await add_people(core, ("noa", "Asia/Jerusalem"))
    await add_program(core, reminder_delay_hours=0)

    assert "unknown country 'Narnia'" in await told(core, "noa", "country Narnia")
    assert "now IL" in await told(core, "noa", "country il")
    assert await told(core, "noa", "country") == "Your country is IL."
    await advance_to(core, clock, datetime(2026, 4, 6, tzinfo=UTC))

    sent = titled(platform, "noa", QUESTION)
    assert [local(s.at, "Asia/Jerusalem") for s in sent] == ["Sun 2026-04-05 15:00"]
