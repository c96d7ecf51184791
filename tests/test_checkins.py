"""Peer check-ins as colleagues live them, on the in-memory platform and a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.chat import FormSubmitted, MessageReceived
from bot.clock import FakeClock
from bot.core import Core
from bot.db.checkin_models import CheckinParticipant
from bot.db.models import Member, Reply
from tests.conversation import add_people, add_program, advance_to, click, who

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def intros(platform: InMemoryPlatform, user: str) -> list[Sent]:
    return [s for s in platform.sent_to(user) if "peer check-in with" in s.message.title]


def followups(platform: InMemoryPlatform, user: str) -> list[Sent]:
    return [s for s in platform.sent_to(user) if "how did it go" in s.message.title]


async def four_colleagues(core: Core) -> None:
    await add_people(core, ("ana", "Europe/Lisbon"), ("ben", "Europe/Lisbon"), unit="Sales")
    await add_people(core, ("cy", "America/New_York"), ("dee", "Europe/Lisbon"), unit="Eng")
    await add_program(
        core,
        share_mode="feed",
        checkins=True,
        checkin_cadence_weeks=1,
        checkin_weekday="mon",
        checkin_time="10:00",
    )


async def test_colleagues_from_different_units_are_introduced_at_their_local_time(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)

    await advance_to(core, clock, MONDAY + timedelta(hours=16))

    [ana_intro] = intros(platform, "ana")
    [cy_intro] = intros(platform, "cy")
    assert ana_intro.at == MONDAY.replace(hour=10)  # 10:00 in Lisbon (UTC in March)
    assert cy_intro.at == MONDAY.replace(hour=15)  # 10:00 in New York (EST)
    partners = {
        s.to.user: s.message.people[0].address.user  # type: ignore[union-attr]
        for user in ("ana", "ben", "cy", "dee")
        for s in intros(platform, user)
    }
    for user, partner in partners.items():
        assert partners[partner] == user
        assert {user, partner} & {"ana", "ben"} and {user, partner} & {"cy", "dee"}
    assert "different units" in ana_intro.message.text
    assert "working hours a day" in ana_intro.message.text  # from the matcher's own reasons
    assert "conversation starter" in ana_intro.message.text


async def test_follow_up_records_met_and_the_learning_with_consent(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)
    await advance_to(core, clock, MONDAY + timedelta(days=3, hours=16))  # 11:00 in New York

    [followup] = followups(platform, "ana")
    assert followup.at == MONDAY + timedelta(days=3, hours=10)
    met = await click(core, "ana", followup, "checkin.met")
    assert met.form is not None and met.form.form_id == "checkin.learning"
    saved = await core.inbound.handle(
        FormSubmitted(
            "learn-1",
            who("ana"),
            "checkin.learning",
            met.form.value,
            {"q0": "Eng reviews contracts faster with a checklist.", "visibility": "shared"},
        )
    )
    not_yet = await click(core, "cy", followups(platform, "cy")[0], "checkin.not_yet")

    assert saved is not None and "Shared" in saved.text
    assert "still time" in not_yet.text
    async with core.sessions() as session:
        outcomes = dict(
            (
                await session.execute(
                    select(Member.external_id, CheckinParticipant.outcome).join(
                        Member, CheckinParticipant.member_id == Member.id
                    )
                )
            ).all()
        )
        [lesson] = await session.scalars(select(Reply))
    assert outcomes["ana"] == "met" and outcomes["cy"] == "not_yet"
    assert lesson.answers[0]["text"] == "Eng reviews contracts faster with a checklist."
    await advance_to(core, clock, clock.now() + timedelta(minutes=5))
    assert any("checklist" in p.message.text for p in platform.posted_in("C-feed"))


async def test_nobody_is_paired_with_the_same_colleague_again_while_others_are_free(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)

    await advance_to(core, clock, MONDAY + timedelta(weeks=1, hours=16), timedelta(hours=3))

    [first, second] = intros(platform, "ana")
    assert first.message.people != second.message.people


async def test_a_paused_member_is_not_matched_and_the_odd_one_joins_a_trio(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)
    await add_people(core, ("eve", "Europe/Lisbon"), ("fay", "Europe/Lisbon"), unit="Ops")
    await core.inbound.handle(MessageReceived("p1", who("dee"), "D-dee", "pause 2026-03-20"))

    await advance_to(core, clock, MONDAY + timedelta(hours=16))

    assert intros(platform, "dee") == []
    sizes = sorted(
        len(s.message.people)
        for u in ("ana", "ben", "cy", "eve", "fay")
        for s in intros(platform, u)
    )
    assert sizes == [1, 1, 2, 2, 2]  # five people: one pair and one trio, nobody left out


async def test_never_pair_is_private_and_respected(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), unit="Sales")
    await add_people(core, ("cy", "UTC"), ("dee", "UTC"), unit="Eng")
    await add_program(core, checkins=True, checkin_cadence_weeks=1)
    reply = await core.inbound.handle(MessageReceived("n1", who("ana"), "D-ana", "nopair Cy"))
    assert reply is not None and "won't be paired with Cy" in reply.text

    await advance_to(core, clock, MONDAY + timedelta(hours=12))

    [intro] = intros(platform, "ana")
    assert intro.message.people[0].address.user == "dee"


async def test_a_silent_member_is_moved_out_after_three_rounds_and_can_come_back(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cy", "UTC"), ("dee", "UTC"))
    await add_program(core, checkins=True, checkin_cadence_weeks=1)
    for week in range(3):
        await advance_to(
            core, clock, MONDAY + timedelta(weeks=week, days=3, hours=12), timedelta(hours=4)
        )
        for user in ("ben", "cy", "dee"):
            for followup in followups(platform, user)[week : week + 1]:
                await click(core, user, followup, "checkin.met")

    await advance_to(core, clock, MONDAY + timedelta(weeks=3, hours=12), timedelta(hours=4))

    [moved] = [s for s in platform.sent_to("ana") if "paused for you" in s.message.title]
    assert len(intros(platform, "ana")) == 3
    assert len(intros(platform, "ben")) == 4
    back = await click(core, "ana", moved, "checkin.rejoin")
    assert "Welcome back" in back.text

    await advance_to(core, clock, MONDAY + timedelta(weeks=4, hours=12), timedelta(hours=4))

    assert len(intros(platform, "ana")) == 4  # matched again, not moved straight back out
    assert len([s for s in platform.sent_to("ana") if "paused for you" in s.message.title]) == 1


async def test_a_button_from_an_old_round_answers_politely(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)
    await advance_to(core, clock, MONDAY + timedelta(days=3, hours=12))
    old = followups(platform, "ana")[0]
    await advance_to(core, clock, MONDAY + timedelta(weeks=1, hours=12), timedelta(hours=4))

    reply = await click(core, "ana", old, "checkin.met")

    assert "round is over" in reply.text
