"""Who counts as a newcomer, and when each step of their first month is due (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.working_days import WEEKDAYS_ONLY, WorkingCalendar, next_working_hours
from bot.schedule import start_of_local_day

NEWCOMER_DAYS = 90
"""A member is a newcomer for 90 days from their start date (in the report, too)."""
FIRST_MONTH_DAYS = 30
"""The welcome and the starter questions belong to the first 30 days; later, none is sent."""
STARTER_COUNT = 3
"""How many starter questions replace the ordinary weekly one."""
PARTNER_FROM_DAY, PARTNER_UNTIL_DAY = 7, 14
"""The partner is introduced in the second week: days 7 to 13 after the start date."""


def days_in(start: date, today: date) -> int:
    """Days since the start date (0 on the first day, negative before it)."""
    return (today - start).days


def is_newcomer(start: date | None, today: date) -> bool:
    """True from the start date for NEWCOMER_DAYS days."""
    return start is not None and 0 <= days_in(start, today) < NEWCOMER_DAYS


def in_first_month(start: date | None, today: date) -> bool:
    return start is not None and 0 <= days_in(start, today) < FIRST_MONTH_DAYS


def welcome_moment(
    start: date, known_since: datetime, zone: ZoneInfo, calendar: WorkingCalendar
) -> datetime | None:
    """When the welcome goes out: the first working hours (a weekday, 08:00-19:00 local) on
    or after both the start date and the moment kmbot met the member; None once that falls
    outside the first month (the welcome is then left out)."""
    earliest = max(start_of_local_day(start, zone), known_since.astimezone(UTC))
    moment = next_working_hours(earliest, zone, calendar, default_weekend=WEEKDAYS_ONLY)
    return moment if in_first_month(start, moment.astimezone(zone).date()) else None


def partner_moment(
    start: date, now: datetime, zone: ZoneInfo, calendar: WorkingCalendar
) -> datetime | None:
    """When the partner is introduced: working hours in the second week (from day 7, not
    before `now`); None when the second week is over."""
    earliest = max(start_of_local_day(start + timedelta(days=PARTNER_FROM_DAY), zone), now)
    moment = next_working_hours(earliest, zone, calendar, default_weekend=WEEKDAYS_ONLY)
    day = days_in(start, moment.astimezone(zone).date())
    return moment if PARTNER_FROM_DAY <= day < PARTNER_UNTIL_DAY else None
