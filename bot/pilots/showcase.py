"""A pilot's showcase, as a business manager reads it: what was tried, where and for how long,
the sponsor's words, the business metric against the comparison with its interval, participation,
reuse, the pulse before and after, the decision taken, and up to three stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.db.pilot_models import Pilot
from bot.db.pilot_review_models import PilotDecision
from bot.evidence.figures import MIN_PEOPLE, Period, Proportion
from bot.evidence.report import program_report
from bot.pilots import statistics
from bot.pilots.pulse_report import PulseWave, pulse_waves
from bot.pilots.review_figures import NOT_COUNTED, estimate_line, metric_samples, units_of
from bot.pilots.sponsor_words import SponsorWords, sponsor_words
from bot.pilots.stories import Story, pilot_stories


@dataclass(frozen=True)
class Decision:
    choice: str
    review: str  # "final review" or "week N review"
    by: str
    on: date
    reason: str


@dataclass(frozen=True)
class Showcase:
    """Every figure of the page, each already behind the floor of five."""

    pilot_id: int
    program_id: int
    name: str
    purpose: str
    status: str
    targets: tuple[str, ...]
    comparison: tuple[str, ...]
    period: Period
    words: SponsorWords | None
    metric_name: str
    metric_unit: str
    metric_better: str
    estimate: statistics.Estimate | None
    metric_sentence: str
    participation: Proportion
    compared_participation: Proportion | None
    answers_shared: int
    reuse: int | None
    pulse: tuple[PulseWave, ...]
    decision: Decision | None
    stories: tuple[Story, ...]

    @property
    def weeks(self) -> int | None:
        start, end = self.period.start, self.period.end
        return None if start is None or end is None else max(1, ((end - start).days + 1) // 7)

    @property
    def reuse_shown(self) -> bool:
        return self.reuse is not None and self.reuse >= MIN_PEOPLE


async def _decision(session: AsyncSession, pilot: Pilot) -> Decision | None:
    """The latest decision taken on the pilot's reviews."""
    row = await session.scalar(
        select(PilotDecision)
        .where(PilotDecision.pilot_id == pilot.id)
        .order_by(PilotDecision.decided_at.desc(), PilotDecision.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    review = "final review" if row.week == 0 else f"week {row.week} review"
    return Decision(row.choice, review, row.decided_by, row.decided_at.date(), row.reason)


async def pilot_showcase(
    session: AsyncSession, pilot: Pilot, program: Program, today: date
) -> Showcase:
    """The showcase of one pilot, over its days so far (all of them once it ended)."""
    end = min(program.ends_on, today) if program.ends_on else today
    period = Period(program.starts_on, end)
    targets = tuple(await units_of(session, pilot, "target"))
    comparison = tuple(await units_of(session, pilot, "comparison"))
    report = await program_report(
        session, program.id, period, units=list(targets) or None, without_roles=NOT_COUNTED
    )
    compared = None
    if comparison:
        other = await program_report(
            session, program.id, period, units=list(comparison), without_roles=NOT_COUNTED
        )
        compared = other.total.participation
    samples = await metric_samples(session, pilot, period)
    estimate = statistics.did_estimate(*samples) if samples and pilot.metric_name else None
    return Showcase(
        pilot.id,
        program.id,
        program.name,
        program.purpose,
        program.status,
        targets,
        comparison,
        period,
        await sponsor_words(session, pilot),
        pilot.metric_name,
        pilot.metric_unit,
        pilot.metric_better,
        estimate,
        estimate_line(pilot, samples),
        report.total.participation,
        compared,
        report.sharing.answers,
        report.sharing.reuse,
        tuple(await pulse_waves(session, pilot)),
        await _decision(session, pilot),
        tuple(await pilot_stories(session, report.sharing.most_helped)),
    )
