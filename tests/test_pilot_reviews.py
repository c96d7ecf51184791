"""A pilot's review as its sponsor reads it: the figures against the milestone's targets with
the 5-person floor, the comparison units, and the business-metric line from the statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Program
from bot.db.pilot_baseline_models import PilotMetricValue
from bot.db.pilot_models import Pilot, PilotMilestone
from bot.evidence.figures import Period
from bot.evidence.report import program_report
from bot.pilots.review_figures import (
    business_metric_line,
    estimate_line,
    metric_samples,
    review_lines,
)
from tests.conversation import WORKSPACE, add_people, advance_to, answer_in_chat, titled, told

SALES = ("ana", "ben", "cy", "dee", "eva")
PILOT = (
    'pilot create Pilot --purpose "Fewer repeated quote mistakes." --target Sales '
    "--function frontline --established yes --metric-name 'quote errors' --metric-unit "
    "'per week' --metric-better down --metric-source 'CRM export' --compare Ops "
    f"--share-mode private --end-date 2026-04-26 --sponsor memory:{WORKSPACE}:boss "
    "--milestone 1:participation=60,reuse=1,metric=-2"
)


class FakeStatistics:
    """What `bot.pilots.statistics` offers, answering with a fixed estimate."""

    def __init__(self) -> None:
        self.asked: list[tuple[Any, ...]] = []

    def did_estimate(self, *samples: Any) -> str:
        self.asked.append(samples)
        return "estimate"

    def describe_estimate(self, estimate: str, what: str, unit: str = "") -> str:
        return f"{what} ({unit}): {estimate}, inconclusive"


async def launched(
    core: Core, clock: FakeClock, answering: tuple[str, ...], team: tuple[str, ...] = SALES
) -> None:
    """The pilot launched on Monday 2 March; `answering` answer its first question."""
    await add_people(core, ("boss", "UTC"), unit="HQ", role="admin")
    await add_people(core, *((u, "UTC") for u in team), unit="Sales")
    await add_people(core, ("olga", "UTC"), unit="Ops")
    assert (await told(core, "boss", PILOT)).startswith("created pilot 'Pilot' as a draft")
    assert "is now active" in await told(core, "boss", "program launch Pilot")
    await advance_to(core, clock, datetime(2026, 3, 5, 16, tzinfo=UTC))
    for user in answering:
        await answer_in_chat(core, user, "Check the discount field before sending a quote.")


async def test_the_review_sets_the_figures_against_the_milestone(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await launched(core, clock, SALES[:4])
    await advance_to(core, clock, datetime(2026, 3, 9, 12, tzinfo=UTC))

    [review] = titled(platform, "boss", "week 1 review")
    text = review.message.text
    assert "Participation: 4/5, 80% (" in text and "target at least 60%: met" in text
    assert "Reuse (This helped me): 0; target at least 1: not met" in text
    assert "Comparison units, participation: not asked by this program" in text
    assert "Business metric target by this week: a change of -2 per week" in text
    assert titled(platform, "ana", "review") == []


async def test_under_five_people_the_target_is_not_judged(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await launched(core, clock, SALES[:3], team=SALES[:4])
    await advance_to(core, clock, datetime(2026, 3, 9, 12, tzinfo=UTC))

    [review] = titled(platform, "boss", "week 1 review")
    assert "Participation: too few to tell; target at least 60%: too few to tell" in (
        review.message.text
    )


async def test_the_metric_line_comes_from_the_statistics_seam(core: Core, clock: FakeClock) -> None:
    await launched(core, clock, ())
    fake = FakeStatistics()
    async with core.sessions() as session:
        pilot = await session.scalar(select(Pilot))
        program = await session.scalar(select(Program))
        milestone = await session.scalar(select(PilotMilestone))
        assert pilot is not None and program is not None
        samples = ([3.0, 4.0], [2.0], [3.0], [3.0])
        line = estimate_line(pilot, samples, fake)

        async def metric_line(session: Any, pilot: Pilot, period: Period) -> str:
            return estimate_line(pilot, samples, fake)

        lines = await review_lines(
            session,
            pilot,
            program,
            milestone,
            Period(date(2026, 3, 2), date(2026, 3, 9)),
            metric_line,
        )
    assert line == "quote errors (per week): estimate, inconclusive"
    assert fake.asked[0] == samples
    assert "quote errors (per week): estimate, inconclusive" in lines
    assert estimate_line(pilot, None) == (
        "Business metric: no comparison yet (values are imported with `kmbot pilot metric import`)."
    )
    pilot.metric_name = ""
    assert estimate_line(pilot, samples, fake) == "Business metric: none was chosen for this pilot."


async def test_champions_are_left_out_of_the_pilot_s_figures(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("chip", "UTC"), unit="Sales", role="champion")
    await launched(core, clock, SALES[:3])
    await answer_in_chat(core, "chip", "I ask the team to check the discount field.")
    async with core.sessions() as session:  # the round still open: read from the prompts
        program = await session.scalar(select(Program))
        assert program is not None
        everyone = await program_report(session, program.id, units=["Sales"])
        pilot_view = await program_report(
            session, program.id, units=["Sales"], without_roles=["champion"]
        )
    assert (everyone.total.participation.k, everyone.total.outcomes.asked) == (4, 6)
    assert (pilot_view.total.participation.k, pilot_view.total.outcomes.asked) == (3, 5)
    assert (everyone.sharing.answers, pilot_view.sharing.answers) == (0, 0)  # private mode

    await advance_to(core, clock, datetime(2026, 3, 9, 12, tzinfo=UTC))  # closed and summed
    [review] = titled(platform, "boss", "week 1 review")
    assert "Participation: 3/5, 60% (" in review.message.text


async def test_imported_metric_values_give_the_review_its_difference_in_differences(
    core: Core, clock: FakeClock
) -> None:
    await launched(core, clock, ())
    launch, now = date(2026, 3, 2), datetime(2026, 3, 1, tzinfo=UTC)
    async with core.sessions.begin() as session:
        pilot = await session.scalar(select(Pilot))
        assert pilot is not None
        days = [date(2026, 2, d) for d in range(2, 28)] + [date(2026, 3, d) for d in range(2, 28)]
        for unit, drop in (("Sales", 4.0), ("Ops", 0.0), ("Elsewhere", 9.0)):
            for n, day in enumerate(days):
                value = 10.0 + n % 3 - (drop if day >= launch else 0.0)
                session.add(
                    PilotMetricValue(
                        pilot_id=pilot.id, unit=unit, day=day, value=value, imported_at=now
                    )
                )
    async with core.sessions() as session:
        pilot = await session.scalar(select(Pilot))
        assert pilot is not None
        samples = await metric_samples(session, pilot, Period(launch, date(2026, 3, 27)))
        line = await business_metric_line(session, pilot, Period(launch, date(2026, 3, 27)))
    assert samples is not None
    before, after, compared_before, compared_after = samples
    assert len(before) == 26 and len(after) == 26  # the 4 baseline weeks, and the days since
    assert compared_before is not None and compared_after is not None
    assert sum(after) / len(after) < sum(before) / len(before) - 3  # "Elsewhere" is no group
    assert line.startswith("Quote errors fell 4 per week more in the pilot than in the comparison")
