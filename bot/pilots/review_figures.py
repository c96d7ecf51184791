"""A review's figures: participation and reuse of the pilot's target units against the
milestone's targets, the comparison units beside them, and the business-metric line.

The business-metric line, `business_metric_line`, reads the metric's imported values with
`metric_samples` (the baseline weeks before the launch against the weeks since, for the target
and the comparison units) and describes them with `bot.pilots.statistics`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.db.pilot_baseline_models import PilotMetricValue
from bot.db.pilot_models import Pilot, PilotMilestone, PilotUnit
from bot.evidence.figures import Period, ProgramReport
from bot.evidence.render import counted
from bot.evidence.report import program_report
from bot.i18n import _
from bot.pilots import review_messages as words
from bot.pilots import statistics as real_statistics

# The four samples of a difference-in-differences: pilot before, pilot after, comparison
# before, comparison after (None: no comparison unit has values; a before/after change only).
Samples = tuple[Sequence[float], Sequence[float], Sequence[float] | None, Sequence[float] | None]
MetricLine = Callable[[AsyncSession, Pilot, Period], Awaitable[str]]
NOT_COUNTED = ("champion",)  # champions' own activity stays out of a pilot's figures


async def metric_samples(session: AsyncSession, pilot: Pilot, period: Period) -> Samples | None:
    """The metric's imported values: the pilot's baseline weeks before the launch against the
    days since, for its target and its comparison units; None before any value or launch."""
    if period.start is None:
        return None
    since = period.start - timedelta(weeks=pilot.baseline_weeks)
    roles = dict(
        (
            await session.execute(
                select(PilotUnit.unit, PilotUnit.role).where(PilotUnit.pilot_id == pilot.id)
            )
        )
        .tuples()
        .all()
    )
    rows = await session.execute(
        select(PilotMetricValue.unit, PilotMetricValue.day, PilotMetricValue.value).where(
            PilotMetricValue.pilot_id == pilot.id,
            PilotMetricValue.day >= since,
            PilotMetricValue.day <= (period.end or date.max),
        )
    )
    groups: dict[tuple[str, bool], list[float]] = {}
    for unit, day, value in rows.tuples():
        if unit in roles:
            groups.setdefault((roles[unit], day >= period.start), []).append(value)
    target = groups.get(("target", False), []), groups.get(("target", True), [])
    if not (target[0] or target[1]):
        return None
    before, after = groups.get(("comparison", False)), groups.get(("comparison", True))
    if not (before and after):
        return (*target, None, None)
    return (*target, before, after)


def estimate_line(pilot: Pilot, samples: Samples | None, statistics: Any = None) -> str:
    """The business-metric comparison in one sentence, from `bot.pilots.statistics`."""
    if not pilot.metric_name:
        return _("Business metric: none was chosen for this pilot.")
    if samples is None:
        return _(words.NO_ESTIMATE)
    module: Any = statistics or real_statistics
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
