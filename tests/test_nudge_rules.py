"""The nudge rules fire exactly on their signals."""

from __future__ import annotations

import pytest

from bot.leaders.messages import figures_text
from bot.leaders.rules import LeadSignals, TeamFigures, nudge_reasons

QUIET_TEAM = TeamFigures(size=8, last_rate=0.8, average_rate=0.8, unacknowledged=0)


@pytest.mark.parametrize(("weeks", "fires"), [(None, True), (0, False), (2, False), (3, True)])
def test_a_lead_who_has_not_shared_for_three_weeks(weeks: int | None, fires: bool) -> None:
    assert ("not_shared" in nudge_reasons(LeadSignals(weeks, QUIET_TEAM))) is fires


def team_of(size: int, last: int, before: tuple[int, int]) -> TeamFigures:
    """A team of `size` where `last` answered last round, `before` = (answered, asked) in the
    4 rounds before."""
    return TeamFigures(size, last / size, before[0] / before[1], 0, (last, size), before)


@pytest.mark.parametrize(
    ("team", "fires"),
    [
        (team_of(20, 10, (72, 80)), True),  # 90% -> 50% in a team of 20: not chance
        (team_of(20, 13, (64, 80)), False),  # 80% -> 65%: less than 20 points
        (team_of(5, 4, (20, 20)), False),  # one of five missed once after four full weeks
        (team_of(5, 2, (20, 20)), True),  # 100% -> 40% in five people: p = 0.004
        (team_of(8, 3, (30, 32)), True),  # 94% -> 38% in eight
        (TeamFigures(8, 0.5, None, 0), False),  # no rounds before: nothing to drop from
        (TeamFigures(8, None, 0.8, 0), False),
    ],
)
def test_a_participation_drop_fires_only_when_larger_than_chance_for_the_team(
    team: TeamFigures, fires: bool
) -> None:
    assert ("participation_drop" in nudge_reasons(LeadSignals(1, team))) is fires


def test_unacknowledged_answers_and_a_quiet_week() -> None:
    assert nudge_reasons(LeadSignals(1, TeamFigures(8, 0.8, 0.8, 2))) == ["unacknowledged"]
    assert nudge_reasons(LeadSignals(1, QUIET_TEAM)) == []


def test_figures_are_withheld_for_a_group_smaller_than_five() -> None:
    assert "fewer than 5 people" in figures_text(TeamFigures(4, 0.5, 0.9, 1))
    assert "80%" in figures_text(TeamFigures(5, 0.8, 0.7, 1))
