"""When a lead is nudged: the signals and the gates in one rule, decided without I/O.

A lead is nudged at most once an ISO week, on working days in their working hours, never while
snoozed or within a week of acting (a thank-you, a lesson, a click on a nudge), never before
the lead's team had its first prompt (so a lead outside every program's audience is never
nudged), and only when a signal fires: no sharing for weeks, a drop in the team's
participation (at least `drop_points` and larger than chance for the team's size: Fisher's
exact test of the last round against the 4 before it, so one person of five missing a week
is not a drop), or team answers nobody acknowledged. `nudge_reasons_at` decides for any
moment; `next_nudge_at` finds the first moment it would say yes, so a fake clock can jump
there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.working_days import EVERY_DAY, WEEKDAYS_ONLY, WorkingCalendar
from bot.evidence.stats import drop_beyond_chance
from bot.schedule import WORKDAY_START, iso_week, within_working_hours

MIN_GROUP_FOR_FIGURES = 5
RECENT = timedelta(days=7)
HORIZON = timedelta(days=8)  # every such span holds a weekday's working hours


@dataclass(frozen=True)
class NudgeRules:
    quiet_weeks: int = 3
    drop_points: float = 20.0
    min_group: int = MIN_GROUP_FOR_FIGURES


DEFAULT_RULES = NudgeRules()


@dataclass(frozen=True)
class TeamFigures:
    """A lead's team: size, last round's response rate and the 4 rounds before it; the
    counts behind them, (answered, asked), to tell a drop from chance."""

    size: int
    last_rate: float | None
    average_rate: float | None
    unacknowledged: int
    last_counts: tuple[int, int] = (0, 0)
    before_counts: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class LeadSignals:
    weeks_since_shared: int | None  # None: never shared
    team: TeamFigures


@dataclass(frozen=True)
class TeamFacts:
    """The team as the database has it; `unacknowledged` holds when each open answer nobody
    thanked or found helpful was written (the past week's count at any moment follows)."""

    size: int
    last_rate: float | None
    average_rate: float | None
    unacknowledged: tuple[datetime, ...] = ()
    last_counts: tuple[int, int] = (0, 0)
    before_counts: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class LeadFacts:
    """What the database says about one lead; `team` is None until it is read (it costs most)."""

    zone: ZoneInfo
    snoozed_until: date | None = None
    last_acted: datetime | None = None
    nudged_weeks: frozenset[str] = frozenset()
    last_shared: datetime | None = None
    team: TeamFacts | None = None
    calendar: WorkingCalendar = EVERY_DAY  # the lead's country: holidays and weekend
    first_team_prompt: datetime | None = None  # None: no one in the team was ever asked


def nudge_reasons(signals: LeadSignals, rules: NudgeRules = DEFAULT_RULES) -> list[str]:
    """The signals that fire, in the order the nudge mentions them."""
    reasons = []
    quiet = signals.weeks_since_shared
    if quiet is None or quiet >= rules.quiet_weeks:
        reasons.append("not_shared")
    team = signals.team
    if (
        team.last_rate is not None
        and team.average_rate is not None
        and (team.average_rate - team.last_rate) * 100 >= rules.drop_points
        and drop_beyond_chance(team.last_counts, team.before_counts)
    ):
        reasons.append("participation_drop")
    if team.unacknowledged > 0:
        reasons.append("unacknowledged")
    return reasons


def gates_open(facts: LeadFacts, moment: datetime) -> bool:
    """The team had its first prompt; working hours of a working day (Monday to Friday where
    the lead's country is not known; no public holiday there), not snoozed, not acted in the
    past week, not nudged this week."""
    moment = moment.astimezone(UTC)  # a week back is 168 hours, whatever the clocks did
    if facts.first_team_prompt is None or facts.first_team_prompt > moment:
        return False
    local = moment.astimezone(facts.zone)
    if facts.snoozed_until is not None and local.date() <= facts.snoozed_until:
        return False
    if not facts.calendar.is_working_day(local.date(), default_weekend=WEEKDAYS_ONLY):
        return False
    if not within_working_hours(moment, facts.zone):
        return False
    if facts.last_acted is not None and facts.last_acted >= moment - RECENT:
        return False
    return iso_week(local.date()) not in facts.nudged_weeks


def signals_at(facts: LeadFacts, team: TeamFacts, moment: datetime) -> LeadSignals:
    """The signals as they stand at `moment`."""
    moment = moment.astimezone(UTC)
    weeks = None if facts.last_shared is None else (moment - facts.last_shared).days // 7
    recent = sum(1 for written in team.unacknowledged if written >= moment - RECENT)
    figures = TeamFigures(
        team.size,
        team.last_rate,
        team.average_rate,
        recent,
        team.last_counts,
        team.before_counts,
    )
    return LeadSignals(weeks, figures)


def nudge_reasons_at(
    facts: LeadFacts, moment: datetime, rules: NudgeRules = DEFAULT_RULES
) -> list[str]:
    """The nudge's reasons at `moment`; empty when no nudge is due (gates shut or no signal)."""
    if facts.team is None:
        raise ValueError("the team's facts are needed to decide a nudge")
    if not gates_open(facts, moment):
        return []
    return nudge_reasons(signals_at(facts, facts.team, moment), rules)


def next_nudge_at(facts: LeadFacts, now: datetime, rules: NudgeRules = DEFAULT_RULES) -> datetime:
    """The first moment from `now` a nudge is due, if nothing in the database changes.

    Without the team's facts, the first moment the gates open (a signal may fire then). The
    answer turns true only where a gate opens or a signal starts: at now, at 08:00 local, when
    the past week's action ages out, or when the lead's quiet spell reaches `quiet_weeks`.
    """
    moments = {now}
    local_day = now.astimezone(facts.zone).date()
    for offset in range(HORIZON.days + 1):
        day = local_day + timedelta(days=offset)
        moments.add(datetime.combine(day, WORKDAY_START, tzinfo=facts.zone).astimezone(UTC))
    if facts.last_acted is not None:
        moments.add(facts.last_acted + RECENT + timedelta(microseconds=1))
    if facts.last_shared is not None:
        moments.add(facts.last_shared + timedelta(weeks=rules.quiet_weeks))
    if facts.first_team_prompt is not None:
        moments.add(facts.first_team_prompt)
    for moment in sorted(m for m in moments if now <= m < now + HORIZON):
        if facts.team is None:
            if gates_open(facts, moment):
                return moment
        elif nudge_reasons_at(facts, moment, rules):
            return moment
    return now + HORIZON
