"""Creating a pilot: its program (a draft, aimed at the target units) and its pilot row, with
the seeds' advice as warnings that say why."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program
from bot.db.pilot_models import Pilot, PilotMilestone, PilotUnit
from bot.pilots.messages import advice_warning
from bot.programs import lifecycle
from bot.programs.audience import audience_units, parse_audience
from bot.programs.programs import ProgramError, ProgramSpec, audience_query, create_program

FUNCTIONS = ("frontline", "support")
BETTER = ("up", "down")
KM_UNIT = re.compile(r"\bkm\b|knowledge|champion", re.IGNORECASE)
KM_ROLES = ("champion", "admin")


@dataclass(frozen=True)
class Milestone:
    week: int
    min_participation: float | None = None
    min_reuse: int | None = None
    metric_change: float | None = None


@dataclass(frozen=True)
class PilotSpec:
    """A pilot as typed by an admin; the program's own fields are in `program`."""

    program: ProgramSpec
    function: str
    established: bool
    sponsor_id: int | None
    ends_on: date
    comparison: Sequence[str] = ()
    metric_name: str = ""
    metric_unit: str = ""
    metric_better: str = "up"
    metric_source: str = ""
    baseline_weeks: int = 4
    milestones: Sequence[Milestone] = ()


def parse_milestone(text: str) -> Milestone:
    """'6:participation=60,reuse=3,metric=-5' (any of the three)."""
    week, _, rest = text.partition(":")
    usage = f"milestone {text!r} must be WEEK:participation=PERCENT,reuse=N,metric=CHANGE"
    if not week.strip().isdigit() or not rest:
        raise ProgramError(usage)
    values: dict[str, float] = {}
    for part in rest.split(","):
        key, _, value = part.partition("=")
        try:
            values[key.strip()] = float(value)
        except ValueError:
            raise ProgramError(usage) from None
    if not set(values) <= {"participation", "reuse", "metric"}:
        raise ProgramError(usage)
    if not 0 <= values.get("participation", 0) <= 100 or values.get("reuse", 0) < 0:
        raise ProgramError(f"milestone {text!r}: participation is 0-100 %, reuse at least 0")
    reuse = values.get("reuse")
    return Milestone(
        int(week),
        values.get("participation"),
        None if reuse is None else int(reuse),
        values.get("metric"),
    )


def _check(spec: PilotSpec, today: date) -> None:
    if spec.function not in FUNCTIONS:
        raise ProgramError("function must be frontline or support")
    if spec.metric_better not in BETTER:
        raise ProgramError("the metric's better direction must be up or down")
    if not 0 <= spec.baseline_weeks <= 26:
        raise ProgramError("baseline must be 0 to 26 weeks")
    lifecycle.check_dates(None, spec.ends_on, today)
    weeks = (spec.ends_on - today).days // 7 + 1
    for milestone in spec.milestones:
        if not 1 <= milestone.week <= weeks:
            raise ProgramError(
                f"milestone week {milestone.week} is outside the pilot's {weeks} weeks"
            )
    if len({m.week for m in spec.milestones}) != len(spec.milestones):
        raise ProgramError("two milestones share a week")
    kind, value = parse_audience(spec.program.audience)
    targets = {unit.strip() for unit in value.split(",")} if kind == "unit" else set()
    overlap = targets & set(spec.comparison)
    if overlap:
        raise ProgramError(f"unit {sorted(overlap)[0]!r} cannot be both a target and a comparison")


async def create_pilot(session: AsyncSession, spec: PilotSpec, now: datetime) -> Pilot:
    """The draft program and its pilot row, in the caller's transaction."""
    _check(spec, now.date())  # everything checked before anything is written
    program = await create_program(session, spec.program, now, status=lifecycle.DRAFT)
    program.ends_on = spec.ends_on
    pilot = Pilot(
        program_id=program.id,
        function=spec.function,
        established=spec.established,
        sponsor_member_id=spec.sponsor_id,
        metric_name=spec.metric_name.strip(),
        metric_unit=spec.metric_unit.strip(),
        metric_better=spec.metric_better,
        metric_source=spec.metric_source.strip(),
        baseline_weeks=spec.baseline_weeks,
        created_at=now,
    )
    session.add(pilot)
    await session.flush()
    units = [(u, "target") for u in audience_units(program) or ()]
    units += [(u, "comparison") for u in spec.comparison]
    session.add_all(PilotUnit(pilot_id=pilot.id, unit=u, role=role) for u, role in units)
    session.add_all(
        PilotMilestone(
            pilot_id=pilot.id,
            week=m.week,
            min_participation=m.min_participation,
            min_reuse=m.min_reuse,
            metric_change=m.metric_change,
        )
        for m in spec.milestones
    )
    await session.flush()
    return pilot


async def advice(session: AsyncSession, pilot: Pilot, program: Program) -> list[str]:
    """The seeds' advice that applies, each as a warning saying why."""
    found = []
    units = audience_units(program)
    if program.audience_kind == "everyone":
        found.append("everyone")
    roles = list(await session.scalars(audience_query(program, Member.role)))
    if any(KM_UNIT.search(unit) for unit in units or ()) or (
        roles and all(role in KM_ROLES for role in roles)
    ):
        found.append("km_team")
    if pilot.function == "support":
        found.append("support")
    if not pilot.established:
        found.append("not_established")
    if not pilot.metric_name:
        found.append("no_metric")
    comparison = await session.scalar(
        select(PilotUnit.id).where(PilotUnit.pilot_id == pilot.id, PilotUnit.role == "comparison")
    )
    if comparison is None:
        found.append("no_comparison")
    return [advice_warning(key) for key in found]


async def get_pilot(session: AsyncSession, name: str) -> tuple[Pilot, Program]:
    row = (
        await session.execute(
            select(Pilot, Program)
            .join(Program, Program.id == Pilot.program_id)
            .where(Program.name == name)
        )
    ).first()
    if row is None:
        raise ProgramError(f"no pilot named {name!r} (create one: kmbot pilot create --help)")
    return row[0], row[1]
