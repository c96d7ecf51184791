"""A member's country: its public holidays and weekend days, from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from bot.i18n import _


def check_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code ('pt' -> 'PT') the holidays package knows; ValueError else."""
    code = text.strip().upper()
    if code not in _supported():
        raise ValueError(
            _(
                "unknown country {country} (use a two-letter ISO 3166 code such as PT, US or IL)"
            ).format(country=repr(text))
        )
    return code


@lru_cache(maxsize=1)
def _supported() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=512)
def _country_year(code: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(code, years=year)


def holiday_name(code: str, day: date) -> str | None:
    """The public holiday on `day` in country `code`, if there is one."""
    name = _country_year(code, day.year).get(day)
    return str(name) if name else None


@lru_cache(maxsize=512)
def weekend_days(code: str) -> frozenset[int]:
    """The country's weekend as weekday numbers (0 = Monday): {5, 6}, or {4, 5} in Israel."""
    return frozenset(_country_year(code, 2000).weekend)
