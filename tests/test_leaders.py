"""Leaders model sharing: they go first, get nudged only on signals, and thank their team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.clock import FakeClock
from bot.core import Core
from bot.db.leader_models import UnitLead
from bot.db.models import Prompt
from bot.people.roles import find_person, set_role
from tests.conversation import (
    WORKSPACE,
    add_people,
    add_program,
    advance_to,
    answer_in_chat,
    click,
    fill_in,
    shown,
    titled,
    told,
)

WEDNESDAY_15 = datetime(2026, 3, 4, 15, tzinfo=UTC)
THURSDAY_15 = datetime(2026, 3, 5, 15, tzinfo=UTC)


async def team_with_lead(
    core: Core, size: int = 5, lead: str = "lena", unit: str = "Sales", prefix: str = "m"
) -> None:
    """`lead` leads `unit`, whose members are {prefix}0, {prefix}1, ..."""
    await add_people(
        core, (lead, "UTC"), *((f"{prefix}{i}", "UTC") for i in range(size)), unit=unit
    )
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:{lead}"), "lead")


async def test_the_lead_gets_the_question_24_hours_early_and_only_once(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await team_with_lead(core)
    await add_program(core, reminder_delay_hours=0)

    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))

    [early] = titled(platform, "lena", "this week's question")
    assert early.at == WEDNESDAY_15
    assert "before your team" in early.message.text
    assert "a mistake you learned from, or a question you are still working on" in (
        early.message.text
    )
    assert [s.at for s in platform.sent_to("m0")] == [THURSDAY_15]
    async with core.sessions() as session:
        assert len(list(await session.scalars(select(Prompt)))) == 6


async def test_the_team_prompt_says_the_lead_went_first_and_quotes_an_open_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await team_with_lead(core)
    await add_program(core)
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    await answer_in_chat(core, "lena", "Ask the customer before building the report.")

    await advance_to(core, clock, THURSDAY_15)

    [team_prompt] = platform.sent_to("m0")
    assert "Your lead Lena has already answered" in team_prompt.message.text
    assert "Ask the customer before building the report." in team_prompt.message.text


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
async def test_a_lead_s_anonymous_or_private_answer_is_not_announced_to_the_team(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, visibility: str
) -> None:
    await team_with_lead(core)
    await add_program(core)
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    [early] = titled(platform, "lena", "this week's question")
    await fill_in(core, "lena", early, {"q0": "We shipped late again.", "visibility": visibility})

    await advance_to(core, clock, THURSDAY_15)

    [team_prompt] = platform.sent_to("m0")
    assert "already answered" not in team_prompt.message.text  # would point at the answer
    assert "We shipped late again." not in team_prompt.message.text


async def nudge_setup(core: Core, clock: FakeClock, size: int = 5) -> None:
    await team_with_lead(core, size)
    await add_program(core)


def nudges(platform: InMemoryPlatform, lead: str = "lena") -> list[Sent]:
    return titled(platform, lead, "go first")


def nudge_days(platform: InMemoryPlatform, lead: str = "lena") -> list[str]:
    return [n.at.date().isoformat() for n in nudges(platform, lead)]


async def test_a_lead_who_never_shared_is_nudged_once_a_week_in_working_hours(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    clock.set(datetime(2026, 3, 2, 8, tzinfo=UTC))  # Monday 08:00: working hours, no prompt yet

    await core.nudging.nudge_leads()
    assert nudges(platform) == []
    await advance_to(core, clock, datetime(2026, 3, 5, 12, tzinfo=UTC), timedelta(hours=2))
    assert nudges(platform) == []  # her own early prompt (Wednesday) is not her team's
    await advance_to(core, clock, datetime(2026, 3, 6, 12, tzinfo=UTC), timedelta(hours=2))

    [nudge] = nudges(platform)
    assert THURSDAY_15 <= nudge.at < THURSDAY_15 + timedelta(hours=2)  # after the team's prompt
    assert "haven't shared a lesson yet" in nudge.message.text
    assert "Your team (5 people)" in nudge.message.text


async def test_a_small_team_gets_no_figures_and_a_snoozed_lead_no_nudge(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock, size=3)
    await team_with_lead(core, size=3, lead="omar", unit="Ops", prefix="o")
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    [nudge] = nudges(platform)
    assert "fewer than 5 people" in nudge.message.text

    snoozed = await click(core, "lena", nudge, "nudge.snooze")
    await advance_to(core, clock, datetime(2026, 3, 17, 12, tzinfo=UTC), timedelta(hours=4))

    assert "Snoozed until 2026-03-19" in snoozed.text
    assert nudge_days(platform, "lena") == ["2026-03-05"]
    assert nudge_days(platform, "omar") == ["2026-03-05", "2026-03-09", "2026-03-16"]


async def test_a_lead_who_shares_is_not_nudged(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await team_with_lead(core, lead="omar", unit="Ops", prefix="o")
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    assert "Saved" in shown(await answer_in_chat(core, "lena", "Write the plan down first."))

    await advance_to(core, clock, datetime(2026, 3, 10, 12, tzinfo=UTC), timedelta(hours=3))

    assert nudge_days(platform, "lena") == []
    assert nudge_days(platform, "omar") == ["2026-03-05", "2026-03-09"]  # he did not share


async def test_a_nudge_clicked_after_its_week_answers_politely(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    [nudge] = nudges(platform)
    clock.set(datetime(2026, 3, 10, 9, tzinfo=UTC))

    late = await click(core, "lena", nudge, "nudge.lesson")

    assert "earlier week" in late.text


async def test_a_thank_you_reaches_the_author_with_the_leads_name(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    await answer_in_chat(core, "m1", "Templates save an hour a week.")
    await advance_to(core, clock, datetime(2026, 3, 9, 9, tzinfo=UTC))

    [digest] = titled(platform, "lena", "your team's answers")
    assert "Templates save an hour a week." in digest.message.text
    thanked = await click(core, "lena", digest, "reply.thank")
    await advance_to(core, clock, clock.now() + timedelta(minutes=1))

    assert "Thank-you sent" in thanked.text
    [note] = titled(platform, "m1", "noticed")
    assert "Lena thanked you" in note.message.text


async def test_champions_get_a_monday_summary_of_every_program(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await add_people(core, ("cham", "UTC"), unit="KM")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:cham"), "champion")
    await advance_to(core, clock, WEDNESDAY_15 + timedelta(hours=1))
    await answer_in_chat(core, "lena", "Pilot small.")
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    for user in ("m0", "m1"):
        await answer_in_chat(core, user, f"{user} learned something.")

    await advance_to(core, clock, datetime(2026, 3, 9, 10, tzinfo=UTC), timedelta(hours=2))

    first, summary = titled(platform, "cham", "weekly summary")
    assert "no round in the past 12 weeks" in first.message.text  # Monday 2 March
    assert summary.at.weekday() == 0 and 8 <= summary.at.hour < 19
    # Lena and two of her five answered, of the seven asked (the champion too)
    assert "*Weekly learning*: last round 3/7, 43% (16%–75%) answered" in summary.message.text
    assert "habit not yet (3 closed rounds needed)" in summary.message.text
    assert "1 of the program's 1 leads shared openly" in summary.message.text


async def test_a_drop_in_the_teams_participation_reaches_the_lead(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    for week in range(5):
        await advance_to(
            core, clock, THURSDAY_15 + timedelta(weeks=week, hours=1), timedelta(hours=6)
        )
        await answer_in_chat(core, "lena", f"Lead lesson {week}.")
        answering = [f"m{i}" for i in range(5)] if week < 4 else ["m0"]
        for user in answering:
            await answer_in_chat(core, user, f"{user} learned something in week {week}.")

    await advance_to(core, clock, datetime(2026, 4, 6, 12, tzinfo=UTC), timedelta(hours=6))

    latest = nudges(platform)[-1]
    assert latest.at.date().isoformat() == "2026-04-06"
    assert "participation dropped" in latest.message.text
    assert "last round 20% answered, 4-round average 100%" in latest.message.text


async def test_an_admin_sets_a_role_in_chat_and_others_cannot(core: Core) -> None:
    await add_people(core, ("ada", "UTC"), ("ben", "UTC"), unit="Sales")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:ada"), "admin")

    refused = await told(core, "ben", f"member role memory:{WORKSPACE}:ben lead")
    done = await told(core, "ada", f"member role memory:{WORKSPACE}:ben lead --unit Sales")

    assert "for kmbot admins" in refused
    assert done == "Ben now leads Sales"
    async with core.sessions() as session:
        assert list(await session.scalars(select(UnitLead.unit))) == ["Sales"]


async def test_the_summary_does_not_say_no_round_ran_once_the_only_program_has_ended(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await nudge_setup(core, clock)
    await add_people(core, ("cham", "UTC"), unit="KM", role="champion")
    await advance_to(core, clock, THURSDAY_15 + timedelta(hours=1))
    await answer_in_chat(core, "m0", "m0 learned something.")
    await advance_to(core, clock, datetime(2026, 3, 8, 12, tzinfo=UTC))  # the round closed
    await add_people(core, ("boss", "UTC"), unit="HQ", role="admin")
    assert "has ended" in await told(core, "boss", "program end 'Weekly learning'")

    await advance_to(core, clock, datetime(2026, 3, 9, 12, tzinfo=UTC), timedelta(hours=2))

    summary = titled(platform, "cham", "weekly summary")[-1]
    assert summary.at.date().isoformat() == "2026-03-09"
    assert summary.message.text == (
        "No program is running now: those that ran rounds have ended or are paused."
    )
