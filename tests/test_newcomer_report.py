"""`kmbot report` sets newcomers (their first 90 days) beside existing staff: participation
with Wilson intervals, and "too few to tell" with no counts behind fewer than 5 newcomers."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.cli.parser import build_parser
from bot.cli.report import report_command
from bot.clock import FakeClock
from bot.core import Core
from bot.evidence.newcomers import newcomer_comparison
from tests.report_data import MONDAY, KnownData

NEW = ("n1", "n2", "n3", "n4", "n5")
STAFF = ("s1", "s2", "s3", "s4", "s5", "s6")


async def organisation(core: Core, newcomers: tuple[str, ...]) -> int:
    """Two rounds: newcomers answer 9 of 10 (n5 misses one), staff 6 of 12 (half miss)."""
    async with core.sessions.begin() as session:
        data = KnownData(session)
        await data.people("Eng", *newcomers, *STAFF)
        for name in newcomers:
            data.members[name].start_date = MONDAY.date() - timedelta(days=10)
        data.members["s6"].start_date = date(2025, 1, 6)  # started long ago: staff
        program = await data.program("Weekly learning")
        for cycle in (0, 1):
            outcomes = {n: "shared" for n in newcomers}
            outcomes |= {s: ("private" if i % 2 else "missed") for i, s in enumerate(STAFF)}
            if cycle == 1 and "n5" in newcomers:
                outcomes["n5"] = "missed"
            await data.round(program, cycle, outcomes)
        return program


async def test_newcomers_beside_existing_staff_with_intervals(core: Core) -> None:
    program = await organisation(core, NEW)

    async with core.sessions() as session:
        compared = await newcomer_comparison(session, program)

    assert (compared.newcomers.k, compared.newcomers.n) == (9, 10)
    assert (compared.existing.k, compared.existing.n) == (6, 12)
    assert compared.newcomers.low is not None and 0.59 < compared.newcomers.low < 0.6
    assert compared.gap.estimate is not None and round(compared.gap.estimate, 2) == 0.4


async def test_a_prompt_after_the_first_90_days_counts_as_existing_staff(core: Core) -> None:
    program = await organisation(core, NEW)
    async with core.sessions.begin() as session:
        data = KnownData(session)
        data.members = {}
        await data.people("Eng", "n1")  # the same member, found again
        await data.round(program, 20, {"n1": "shared"})  # week 20: day 143

    async with core.sessions() as session:
        compared = await newcomer_comparison(session, program)

    assert (compared.newcomers.k, compared.existing.k, compared.existing.n) == (9, 7, 13)


async def test_fewer_than_five_newcomers_is_too_few_to_tell(core: Core, clock: FakeClock) -> None:
    await organisation(core, NEW[:4])
    args = build_parser().parse_args(["report", "Weekly learning"])
    as_json = build_parser().parse_args(["report", "Weekly learning", "--json"])

    async with core.sessions() as session:
        text = await report_command(session, clock, args)
        shown = json.loads(await report_command(session, clock, as_json))

    assert "Newcomers (first 90 days) and existing staff, participation:" in text
    assert "  newcomers: too few to tell" in text
    assert "  existing staff: 6/12, 50% (25%–75%)" in text
    assert "  difference: too few to tell" in text
    assert shown["newcomers"]["newcomers"] == {"too_few": True}  # no counts at all
    assert shown["newcomers"]["existing"]["k"] == 6
