"""A review's figures: participation and reuse of the pilot's target units against the
milestone's targets, the comparison units beside them, and the business-metric line.

The business-metric line comes through one seam, `business_metric_line`: it reads the
metric's values with `metric_samples` and describes them with `bot.pilots.statistics`
(`did_estimate`, `describe_estimate`), imported only when there are values to compare, so a
review works before either is there.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from types import ModuleType
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.db.pilot_models import Pilot, PilotMilestone, PilotUnit
from bot.evidence.figures import Period, ProgramReport
from bot.evidence.render import counted
from bot.evidence.report import program_report
from bot.i18n import _
from bot.pilots import review_messages as words

# The four samples of a difference-in-differences: pilot before, pilot after, comparison
# before, comparison after.
Samples = tuple[Sequence[float], Sequence[float], Sequence[float], Sequence[float]]
MetricLine = Callable[[AsyncSession, Pilot, Period], Awaitable[str]]
STATISTICS = "bot.pilots.statistics"
NOT_COUNTED = ("champion",)  # champions' own activity stays out of a pilot's figures


async def metric_samples(session: AsyncSession, pilot: Pilot, period: Period) -> Samples | None:
    """The metric's imported values around the launch; None: none are recorded (yet).

    The seam for the metric import (`kmbot pilot metric import`), wired when it lands."""
    return None


def estimate_line(pilot: Pilot, samples: Samples | None, statistics: Any = None) -> str:
    """The business-metric comparison in one sentence, from `bot.pilots.statistics`."""
    if not pilot.metric_name:
        return _("Business metric: none was chosen for this pilot.")
    if samples is None:
        return _(words.NO_ESTIMATE)
    module: ModuleType | Any = statistics or importlib.import_module(STATISTICS)
    estimate = module.did_estimate(*samples)
    return str(module.describe_estimate(estimate, pilot.metric_name, pilot.metric_unit))


async def business_metric_line(session: AsyncSession, pilot: Pilot, period: Period) -> str:
    return estimate_line(pilot, await metric_samples(session, pilot, period))


async def units_of(session: AsyncSession, pilot: Pilot, role: str) -> list[str]:
    query = select(PilotUnit.unit).where(PilotUnit.pilot_id == pilot.id, PilotUnit.role == role)
    return sorted(await session.scalars(query))


def _participation(report: ProgramReport, target: float | None, comparison: bool) -> str:
    share = report.total.participation
    what = words.participation_name(comparison)
    if report.total.outcomes.asked == 0:
        return words.target_line(what, _(words.NOT_ASKED), "", None)
    goal = "" if target is None else words.at_least(f"{target:g}%")
    met = None if share.rate is None or target is None else share.rate * 100 >= target
    return words.target_line(what, counted(share), goal, met)


def _reuse(report: ProgramReport, target: int | None) -> str:
    reuse = report.sharing.reuse
    goal = "" if target is None else words.at_least(str(target))
    figure = _(words.NOT_RECORDED) if reuse is None else str(reuse)
    met = None if reuse is None or target is None else reuse >= target
    return words.target_line(words.reuse_name(), figure, goal, met)


async def review_lines(
    session: AsyncSession,
    pilot: Pilot,
    program: Program,
    milestone: PilotMilestone | None,
    period: Period,
    metric_line: MetricLine = business_metric_line,
) -> list[str]:
    """The review's lines, in order: the pilot's figures, the comparison's, the metric."""
    targets = await units_of(session, pilot, "target")
    comparison = await units_of(session, pilot, "comparison")
    report = await program_report(
        session, program.id, period, units=targets or None, without_roles=NOT_COUNTED
    )
    lines = [
        _("Since {start}, in {units}:").format(
            start=period.start, units=", ".join(targets) or _("the program's audience")
        ),
        _participation(report, milestone.min_participation if milestone else None, False),
        _reuse(report, milestone.min_reuse if milestone else None),
    ]
    if comparison:
        compared = await program_report(
            session, program.id, period, units=comparison, without_roles=NOT_COUNTED
        )
        lines.append(_participation(compared, None, True))
    lines.append(await metric_line(session, pilot, period))
    if milestone is not None and milestone.metric_change is not None:
        lines.append(
            _("Business metric target by this week: a change of {change:+g} {unit}")
            .format(change=milestone.metric_change, unit=pilot.metric_unit)
            .strip()
        )
    return lines
