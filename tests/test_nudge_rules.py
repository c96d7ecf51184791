"""The nudge rules fire exactly on their signals."""

from __future__ import annotations

import pytest

from bot.leaders.messages import figures_text
from bot.leaders.rules import LeadSignals, TeamFigures, nudge_reasons

QUIET_TEAM = TeamFigures(size=8, last_rate=0.8, average_rate=0.8, unacknowledged=0)


@pytest.mark.parametrize(("weeks", "fires"), [(None, True), (0, False), (2, False), (3, True)])
def test_a_lead_who_has_not_shared_for_three_weeks(weeks: int | None, fires: bool) -> None:
    assert ("not_shared" in nudge_reasons(LeadSignals(weeks, QUIET_TEAM))) is fires


@pytest.mark.parametrize(
    ("last", "average", "fires"),
    [(0.6, 0.8, True), (0.61, 0.8, False), (0.5, None, False), (None, 0.8, False)],
)
def test_a_participation_drop_of_twenty_points(
    last: float | None, average: float | None, fires: bool
) -> None:
    team = TeamFigures(8, last, average, 0)
    assert ("participation_drop" in nudge_reasons(LeadSignals(1, team))) is fires


def test_unacknowledged_answers_and_a_quiet_week() -> None:
    assert nudge_reasons(LeadSignals(1, TeamFigures(8, 0.8, 0.8, 2))) == ["unacknowledged"]
    assert nudge_reasons(LeadSignals(1, QUIET_TEAM)) == []


def test_figures_are_withheld_for_a_group_smaller_than_five() -> None:
    assert "fewer than 5 people" in figures_text(TeamFigures(4, 0.5, 0.9, 1))
    assert "80%" in figures_text(TeamFigures(5, 0.8, 0.7, 1))
