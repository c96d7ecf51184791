"""`kmbot demo --pilot`: the pilot the demo runs, its calendar, and the one assumption it
makes (`assumed_effect`), which the output and the README state as an assumption of the
demo, never as a finding."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.demo.organisation import FEED, START, WORKSPACE

PILOT = "First-call pilot"
TARGET = "Sales"  # a frontline function
COMPARISON = "Operations"
METRIC = "first-call resolution"
METRIC_UNIT = "%"
BASELINE_WEEKS = 4
LAUNCH = (START + timedelta(weeks=BASELINE_WEEKS)).date()  # a Monday
IMPORT_AT = time(12)  # each Saturday the week's CSV export is imported
LEVELS = {TARGET: 68.0, COMPARISON: 72.0}  # the metric's level before the pilot
NOISE = 3.0  # day-to-day spread (standard deviation) of the metric, in points
DRIFT_PER_WEEK = 0.3  # what happens anyway, in both units: the comparison takes it out


@dataclass(frozen=True)
class PilotCalendar:
    """The pilot's weeks: a baseline before the launch, then `weeks` of pilot."""

    weeks: int

    @property
    def milestones(self) -> list[int]:
        return sorted({max(1, self.weeks // 3), max(1, 2 * self.weeks // 3)} - {self.weeks})

    @property
    def ends_on(self) -> date:
        return LAUNCH + timedelta(weeks=self.weeks, days=-1)  # a Sunday

    def saturdays(self) -> list[datetime]:
        """When each week's values are imported: every Saturday, baseline and pilot."""
        first = START + timedelta(days=5)
        count = BASELINE_WEEKS + self.weeks
        return [
            datetime.combine((first + timedelta(weeks=w)).date(), IMPORT_AT, START.tzinfo)
            for w in range(count)
        ]


def assumption(effect: float) -> str:
    """What the demo puts in, said in the output as an assumption of the demo."""
    return (
        f"Assumption of the demo, not a finding: after the launch the simulation adds "
        f"{effect:g} points to {TARGET}'s {METRIC} and makes its colleagues {effect:g} "
        f"points likelier to answer; {COMPARISON} (the comparison) gets no change; both get "
        f"the same drift of {DRIFT_PER_WEEK:g} points a week. Whatever the reviews estimate, "
        f"the demo put it there (--assumed-effect {effect:g}; 0 plays a pilot with no effect)."
    )


def metric_csv(week_of: datetime, effect: float, rng: random.Random) -> str:
    """The simulated CRM export of one week (Monday to Friday before `week_of`), one value per
    unit and working day, as `kmbot pilot metric import` reads it."""
    lines = ["date,unit,value"]
    monday = (week_of - timedelta(days=5)).date()
    for offset in range(5):
        day = monday + timedelta(days=offset)
        weeks = (day - START.date()).days / 7
        for unit, level in LEVELS.items():
            value = level + DRIFT_PER_WEEK * weeks + rng.gauss(0, NOISE)
            if unit == TARGET and day >= LAUNCH:
                value += effect
            lines.append(f"{day},{unit},{value:.1f}")
    return "\n".join(lines) + "\n"


def create_command(calendar: PilotCalendar, sponsor: str) -> str:
    """`pilot create …` as an admin would type it."""
    milestones = " ".join(
        f"--milestone {week}:participation=50,metric=+3" for week in calendar.milestones
    )
    return (
        f'pilot create "{PILOT}" --purpose "Fewer calls that need a second call." '
        f"--target {TARGET} --compare {COMPARISON} --function frontline --established yes "
        f'--sponsor memory:{WORKSPACE}:{sponsor} --metric-name "{METRIC}" '
        f'--metric-unit "{METRIC_UNIT}" --metric-better up '
        f'--metric-source "the demo\'s simulated CRM export" '
        f"--baseline-weeks {BASELINE_WEEKS} {milestones} --end-date {calendar.ends_on} "
        f"--share-mode digest --feed memory:{WORKSPACE}:{FEED} "
        f'--reason "the demo\'s pilot"'
    )


def launch_command() -> str:
    why = f"after {BASELINE_WEEKS} weeks of baseline"
    return f'program launch "{PILOT}" --on {LAUNCH} --reason "{why}"'
