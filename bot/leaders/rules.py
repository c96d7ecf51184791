"""When a lead is nudged, and what the nudge says: signals, not spam."""

from __future__ import annotations

from dataclasses import dataclass

MIN_GROUP_FOR_FIGURES = 5


@dataclass(frozen=True)
class NudgeRules:
    quiet_weeks: int = 3
    drop_points: float = 20.0
    min_group: int = MIN_GROUP_FOR_FIGURES


@dataclass(frozen=True)
class TeamFigures:
    """A lead's team: size, last round's response rate and the 4 rounds before it."""

    size: int
    last_rate: float | None
    average_rate: float | None
    unacknowledged: int


@dataclass(frozen=True)
class LeadSignals:
    weeks_since_shared: int | None  # None: never shared
    team: TeamFigures


def nudge_reasons(signals: LeadSignals, rules: NudgeRules = NudgeRules()) -> list[str]:
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
    ):
        reasons.append("participation_drop")
    if team.unacknowledged > 0:
        reasons.append("unacknowledged")
    return reasons


def reason_text(reason: str, signals: LeadSignals, rules: NudgeRules = NudgeRules()) -> str:
    if reason == "not_shared":
        quiet = signals.weeks_since_shared
        return (
            "You haven't shared a lesson yet: teams share more when their lead goes first."
            if quiet is None
            else f"You haven't shared for {quiet} weeks: teams share more when their lead "
            "goes first."
        )
    if reason == "participation_drop":
        return "Your team's participation dropped well below its recent average."
    return (
        f"{signals.team.unacknowledged} answer(s) from your team haven't been "
        "acknowledged yet: a thank-you goes a long way."
    )


def figures_text(team: TeamFigures, rules: NudgeRules = NudgeRules()) -> str:
    """The team's figures, or why they are withheld (small groups stay anonymous)."""
    if team.size < rules.min_group:
        return (
            f"Your team has fewer than {rules.min_group} people, so I don't show its "
            "figures: they would identify individuals."
        )
    parts = []
    if team.last_rate is not None:
        parts.append(f"last round {team.last_rate:.0%} answered")
    if team.average_rate is not None:
        parts.append(f"4-round average {team.average_rate:.0%}")
    parts.append(f"{team.unacknowledged} answer(s) not yet acknowledged")
    return f"Your team ({team.size} people): " + ", ".join(parts) + "."
