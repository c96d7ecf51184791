"""`kmbot report` on known data: every figure below is counted by hand from the rounds."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.parser import build_parser
from bot.cli.report import report_command
from bot.clock import FakeClock
from bot.core import Core
from bot.db.archive_models import ReuseEvent
from bot.db.models import Member, Prompt
from tests.report_data import MONDAY, KnownData

SALES = [f"s{i}" for i in range(1, 10)]
OPS = ["o1", "o2", "o3"]


def thursday(cycle: int) -> object:
    return MONDAY + timedelta(weeks=cycle, days=3)


async def known_program(session: AsyncSession) -> KnownData:
    """Sales: lead Lena and 9 people; Ops: lead Olga and 3; Pete leads Support, which only
    the other program asks. Three closed rounds of "Weekly learning":

    round 1: Lena shares openly a day before her team's prompt (she went first); 7 of 9
             Sales answer (s8 misses, s9 skips); Olga misses, Ops all answer.
    round 2: Lena answers privately a day early (neither shared nor first); 5 of 9 Sales
             answer (s5 anonymously); Olga misses, Ops all answer.
    round 3: Lena shares two hours after her team's prompt (not first); 6 of 9 Sales answer.
    """
    data = KnownData(session)
    await data.people("Sales", *SALES, lead="lena")
    await data.people("Ops", *OPS, lead="olga")
    await data.people("Support", "p1", "p2", "p3", "p4", "p5", lead="pete")
    program = await data.program("Weekly learning")
    other = await data.program("Other")
    lena = {0: "shared", 1: "private", 2: "shared"}
    sales = [
        {**{n: "shared" for n in SALES[:7]}, "s8": "missed", "s9": "skipped"},
        {**{n: "shared" for n in SALES[:4]}, "s5": "anonymous"} | {n: "missed" for n in SALES[5:]},
        {**{n: "shared" for n in SALES[:6]}, **{n: "missed" for n in SALES[6:]}},
    ]
    for cycle in range(3):
        team_opens = MONDAY + timedelta(weeks=cycle, days=3)
        lead_opens = team_opens + (timedelta(hours=2) if cycle == 2 else -timedelta(days=1))
        await data.round(program, cycle, {"lena": lena[cycle]}, opened=lead_opens, closed=False)
        await data.round(
            program, cycle, {**sales[cycle], "olga": "missed", **{n: "shared" for n in OPS}}
        )
        await data.round(other, cycle, {"pete": "shared", "p1": "shared"})
    await data.checkin_round(
        program,
        0,
        [
            {"s1": "met", "s2": None},  # one side confirmed
            {"s3": "met", "s4": "met"},  # both confirmed
            {"s5": "met", "s6": "met", "s7": "not_yet"},  # a trio: one side
            {"s8": None, "s9": None},
        ],
    )
    await data.answer(program, "s3", None, "private", MONDAY, label="Learned in a peer check-in")
    lesson = await data.answer(program, "s1", None, "shared", MONDAY, text="Ask first", helpful=3)
    for reader in ("s2", "o1"):  # "This helped me" in the archive
        session.add(
            ReuseEvent(reply_id=lesson.id, member_id=data.members[reader].id, created_at=MONDAY)
        )
    await session.flush()
    return data


async def report(core: Core, clock: FakeClock, *argv: str) -> str:
    args = build_parser().parse_args(["report", *argv])
    async with core.sessions.begin() as session:
        return await report_command(session, clock, args)


@pytest.fixture
async def seeded(core: Core) -> Core:
    async with core.sessions.begin() as session:
        await known_program(session)
    return core


async def test_participation_per_round_with_its_denominator_and_wilson_interval(
    seeded: Core, clock: FakeClock
) -> None:
    figures = json.loads(await report(seeded, clock, "Weekly learning", "--json"))

    first, second, third = figures["rows"]
    # Round 1: Lena, 7 of Sales and 3 of Ops answered; 14 were asked (s9's skip counts).
    assert (first["participation"]["k"], first["participation"]["n"]) == (11, 14)
    assert (first["on_time"], first["missed"], first["skipped"]) == (11, 2, 1)
    # Wilson by hand for 11/14: centre (p + z²/2n)/(1 + z²/n), z = 1.96.
    assert first["participation"]["low"] == pytest.approx(0.524, abs=1e-3)
    assert first["participation"]["high"] == pytest.approx(0.924, abs=1e-3)
    assert second["participation"]["k"] == 9 and third["participation"]["k"] == 10
    assert figures["total"]["participation"]["k"] == 30
    assert figures["total"]["participation"]["n"] == 42


async def test_a_group_under_five_people_is_too_few_to_tell(seeded: Core, clock: FakeClock) -> None:
    text = await report(seeded, clock, "Weekly learning", "--by", "unit")
    ops = next(line for line in text.splitlines() if line.startswith("Ops"))
    sales = next(line for line in text.splitlines() if line.startswith("Sales"))

    assert ops.endswith("too few to tell") and "%" not in ops
    assert "—" in ops  # not even the missed count of four people
    assert "%" in sales
    figures = json.loads(await report(seeded, clock, "Weekly learning", "--by", "unit", "--json"))
    ops_row = next(row for row in figures["rows"] if row["key"] == "Ops")
    assert ops_row["participation"] == {"n": 12, "too_few": True}
    assert ops_row["missed"] is None
    csv_text = await report(seeded, clock, "Weekly learning", "--by", "unit", "--csv")
    assert "Weekly learning,unit,Ops,participation,,12,too few to tell,," in csv_text
    assert "Weekly learning,unit,Ops,missed" not in csv_text


async def test_leads_are_the_programs_own_and_a_private_answer_is_neither_shared_nor_first(
    seeded: Core, clock: FakeClock
) -> None:
    leads = json.loads(await report(seeded, clock, "Weekly learning", "--json"))["leads"]

    assert leads["leads"] == 2  # Lena and Olga; Pete leads a unit this program never asks
    assert leads["shared"] == 1  # Lena; Olga never answered
    assert leads["team_rounds"] == 6  # Sales and Ops, three rounds each
    assert (leads["went_first"]["k"], leads["went_first"]["n"]) == (1, 6)  # round 1 only
    text = await report(seeded, clock, "Weekly learning")
    assert "Leads of this program: 2; shared openly: 1 of 2" in text


async def test_lead_first_rounds_against_other_rounds_as_a_difference_with_its_interval(
    seeded: Core, clock: FakeClock
) -> None:
    leads = json.loads(await report(seeded, clock, "Weekly learning", "--json"))["leads"]

    # Lead-first: Sales round 1, 7 of 9. Others: Sales 5/9 and 6/9, Ops 3/3 three times.
    assert (leads["participation_lead_first"]["k"], leads["participation_lead_first"]["n"]) == (
        7,
        9,
    )
    assert (leads["participation_other"]["k"], leads["participation_other"]["n"]) == (20, 27)
    difference = leads["difference"]
    assert difference["estimate"] == pytest.approx(7 / 9 - 20 / 27)
    assert difference["low"] < 0 < difference["high"]  # one lead-first round tells little
    assert "difference +4 points (" in await report(seeded, clock, "Weekly learning")


async def test_a_checkin_is_met_only_when_everyone_in_it_says_so(
    seeded: Core, clock: FakeClock
) -> None:
    checkins = json.loads(await report(seeded, clock, "Weekly learning", "--json"))["checkins"]

    assert checkins == {
        "groups": 4,
        "one_side_confirmed": 2,
        "both_confirmed": 1,
        "learnings": 1,
    }


async def test_habit_streaks_helpful_and_a_period(seeded: Core, clock: FakeClock) -> None:
    figures = json.loads(await report(seeded, clock, "Weekly learning", "--json"))

    # All three rounds answered: Lena, s1-s5, o1-o3; 14 people asked.
    assert (figures["habit"]["habit"]["k"], figures["habit"]["habit"]["n"]) == (9, 14)
    assert figures["habit"]["longest_streak"] == 3
    assert figures["habit"]["median_streak"] == 3
    assert figures["sharing"]["helpful"] == 3
    assert figures["sharing"]["reuse"] == 2
    assert figures["sharing"]["most_helped"][0] == {
        "reply_id": figures["sharing"]["most_helped"][0]["reply_id"],
        "author": "S1",
        "excerpt": "Ask first",
        "helpful": 3,
        "reuse": 2,
    }
    assert "Most helpful:\n  3 helpful, 2 reused: S1: Ask first" in await report(
        seeded, clock, "Weekly learning"
    )

    later = json.loads(
        await report(seeded, clock, "Weekly learning", "--from", "2026-01-13", "--json")
    )
    assert [row["participation"]["n"] for row in later["rows"]] == [14, 14]


async def test_answers_export_never_has_a_private_answer_or_a_name_on_an_anonymous_one(
    seeded: Core, clock: FakeClock
) -> None:
    answers = json.loads(await report(seeded, clock, "Weekly learning", "--answers"))

    assert all(a["visibility"] in ("shared", "anonymous") for a in answers)
    assert "lena learned" not in [a["text"].split(": ", 1)[1] for a in answers if a["round"] == 2]
    [anonymous] = [a for a in answers if a["visibility"] == "anonymous"]
    assert (anonymous["author"], anonymous["unit"]) == ("", "")
    assert {a["author"] for a in answers if a["round"] == 1} >= {"Lena", "S1"}
    csv_text = await report(seeded, clock, "Weekly learning", "--answers", "--csv")
    assert csv_text.splitlines()[0].startswith("reply_id,written,round,question,author")
    [anonymous_line] = [line for line in csv_text.splitlines() if ",anonymous," in line]
    assert "s5 learned" in anonymous_line and "S5" not in anonymous_line


async def test_an_unknown_program_or_a_backwards_period_is_one_line(
    seeded: Core, clock: FakeClock
) -> None:
    with pytest.raises(ValueError, match="no program called 'Nope'"):
        await report(seeded, clock, "Nope")
    with pytest.raises(ValueError, match="is after"):
        await report(seeded, clock, "--from", "2026-02-01", "--to", "2026-01-01")


async def test_skip_reasons_are_counted_only_once_five_people_gave_one(
    seeded: Core, clock: FakeClock
) -> None:
    async def give(people: list[str], reason: str) -> None:
        async with seeded.sessions.begin() as session:
            await session.execute(
                update(Prompt)
                .where(
                    Prompt.member_id.in_(select(Member.id).where(Member.external_id.in_(people)))
                )
                .values(status="skipped", skip_reason=reason)
            )

    await give(["o1", "o2", "o3", "s8"], "no_time")  # four people: nobody's reason is shown
    figures = json.loads(await report(seeded, clock, "Weekly learning", "--json"))
    assert figures["skip_reasons"] == {}
    assert any("fewer than 5 people gave one" in note for note in figures["notes"])

    await give(["s9"], "not_relevant")  # a fifth person
    text = await report(seeded, clock, "Weekly learning")
    assert "Skip reasons: no time 12, not relevant 3" in text
