"""The 'when next' rules never skip past work: each is checked against a clock that ticks.

A fake clock jumps to the moment these functions name, so a moment later than the first one
with work would lose a prompt, a reminder or a nudge (and one with no work, a wasted stop).
Zones with daylight saving and half-hour offsets, dates near the clock changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.leaders.rules import HORIZON, LeadFacts, TeamFacts, gates_open, next_nudge_at
from bot.leaders.rules import nudge_reasons_at as nudge_due
from bot.prompts.due import AudienceMember, group_audience, plan_openings, reminder_moment
from bot.schedule import Cadence, is_paused, iso_week, within_working_hours

ZONES = (
    "Europe/Lisbon",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)
CLOCK_CHANGES = (  # 2026: US, EU and Australian changes, both ways
    datetime(2026, 3, 8, tzinfo=UTC),
    datetime(2026, 3, 29, tzinfo=UTC),
    datetime(2026, 4, 5, tzinfo=UTC),
    datetime(2026, 10, 4, tzinfo=UTC),
    datetime(2026, 10, 25, tzinfo=UTC),
    datetime(2026, 11, 1, tzinfo=UTC),
)
TICK = timedelta(minutes=20)

zones = st.sampled_from(ZONES).map(ZoneInfo)
nows = st.builds(
    lambda change, minutes: change + timedelta(minutes=minutes),
    st.sampled_from(CLOCK_CHANGES),
    st.integers(-10 * 24 * 60, 10 * 24 * 60),
)


def ticks(start: datetime, end: datetime) -> list[datetime]:
    """Every TICK from `start` up to (not including) `end`, and the instant just before it."""
    moments = []
    moment = start
    while moment < end:
        moments.append(moment)
        moment += TICK
    if end > start:
        moments.append(end - timedelta(microseconds=1))
    return moments


def minutes_before(now: datetime, most: int) -> st.SearchStrategy[datetime]:
    return st.integers(0, most).map(lambda minutes: now - timedelta(minutes=minutes))


@st.composite
def lead_facts(draw: st.DrawFn, now: datetime) -> LeadFacts:
    zone = draw(zones)
    local_week = iso_week(now.astimezone(zone).date())
    team = draw(
        st.none()
        | st.builds(
            TeamFacts,
            st.integers(0, 9),
            st.none() | st.floats(0, 1),
            st.none() | st.floats(0, 1),
            st.lists(minutes_before(now, 8 * 24 * 60), max_size=3).map(tuple),
        )
    )
    return LeadFacts(
        zone=zone,
        snoozed_until=draw(st.none() | st.integers(-3, 9).map(lambda d: now.date() + timedelta(d))),
        last_acted=draw(
            st.none() | st.integers(0, 9 * 24 * 60).map(lambda m: now - timedelta(minutes=m))
        ),
        nudged_weeks=frozenset(draw(st.sets(st.sampled_from([local_week, "2026-W01"])))),
        last_shared=draw(st.none() | minutes_before(now, 30 * 24 * 60)),
        team=team,
        first_team_prompt=draw(
            st.none()
            | st.integers(-3 * 24 * 60, 30 * 24 * 60).map(lambda m: now - timedelta(minutes=m))
        ),
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_lead_is_due_a_nudge_before_the_moment_the_rule_names(data: st.DataObject) -> None:
    now = data.draw(nows)
    facts = data.draw(lead_facts(now))
    named = next_nudge_at(facts, now)

    def due(moment: datetime) -> bool:
        return bool(nudge_due(facts, moment)) if facts.team else gates_open(facts, moment)

    assert not [m for m in ticks(now, min(named, now + HORIZON)) if due(m)]
    if named < now + HORIZON:
        assert due(named)  # and it is a real moment with work, not a wasted stop


@settings(max_examples=150, deadline=None)
@given(
    zone=zones,
    now=nows,
    remind_in=st.integers(-3 * 24 * 60, 3 * 24 * 60),
    window=st.integers(1, 5 * 24 * 60),
    paused=st.none() | st.integers(-2, 4),
)
def test_no_reminder_is_due_before_the_moment_the_rule_names(
    zone: ZoneInfo, now: datetime, remind_in: int, window: int, paused: int | None
) -> None:
    remind_at = now + timedelta(minutes=remind_in)
    closes_at = remind_at + timedelta(minutes=window)
    paused_until = None if paused is None else now.date() + timedelta(days=paused)
    named = reminder_moment(remind_at, closes_at, zone, paused_until, now)

    def due(moment: datetime) -> bool:
        local_day = moment.astimezone(zone).date()
        return (
            remind_at <= moment < closes_at
            and within_working_hours(moment, zone)
            and not is_paused(paused_until, local_day)
        )

    assert not [m for m in ticks(now, named or closes_at) if due(m)]
    if named is not None:
        assert due(named)


@settings(max_examples=60, deadline=None)
@given(
    now=nows,
    members=st.lists(
        st.tuples(st.sampled_from((*ZONES, None)), st.none() | st.integers(-3, 12), st.booleans()),
        min_size=1,
        max_size=5,
    ),
    prompted=st.sets(st.integers(0, 4)),
)
def test_nobody_falls_due_a_prompt_before_the_moment_the_plan_names(
    now: datetime, members: list[tuple[str | None, int | None, bool]], prompted: set[int]
) -> None:
    cadence = Cadence(date(2026, 1, 5), 1, 3, time(15, 0))  # Thursdays 15:00
    window = timedelta(hours=72)
    audience = [
        AudienceMember(n, tz, 1, None if p is None else now.date() + timedelta(days=p), "Eng")
        for n, (tz, p, _) in enumerate(members)
    ]
    leads = {n for n, (_, _, lead) in enumerate(members) if lead}
    groups = group_audience(audience, leads, lambda tz: ZoneInfo(tz or "UTC"), timedelta(hours=24))
    # Members in `prompted` already have their prompt for every cycle.
    done = {(n, cycle) for n in prompted for cycle in range(60)}

    plan = plan_openings(cadence, groups, window, done, now)
    assert plan.next_at is not None
    if plan.due:
        assert plan.next_at == now
        return
    for moment in ticks(now, plan.next_at):
        assert not plan_openings(cadence, groups, window, done, moment).due


def test_a_lead_who_acted_just_over_a_week_ago_across_the_clock_change_is_nudged_on_time() -> None:
    # Lisbon goes back to UTC on Sunday 25 October 2026; the lead last acted on the Monday
    # before at 07:30 UTC, so from Monday 26 October 07:30 UTC a week has passed.
    facts = LeadFacts(
        zone=ZoneInfo("Europe/Lisbon"),
        last_acted=datetime(2026, 10, 19, 7, 30, tzinfo=UTC),
        team=TeamFacts(6, None, None),
        first_team_prompt=datetime(2026, 9, 3, 15, tzinfo=UTC),
    )
    sunday = datetime(2026, 10, 25, 12, tzinfo=UTC)
    monday_8 = datetime(2026, 10, 26, 8, tzinfo=UTC)  # 08:00 in Lisbon, now on UTC

    assert nudge_due(facts, monday_8) == ["not_shared"]
    assert next_nudge_at(facts, sunday) == monday_8
