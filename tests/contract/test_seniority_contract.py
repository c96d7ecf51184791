"""Seniority from an HR file in the running bot: a real check-in round pairs junior with
senior when the program mixes seniority, on every platform."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.checkin_models import CheckinParticipant
from bot.db.models import Member
from bot.people.hr_import import import_people
from tests.contract.harness import ChatHarness
from tests.conversation import add_program

MONDAY_11 = datetime(2026, 3, 2, 11, tzinfo=UTC)
HR_FILE = (
    "person,manager,level\n"
    "lena@example.com,,\n"  # the top: level 1
    "ana@example.com,lena@example.com,\n"  # one below Lena: level 2
    "cai@example.com,ana@example.com,4\n"
    "dan@example.com,ana@example.com,4\n"
)


async def test_a_round_from_hr_levels_pairs_across_seniority(chat: ChatHarness) -> None:
    for user in ("lena", "ana", "cai", "dan"):
        await chat.add_member(user, "Europe/Lisbon", unit="Eng")  # one unit: levels decide
    async with chat.core.sessions.begin() as session:
        report = await import_people(session, HR_FILE, chat.clock.now())
    assert report.refused == []
    await add_program(
        chat.core,
        checkins=True,
        checkin_cadence_weeks=1,
        checkin_weekday="mon",
        checkin_time="10:00",
        checkin_mix_seniority=True,
    )
    chat.clock.set(MONDAY_11)
    await chat.deliver()
    await chat.deliver()

    async with chat.core.sessions() as session:
        rows = await session.execute(
            select(CheckinParticipant.group_id, Member.display_name, Member.level).join(
                Member, CheckinParticipant.member_id == Member.id
            )
        )
        groups: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
        for group, name, level in rows:
            groups[group].append((name, level))
    assert sorted(sorted(level for _, level in g) for g in groups.values()) == [[1, 4], [2, 4]]
    intro = next(s for s in chat.dms("lena") if "peer check-in" in s.text.lower())
    assert "different stages of your careers" in intro.text
    assert any(name in intro.text for name in ("Cai", "Dan"))
