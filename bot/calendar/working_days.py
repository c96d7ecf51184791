"""Which local days are working days for a member of a program, and time counted in them.

A day is not a working day when it is a public holiday or a weekend day of the member's
country, or one of the program's blackout dates. A member without a country has no public
holidays and, unless the caller says otherwise, no weekend (the program's weekday stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.calendar.blackouts import DateRange, in_blackout, parse_blackouts
from bot.calendar.countries import holiday_name, weekend_days
from bot.schedule import WORKDAY_START, next_working_moment

MAX_SKIP = timedelta(days=400)  # no calendar has more days off in a row than this
WEEKDAYS_ONLY = frozenset({5, 6})  # Saturday and Sunday: the weekend where none is known


@dataclass(frozen=True)
class WorkingCalendar:
    """A member's days off: their country's holidays and weekend, the program's blackouts."""

    country: str | None = None
    blackouts: tuple[DateRange, ...] = ()

    def day_off(self, day: date, *, default_weekend: frozenset[int] = frozenset()) -> str | None:
        """Why `day` is not a working day ('weekend', a holiday's name, 'blackout'), or None."""
        if in_blackout(self.blackouts, day):
            return "blackout"
        if self.country is None:
            return "weekend" if day.weekday() in default_weekend else None
        if day.weekday() in weekend_days(self.country):
            return "weekend"
        return holiday_name(self.country, day)

    def is_working_day(self, day: date, *, default_weekend: frozenset[int] = frozenset()) -> bool:
        return self.day_off(day, default_weekend=default_weekend) is None

    def next_working_day(
        self, day: date, *, default_weekend: frozenset[int] = frozenset()
    ) -> date | None:
        """`day` or the first working day after it (None: none within MAX_SKIP)."""
        for offset in range(MAX_SKIP.days):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate, default_weekend=default_weekend):
                return candidate
        return None


EVERY_DAY = WorkingCalendar()


def on_working_day(
    moment: datetime,
    zone: ZoneInfo,
    calendar: WorkingCalendar,
    *,
    default_weekend: frozenset[int] = frozenset(),
) -> datetime:
    """`moment` if its local day is a working day, else the same local time on the next one."""
    local = moment.astimezone(zone)
    day = calendar.next_working_day(local.date(), default_weekend=default_weekend)
    if day is None or day == local.date():
        return moment
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)


def add_working_time(
    start: datetime, duration: timedelta, zone: ZoneInfo, calendar: WorkingCalendar
) -> datetime:
    """`start` plus `duration`, counting only the local wall-clock time of working days.

    72 hours from Thursday 15:00 with Friday and Saturday off ends on Tuesday at 15:00. With
    every day working it is plain addition, DST changes included.
    """
    if calendar == EVERY_DAY:
        return start + duration
    local = start.astimezone(zone).replace(tzinfo=None)
    left = duration
    skipped = timedelta(0)
    while True:
        day_end = datetime.combine(local.date() + timedelta(days=1), time(0))
        if calendar.is_working_day(local.date()):
            if local + left <= day_end:
                return (local + left).replace(tzinfo=zone).astimezone(UTC)
            left -= day_end - local
        else:
            skipped += day_end - local
            if skipped > MAX_SKIP:
                return start + duration
        local = day_end


def next_working_hours(
    moment: datetime,
    zone: ZoneInfo,
    calendar: WorkingCalendar,
    *,
    default_weekend: frozenset[int] = frozenset(),
) -> datetime:
    """`moment` if it is in local working hours (08:00-19:00) of a working day, else the
    moment those next begin."""
    moment = next_working_moment(moment, zone)
    local = moment.astimezone(zone)
    day = calendar.next_working_day(local.date(), default_weekend=default_weekend)
    if day is None or day == local.date():
        return moment
    return datetime.combine(day, WORKDAY_START, tzinfo=zone).astimezone(UTC)


@lru_cache(maxsize=1024)
def calendar_for(country: str | None, blackout_dates: str = "") -> WorkingCalendar:
    """The calendar of a member in `country` (None: unknown) for a program's blackout text."""
    return WorkingCalendar(country, parse_blackouts(blackout_dates))
