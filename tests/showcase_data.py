"""A pilot that ran its course, for the showcase's tests: Sales (7 people) tried it, Ops (6)
was the comparison; answers were shared and reused, the metric imported, the pulse answered,
the sponsor wrote their words in chat and the admin adjusted it at its final review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from bot.archive.reuse import mark_helped
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Reply
from bot.db.pilot_baseline_models import PilotMetricValue, PilotPulseAnswer
from bot.db.pilot_models import Pilot
from bot.pilots.review_messages import review_message
from bot.pilots.showcase_messages import words_request
from bot.pilots.sponsor_words import tidy
from tests.conversation import (
    FEED,
    WORKSPACE,
    add_people,
    advance_to,
    answer_in_chat,
    fill_in,
    told,
)
from tests.dashboard_site import lead_of

NAME = "Sales pilot"
START = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
LAST_DAY = date(2026, 3, 22)
SALES = ("lena", "s0", "s1", "s2", "s3", "s4", "s5")  # lena leads Sales
OPS = ("otto", "o0", "o1", "o2", "o3", "o4")  # otto leads Ops
WORDS = (
    "Quotes now go out right the first time: my team stopped repeating the discount mistake. "
    "New people ask the archive before they ask me."
)
REASON = "Roll it out to Ops next quarter."
STORY = "Check the discount field before sending a quote, every time."
SMALL_STORY = "Call the customer back within a day when a quote bounces."
PILOT = (
    f'pilot create "{NAME}" --purpose "Fewer repeated mistakes in quotes." --target Sales '
    "--compare Ops --function frontline --established yes --metric-name 'quote errors' "
    "--metric-unit 'per week' --metric-better down --metric-source 'CRM export' "
    f"--share-mode digest --feed memory:{WORKSPACE}:{FEED} --end-date {LAST_DAY} "
    f"--sponsor memory:{WORKSPACE}:sam"
)


async def _member(core: Core, user: str) -> Member:
    async with core.sessions() as session:
        found = await session.scalar(select(Member).where(Member.external_id == user))
        assert found is not None
        return found


async def people(core: Core) -> None:
    await add_people(core, ("boss", "UTC"), unit="HQ", role="admin")
    await add_people(core, ("sam", "UTC"), unit="HQ")
    await add_people(core, *((u, "UTC") for u in SALES), unit="Sales")
    await add_people(core, *((u, "UTC") for u in OPS), unit="Ops")
    await add_people(core, ("lou", "UTC"), ("l0", "UTC"), unit="Legal")
    async with core.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.external_id == "sam").values(title="Head of Sales")
        )
    for lead, unit in (("lena", "Sales"), ("otto", "Ops"), ("lou", "Legal")):
        await lead_of(core, lead, unit)


async def _reuse(core: Core, author: str, reusers: tuple[str, ...]) -> None:
    async with core.sessions.begin() as session:
        mine = await _member(core, author)
        reply_id = await session.scalar(select(Reply.id).where(Reply.member_id == mine.id))
        assert reply_id is not None
        for user in reusers:
            await mark_helped(session, await _member(core, user), reply_id, core.clock.now())


async def _metric_and_pulse(core: Core, pilot: Pilot) -> None:
    """Noisy daily quote errors (no clear change) and the pulse: Sales all answer, Ops three."""
    async with core.sessions.begin() as session:
        for unit, base in (("Sales", 10.0), ("Ops", 11.0)):
            for offset in range(-28, 21):
                day = START.date() + timedelta(days=offset)
                value = base + (3.0 if offset % 2 else -3.0) + (offset % 5) * 0.7
                session.add(
                    PilotMetricValue(
                        pilot_id=pilot.id, unit=unit, day=day, value=value, imported_at=START
                    )
                )
        rows = list(
            await session.scalars(
                select(PilotPulseAnswer).where(PilotPulseAnswer.pilot_id == pilot.id)
            )
        )
        ops_answered = 0
        for i, row in enumerate(rows):
            if row.role == "comparison":
                if ops_answered == 3:
                    continue
                ops_answered += 1
            row.find_score, row.ask_score, row.hours_lost = 2 + i % 3, 3, 5.0
            row.answered_at = START


async def pilot_that_ran(core: Core, clock: FakeClock) -> Pilot:
    """The whole pilot, from its creation to its final review's decision."""
    await people(core)
    clock.set(START)
    assert (await told(core, "boss", PILOT)).startswith(f"created pilot '{NAME}' as a draft")
    assert "is now active" in await told(core, "boss", f'program launch "{NAME}"')
    async with core.sessions() as session:
        pilot = await session.scalar(select(Pilot))
        assert pilot is not None
    await advance_to(core, clock, datetime(2026, 3, 5, 16, tzinfo=UTC))
    await answer_in_chat(core, "s0", STORY)
    await answer_in_chat(core, "s1", SMALL_STORY)
    for user in ("s2", "s3", "s4"):
        await answer_in_chat(core, user, f"Something {user} learned about pricing.")
    await _reuse(core, "s0", OPS[1:] + ("s5",))  # six colleagues said it helped them
    await _reuse(core, "s1", ("o0", "o1"))  # two: "fewer than 5"
    await _metric_and_pulse(core, pilot)
    await advance_to(core, clock, datetime(2026, 3, 24, 12, tzinfo=UTC))  # ended, reviewed
    await fill_in(core, "sam", words_request(pilot.id, NAME), {"words": WORDS}, "pilot.words")
    return pilot


async def decide_on_the_final_review(core: Core, pilot: Pilot) -> None:
    """The admin's Adjust on the final review, with its reason."""
    review = review_message(pilot.id, 0, NAME, [], None, "")
    said = await fill_in(core, "boss", review, {"reason": REASON}, "pilot.adjust")
    assert "adjusted" in said.text, said.text


EXPECTED_WORDS = tidy(WORDS)
