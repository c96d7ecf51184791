"""Who is due a prompt or a reminder now, and when the next one falls due (pure, no I/O).

The round's jobs act on `due`; a fake clock jumps straight to `next_at`. Both come from the
same functions, so a clock that jumps sees exactly what one that ticks every hour would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.cycles import MemberCycles
from bot.calendar.working_days import EVERY_DAY, WorkingCalendar, next_working_hours
from bot.schedule import Cadence, is_paused, start_of_local_day


@dataclass(frozen=True)
class AudienceMember:
    """A member of a program's audience, as the round sees them."""

    id: int
    tz: str | None
    workspace_id: int
    paused_until: date | None
    unit: str
    country: str | None = None
    language: str | None = None  # chosen with `lang`
    locale: str | None = None  # the platform's


@dataclass(frozen=True)
class ZoneGroup:
    """Members who share a zone and a send time; leads get the question `ahead` of the team."""

    zone: ZoneInfo
    ahead: timedelta
    members: tuple[AudienceMember, ...]
    calendar: WorkingCalendar = EVERY_DAY  # the members' days off (country, blackouts)


@dataclass(frozen=True)
class DuePrompt:
    member: AudienceMember
    cycle: int
    send_at: datetime  # the team's local send time, on a working day
    closes_at: datetime  # the end of the answer window, counted in working days


@dataclass(frozen=True)
class OpeningPlan:
    due: list[DuePrompt]
    next_at: datetime | None  # when someone next falls due, if nothing in the database changes


def group_audience(
    audience: Iterable[AudienceMember],
    leads: set[int] | dict[int, set[str]],
    zone_of: Callable[[str | None], ZoneInfo],
    lead_early: timedelta,
    calendar_of: Callable[[str | None], WorkingCalendar] = lambda _: EVERY_DAY,
) -> list[ZoneGroup]:
    """Members grouped by zone, country and whether they lead a unit (leads go first)."""
    groups: dict[tuple[str | None, bool, str | None], list[AudienceMember]] = defaultdict(list)
    for member in audience:
        groups[(member.tz, member.id in leads, member.country)].append(member)
    return [
        ZoneGroup(
            zone_of(tz), lead_early if lead else timedelta(0), tuple(members), calendar_of(country)
        )
        for (tz, lead, country), members in groups.items()
    ]


def open_cycle(cadence: Cadence, group: ZoneGroup, window: timedelta, now: datetime) -> int | None:
    """The cycle whose prompt this group may receive now, if its window is open."""
    found = group_cycles(cadence, group, window).open_now(now)
    return None if found is None else found[0]


def group_cycles(cadence: Cadence, group: ZoneGroup, window: timedelta) -> MemberCycles:
    return MemberCycles(cadence, group.zone, group.calendar, window, group.ahead)


def plan_openings(
    cadence: Cadence,
    groups: Sequence[ZoneGroup],
    window: timedelta,
    prompted: set[tuple[int, int]],
    now: datetime,
) -> OpeningPlan:
    """Prompts to open now (members without one for the open cycle, not paused) and when next.

    `prompted` holds (member id, cycle) of the prompts that exist for the open cycles.
    """
    due: list[DuePrompt] = []
    upcoming: list[datetime] = []
    for group in groups:
        cycles = group_cycles(cadence, group, window)
        found = cycles.open_now(now)
        if found is not None:
            cycle, times = found
            today = now.astimezone(group.zone).date()
            for member in group.members:
                if (member.id, cycle) in prompted:
                    continue
                if not is_paused(member.paused_until, today):
                    due.append(DuePrompt(member, cycle, times.send_at, times.closes))
                elif member.paused_until is not None:  # comes back inside the window?
                    back = start_of_local_day(member.paused_until + timedelta(days=1), group.zone)
                    if back < times.closes:
                        upcoming.append(back)
        following = cycles.next_opening(now)
        if following is not None:
            upcoming.append(following)
    return OpeningPlan(due, now if due else min(upcoming, default=None))


def reminder_time(opened: datetime, delay: timedelta, closes: datetime) -> datetime | None:
    """The reminder is due `delay` after the prompt really opened, if still inside the window.

    A prompt that opens late (after a pause, or for a newcomer) waits its own delay.
    """
    due = opened + delay
    return due if due < closes else None


def reminder_moment(
    remind_at: datetime,
    closes_at: datetime,
    zone: ZoneInfo,
    paused_until: date | None,
    now: datetime,
    calendar: WorkingCalendar = EVERY_DAY,
) -> datetime | None:
    """The first moment from `now` a reminder may go: in local working hours of a working
    day, not while the member is paused, and before the window closes (None: it never will)."""
    moment = max(remind_at, now)
    for _ in range(3):
        if is_paused(paused_until, moment.astimezone(zone).date()):
            assert paused_until is not None
            moment = start_of_local_day(paused_until + timedelta(days=1), zone)
        moment = next_working_hours(moment, zone, calendar)
        if not is_paused(paused_until, moment.astimezone(zone).date()):
            break
    return moment if moment < closes_at else None
