"""When a cycle's prompt opens and closes for a member, on their working days (pure).

The round goes out on the program's weekday at its local time, or, when that day is a day
off for the member, at the same time on their next working day inside the cycle (a cycle
with no working day left is skipped). The answer window counts working days only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.working_days import EVERY_DAY, WorkingCalendar, add_working_time
from bot.schedule import Cadence

LOOK_AHEAD_CYCLES = 60  # how far `next_opening` looks past cycles with no working day


@dataclass(frozen=True)
class CycleTimes:
    """`opens`: when this member gets it (a lead `ahead` of the team); `send_at`: the team's
    moment; `closes`: the end of the answer window."""

    opens: datetime
    send_at: datetime
    closes: datetime


@dataclass(frozen=True)
class MemberCycles:
    """A program's cycles as one member (or a group sharing zone and calendar) lives them."""

    cadence: Cadence
    zone: ZoneInfo
    calendar: WorkingCalendar
    window: timedelta
    ahead: timedelta = timedelta(0)  # a lead gets the question this long before the team

    def times(self, cycle: int) -> CycleTimes | None:
        """The cycle's moments for this member (None: the cycle has no working day for them)."""
        cadence, zone, calendar = self.cadence, self.zone, self.calendar
        if cycle < 0:
            return None
        if calendar == EVERY_DAY:
            send_at = cadence.send_at(cycle, zone)
            return CycleTimes(send_at - self.ahead, send_at, send_at + self.window)
        day = calendar.next_working_day(cadence.local_send_date(cycle))
        if day is None or day >= cadence.local_send_date(cycle + 1):
            return None
        send_at = datetime.combine(day, cadence.send_time, tzinfo=zone).astimezone(UTC)
        opens = (send_at - self.ahead).astimezone(zone)
        for _ in range(14):  # a lead's early copy also lands on one of their working days
            if not self.ahead or calendar.is_working_day(opens.date()):
                break
            opens = datetime.combine(opens.date() - timedelta(days=1), opens.time(), tzinfo=zone)
        closes = add_working_time(send_at, self.window, zone, calendar)
        return CycleTimes(opens.astimezone(UTC), send_at, closes)

    def _latest(self, now: datetime) -> int:
        latest = self.cadence.latest_cycle(now + self.ahead, self.zone)
        return -1 if latest is None else latest

    def open_now(self, now: datetime) -> tuple[int, CycleTimes] | None:
        """The latest cycle whose prompt is open for this member now, with its moments."""
        latest = self._latest(now)
        for cycle in range(latest + 1, latest - 4, -1):
            times = self.times(cycle)
            if times is not None and times.opens <= now < times.closes:
                return cycle, times
        return None

    def next_opening(self, now: datetime) -> datetime | None:
        """When a cycle next opens for this member after `now` (None: not within 60 cycles)."""
        first = max(self._latest(now) - 1, 0)
        for cycle in range(first, first + LOOK_AHEAD_CYCLES):
            times = self.times(cycle)
            if times is not None and times.opens > now:
                return times.opens
        return None
