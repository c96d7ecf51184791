"""Cycles of a program and when each member's prompt falls due, in the member's own zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAY_START = time(8, 0)
WORKDAY_END = time(19, 0)


@dataclass(frozen=True)
class Cadence:
    """Cycle k of a program starts on `anchor_week` + k * `every_weeks` weeks."""

    anchor_week: date
    every_weeks: int
    weekday: int
    send_time: time

    def local_send_date(self, cycle: int) -> date:
        return self.anchor_week + timedelta(weeks=cycle * self.every_weeks, days=self.weekday)

    def send_at(self, cycle: int, zone: ZoneInfo) -> datetime:
        """The UTC instant of the local send time of `cycle` in `zone` (DST-aware).

        A wall time that does not exist (skipped by a spring-forward) lands just after the gap.
        """
        local = datetime.combine(self.local_send_date(cycle), self.send_time, tzinfo=zone)
        return local.astimezone(UTC)

    def latest_cycle(self, now: datetime, zone: ZoneInfo) -> int | None:
        """The most recent cycle whose send time in `zone` is not after `now`."""
        local_today = now.astimezone(zone).date()
        cycle = (local_today - self.anchor_week).days // (7 * self.every_weeks)
        if cycle >= 0 and self.send_at(cycle, zone) > now:
            cycle -= 1
        return cycle if cycle >= 0 else None

    def due_cycle(self, now: datetime, zone: ZoneInfo, window: timedelta) -> int | None:
        """The cycle whose prompt is due for a member in `zone` now, if its window is open."""
        cycle = self.latest_cycle(now, zone)
        if cycle is None or now >= self.send_at(cycle, zone) + window:
            return None
        return cycle


def iso_week(day: date) -> str:
    """'2026-W10' for a date: the label of a round's week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_weekday(text: str) -> int:
    """'mon'..'sun' (or a full name) to 0..6; ValueError names the bad value."""
    key = text.strip().lower()[:3]
    if key not in WEEKDAYS or not text.strip().lower().startswith(key):
        raise ValueError(f"unknown weekday {text!r} (use mon, tue, wed, thu, fri, sat or sun)")
    return WEEKDAYS.index(key)


def parse_local_time(text: str) -> time:
    """'HH:MM' (24-hour) to a time; ValueError names the bad value."""
    try:
        hours, minutes = text.strip().split(":")
        if len(minutes) != 2:
            raise ValueError
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"invalid time {text!r} (use HH:MM, 24-hour, e.g. 15:00)") from None


def within_working_hours(now: datetime, zone: ZoneInfo) -> bool:
    """True between 08:00 and 19:00 local time: the only hours a reminder may arrive."""
    local = now.astimezone(zone).time()
    return WORKDAY_START <= local < WORKDAY_END


def is_paused(paused_until: date | None, local_today: date) -> bool:
    """Paused until a date: nothing arrives until that local day is over."""
    return paused_until is not None and local_today <= paused_until


def start_of_local_day(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which local `day` begins in `zone`."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def next_working_moment(
    moment: datetime, zone: ZoneInfo, *, weekdays_only: bool = False
) -> datetime:
    """`moment` if it falls in local working hours, else the moment they next begin.

    Working hours are 08:00 to 19:00 local time, Monday to Friday when `weekdays_only`.
    """
    local = moment.astimezone(zone)
    for _ in range(8):  # a working moment always comes within a week
        weekday_ok = not weekdays_only or local.weekday() < 5
        if weekday_ok and WORKDAY_START <= local.time() < WORKDAY_END:
            return local.astimezone(UTC)
        day = local.date() if local.time() < WORKDAY_START else local.date() + timedelta(days=1)
        local = datetime.combine(day, WORKDAY_START, tzinfo=zone)
    raise AssertionError("no working hours within a week")


def resolve_zone(*names: str | None) -> ZoneInfo:
    """The first valid zone among member, program and organisation zones."""
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (KeyError, ValueError):
                continue
    return ZoneInfo("UTC")
