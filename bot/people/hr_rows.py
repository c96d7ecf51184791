"""Rows of an HR file (CSV), read into plain values; pure, no database."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.calendar.countries import check_country

REQUIRED_COLUMNS = ("person",)
OPTIONAL_COLUMNS = (
    "unit",
    "role",
    "manager",
    "level",
    "office",
    "country",
    "title",
    "start_date",
)


class ImportFileError(ValueError):
    """The whole file cannot be read (no person column, not CSV); nothing is applied."""


@dataclass(frozen=True)
class ImportRow:
    """One row as written; None means the column is absent (keep what kmbot has).

    `manager` "" means no manager (the top of the organisation); `level` None means derive it
    from the manager chain; `problem` is why the row cannot be read (it is refused).
    """

    line: int
    person: str
    unit: str | None = None
    role: str | None = None
    manager: str | None = None
    level: int | None = None
    office: str | None = None
    country: str | None = None  # ISO 3166 code: the member's public holidays and weekend
    start_date: date | None = None  # their first day: within 90 days, a newcomer
    problem: str = ""
    title: str | None = None  # job title: signs a sponsor's endorsement


@dataclass(frozen=True)
class ImportFile:
    rows: list[ImportRow]
    ignored_columns: list[str]


def read_rows(text: str) -> ImportFile:
    """The file's rows; columns other than person and OPTIONAL_COLUMNS are listed as ignored."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(
            f"missing column(s): {', '.join(missing)} "
            f"(expected: person, and any of {', '.join(OPTIONAL_COLUMNS)})"
        )
    reader.fieldnames = columns
    rows = []
    for raw in reader:
        rows.append(_row(reader.line_num, {k: (v or "").strip() for k, v in raw.items() if k}))
    ignored = [c for c in columns if c and c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
    return ImportFile(rows, ignored)


def _row(line: int, cells: dict[str, str]) -> ImportRow:
    def kept(column: str) -> str | None:  # an empty cell keeps what kmbot has, like no column
        return cells.get(column) or None

    level, problem = _level(cells.get("level", ""))
    country, country_problem = _country(cells.get("country", ""))
    start_date, start_problem = _start_date(cells.get("start_date", ""))
    problem = problem or country_problem or start_problem
    if not cells.get("person"):
        problem = "no person (an email or PLATFORM:WORKSPACE:USER)"
    return ImportRow(
        line=line,
        person=cells.get("person", ""),
        unit=kept("unit"),
        role=(kept("role") or "").lower() or None,
        manager=cells.get("manager"),
        level=level,
        office=kept("office"),
        country=country,
        start_date=start_date,
        problem=problem,
        title=kept("title"),
    )


def _level(text: str) -> tuple[int | None, str]:
    if not text:
        return None, ""
    if not text.isdigit() or not 1 <= int(text) <= 50:
        return None, f"level {text!r} is not a whole number from 1 (the top) to 50"
    return int(text), ""


def _country(text: str) -> tuple[str | None, str]:
    if not text:
        return None, ""
    try:
        return check_country(text), ""
    except ValueError as exc:
        return None, str(exc)


def _start_date(text: str) -> tuple[date | None, str]:
    if not text:
        return None, ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"start_date {text!r} is not a date like 2026-03-02 (YYYY-MM-DD)"


def is_email(reference: str) -> bool:
    return "@" in reference and ":" not in reference
