"""Which units a champion hears are going quiet: the last round well below the unit's recent
rounds, and never from rounds where fewer than five of the unit were asked."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.champions.notes import quiet_rounds
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Program, Prompt, Question
from tests.conversation import add_people, add_program


async def history(core: Core, unit: str, answered_per_round: list[int]) -> None:
    """Past closed rounds of the unit's members: round k had `answered_per_round[k]` answers."""
    async with core.sessions.begin() as session:
        program = await session.scalar(select(Program))
        question = await session.scalar(select(Question))
        members = list(await session.scalars(select(Member).where(Member.unit == unit)))
        assert program is not None and question is not None
        start = core.clock.now()
        for cycle, answered in enumerate(answered_per_round):
            opened = start + timedelta(weeks=cycle)
            for i, member in enumerate(members):
                session.add(
                    Prompt(
                        program_id=program.id,
                        cycle=cycle,
                        member_id=member.id,
                        question_id=question.id,
                        status="answered" if i < answered else "missed",
                        opened_at=opened,
                        closes_at=opened + timedelta(days=3),
                    )
                )


async def test_a_unit_well_below_its_recent_rounds_is_going_quiet(
    core: Core, clock: FakeClock
) -> None:
    await core.seed()
    await add_program(core)
    await add_people(core, *((f"s{i}", "UTC") for i in range(5)), unit="Sales")
    await add_people(core, *((f"t{i}", "UTC") for i in range(4)), unit="Tiny")
    await add_people(core, *((f"o{i}", "UTC") for i in range(5)), unit="Ops")
    await history(core, "Sales", [5, 4, 5, 4, 1])
    await history(core, "Tiny", [4, 4, 4, 4, 0])  # four people: under the floor
    await history(core, "Ops", [5, 4, 5, 4, 4])  # a dip of one: not quiet

    async with core.sessions() as session:
        sales = await quiet_rounds(session, "Sales")
        assert await quiet_rounds(session, "Tiny") == []
        assert await quiet_rounds(session, "Ops") == []
    assert [(q.program, q.last, round(q.usual, 3)) for q in sales] == [
        ("Weekly learning", 0.2, 0.9)
    ]
