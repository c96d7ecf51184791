"""`pilot metric import`: the business metric's values (date, unit, value) from a CSV, every
row checked before any is stored, and the baseline and latest value per group for `show`."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.pilot_baseline_models import PilotMetricValue
from bot.db.pilot_models import Pilot, PilotUnit
from bot.programs.programs import ProgramError

COLUMNS = ("date", "unit", "value")


@dataclass
class MetricRows:
    """The rows a file gives, or the reason each bad one is refused."""

    values: list[tuple[date, str, float]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def parse_metric_file(text: str, units: set[str]) -> MetricRows:
    """Every row checked: a YYYY-MM-DD date, a unit of the pilot, a finite number."""
    rows = MetricRows()
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or ()]
    if header[:3] != list(COLUMNS):
        rows.refused.append("the file's first line must be the header: date,unit,value")
        return rows
    reader.fieldnames = header
    seen: dict[tuple[date, str], int] = {}
    for line, row in enumerate(reader, start=2):
        problem, parsed = _check_row(row, units)
        if parsed and parsed[:2] in seen:
            problem = f"{parsed[1]} on {parsed[0]} is also on row {seen[parsed[:2]]}"
        if problem:
            rows.refused.append(f"row {line}: {problem}")
        elif parsed:
            seen[parsed[:2]] = line
            rows.values.append(parsed)
    if not rows.values and not rows.refused:
        rows.refused.append("the file has no rows after its header")
    return rows


def _check_row(
    row: dict[str, str | None], units: set[str]
) -> tuple[str, tuple[date, str, float] | None]:
    raw_day, unit, raw_value = (str(row.get(name) or "").strip() for name in COLUMNS)
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        return f"date {raw_day!r} is not YYYY-MM-DD", None
    if unit not in units:
        known = ", ".join(sorted(units)) or "none"
        return f"unit {unit!r} is not a target or comparison unit of this pilot ({known})", None
    try:
        value = float(raw_value)
    except ValueError:
        return f"value {raw_value!r} is not a number", None
    if not math.isfinite(value):
        return f"value {raw_value!r} is not a number", None
    return "", (day, unit, value)


async def import_metric(
    session: AsyncSession, pilot: Pilot, text: str, now: datetime, dry_run: bool
) -> str:
    """All rows or none; a value for a unit and day already stored is replaced."""
    units = await _roles(session, pilot)
    rows = parse_metric_file(text, set(units))
    if rows.refused:
        raise ProgramError(
            "\n".join(["the file was not imported, nothing changed:", *rows.refused])
        )
    keys = [(unit, day) for day, unit, _ in rows.values]
    replaced = await session.scalar(
        select(PilotMetricValue.id)
        .where(PilotMetricValue.pilot_id == pilot.id)
        .where(tuple_(PilotMetricValue.unit, PilotMetricValue.day).in_(keys))
        .limit(1)
    )
    verb = "would import" if dry_run else "imported"
    summary = f"{verb} {len(rows.values)} values of {pilot.metric_name or 'the metric'}"
    if replaced is not None:
        summary += " (replacing values already stored for the same unit and day)"
    if dry_run:
        return summary + "; a dry run: nothing stored"
    await session.execute(
        delete(PilotMetricValue)
        .where(PilotMetricValue.pilot_id == pilot.id)
        .where(tuple_(PilotMetricValue.unit, PilotMetricValue.day).in_(keys))
    )
    session.add_all(
        PilotMetricValue(pilot_id=pilot.id, unit=unit, day=day, value=value, imported_at=now)
        for day, unit, value in rows.values
    )
    await session.flush()
    return summary


async def _roles(session: AsyncSession, pilot: Pilot) -> dict[str, str]:
    rows = await session.execute(
        select(PilotUnit.unit, PilotUnit.role).where(PilotUnit.pilot_id == pilot.id)
    )
    return {unit: role for unit, role in rows}


async def metric_lines(session: AsyncSession, pilot: Pilot) -> list[str]:
    """Per group: the mean of its units' first day (the baseline) and of their latest day."""
    if not pilot.metric_name:
        return []
    roles = await _roles(session, pilot)
    by_role: dict[str, dict[date, list[float]]] = {}
    rows = await session.execute(
        select(PilotMetricValue.unit, PilotMetricValue.day, PilotMetricValue.value).where(
            PilotMetricValue.pilot_id == pilot.id
        )
    )
    for unit, day, value in rows:
        if unit in roles:
            by_role.setdefault(roles[unit], {}).setdefault(day, []).append(value)
    if not by_role:
        return [f"{'metric values':>17}: none imported (kmbot pilot metric import)"]
    lines = []
    for role in ("target", "comparison"):
        days = by_role.get(role)
        if not days:
            continue
        first, last = min(days), max(days)
        lines.append(
            f"{'metric, ' + role:>17}: baseline {_mean(days[first]):g} on {first}, "
            f"latest {_mean(days[last]):g} on {last} {pilot.metric_unit}".rstrip()
        )
    return lines


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2)
