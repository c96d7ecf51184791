"""The working-day rules on their own: countries, weekends, blackout dates (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.blackouts import format_blackouts, parse_blackouts
from bot.calendar.countries import check_country, weekend_days
from bot.calendar.working_days import EVERY_DAY, add_working_time, calendar_for
from bot.programs.programs import ProgramError, ProgramSpec, validated


def test_weekends_come_from_the_country() -> None:
    assert weekend_days("PT") == {5, 6}  # Saturday, Sunday
    assert weekend_days("IL") == {4, 5}  # Friday, Saturday
    assert weekend_days("SA") == {4, 5}
    assert check_country(" il ") == "IL"
    with pytest.raises(ValueError, match="unknown country 'XX'"):
        check_country("XX")


def test_a_day_off_says_why() -> None:
    us = calendar_for("US", "2026-12-24..2026-12-31")
    assert us.day_off(date(2026, 11, 26)) == "Thanksgiving Day"
    assert us.day_off(date(2026, 11, 28)) == "weekend"
    assert us.day_off(date(2026, 12, 29)) == "blackout"
    assert us.day_off(date(2026, 11, 27)) is None
    assert us.next_working_day(date(2026, 12, 24)) == date(2027, 1, 4)  # New Year, weekend


def test_working_time_is_plain_time_when_every_day_works_and_across_dst() -> None:
    lisbon = ZoneInfo("Europe/Lisbon")
    start = datetime(2026, 3, 27, 15, tzinfo=lisbon).astimezone(UTC)  # Friday before DST
    assert add_working_time(start, timedelta(hours=72), lisbon, EVERY_DAY) == start + timedelta(
        hours=72
    )
    # Portugal: Saturday and Sunday (the DST change) do not count; wall clock 15:00 Wednesday.
    ends = add_working_time(start, timedelta(hours=72), lisbon, calendar_for("PT"))
    assert ends.astimezone(lisbon) == datetime(2026, 4, 1, 15, tzinfo=lisbon)


def test_blackout_dates_are_read_and_written_back_canonically() -> None:
    ranges = parse_blackouts(" 2027-01-07, 2026-12-24..2026-12-31 ,")
    assert format_blackouts(ranges) == "2026-12-24..2026-12-31,2027-01-07"
    assert parse_blackouts("none") == ()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("2026-13-01", "blackout '2026-13-01' is not a date or a range"),
        ("24/12/2026", "blackout '24/12/2026' is not a date or a range"),
        ("2026-12-31..2026-12-24", "blackout '2026-12-31..2026-12-24' ends before it starts"),
        (",".join(str(date(2027, 1, 1) + timedelta(days=n)) for n in range(41)), "at most 40"),
    ],
)
def test_a_bad_blackout_is_one_clear_line(text: str, error: str) -> None:
    spec = ProgramSpec(
        name="Weekly", purpose="We share.", share_mode="private", blackout_dates=text
    )
    with pytest.raises(ProgramError, match=error.replace("..", r"\.\.")) as caught:
        validated(spec)
    assert "\n" not in str(caught.value)
