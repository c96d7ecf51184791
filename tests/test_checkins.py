"""Peer check-ins as colleagues live them, on the in-memory platform and a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.clock import FakeClock
from bot.core import Core
from bot.db.checkin_models import CheckinParticipant
from bot.db.models import Member, Reply
from tests.conversation import add_people, add_program, advance_to, click, fill_in, titled, told

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
FOUR = ("ana", "ben", "cy", "dee")


def intros(platform: InMemoryPlatform, user: str) -> list[Sent]:
    return titled(platform, user, "peer check-in with")


def followups(platform: InMemoryPlatform, user: str) -> list[Sent]:
    return titled(platform, user, "how did it go")


def partners_of(intro: Sent) -> set[str]:
    """Who an intro introduces its recipient to."""
    return {person.address.user for person in intro.message.people}


def groups_on(
    platform: InMemoryPlatform, users: tuple[str, ...], day: date
) -> dict[str, frozenset[str]]:
    """The round whose intros went out on `day`: each member's group, as they were told it."""
    views: dict[str, frozenset[str]] = {}
    for user in users:
        for intro in intros(platform, user):
            if intro.at.date() == day:
                assert user not in views, f"{user} got two intros on {day}"
                views[user] = frozenset({user} | partners_of(intro))
    return views


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
    saved = await fill_in(
        core,
        "ana",
        followup,
        {"q0": "Eng reviews contracts faster with a checklist.", "visibility": "shared"},
        action_id="checkin.met",
    )
    not_yet = await click(core, "cy", followups(platform, "cy")[0], "checkin.not_yet")

    assert saved.text == "Thanks! Shared with your colleagues."
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

    # Four people can meet in three rounds of two pairs without anyone meeting anyone twice.
    await advance_to(core, clock, MONDAY + timedelta(weeks=2, hours=16), timedelta(hours=3))

    met: set[frozenset[str]] = set()
    for week in range(3):
        views = groups_on(platform, FOUR, (MONDAY + timedelta(weeks=week)).date())
        assert sorted(views) == sorted(FOUR)  # everyone is introduced
        pairs = set(views.values())  # partners name the same pair
        assert sorted(user for pair in pairs for user in pair) == sorted(FOUR)  # once each
        assert [len(pair) for pair in pairs] == [2, 2]
        assert not pairs & met, f"week {week} repeats {pairs & met}"
        met |= pairs
    assert len(met) == 6  # everyone has now met each of the three others, once


async def test_a_paused_member_is_not_matched_and_the_odd_one_joins_a_trio(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await four_colleagues(core)
    await add_people(core, ("eve", "Europe/Lisbon"), ("fay", "Europe/Lisbon"), unit="Ops")
    assert "Paused until 2026-03-20" in await told(core, "dee", "pause 2026-03-20")

    await advance_to(core, clock, MONDAY + timedelta(hours=16))

    assert intros(platform, "dee") == []
    everyone = ("ana", "ben", "cy", "eve", "fay")
    views = groups_on(platform, everyone, MONDAY.date())
    assert sorted(views) == sorted(everyone)  # nobody left out
    groups = set(views.values())  # each member of a group names the same group
    assert sorted(len(group) for group in groups) == [2, 3]  # one pair and one trio
    assert sorted(user for group in groups for user in group) == sorted(everyone)  # once each


async def test_never_pair_is_private_and_respected(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), unit="Sales")
    await add_people(core, ("cy", "UTC"), ("dee", "UTC"), unit="Eng")
    await add_program(core, checkins=True, checkin_cadence_weeks=1)
    assert "won't be paired with Cy" in await told(core, "ana", "nopair Cy")

    await advance_to(core, clock, MONDAY + timedelta(hours=12))

    [intro] = intros(platform, "ana")
    assert partners_of(intro) == {"dee"}  # without the request the matcher pairs her with Cy
    assert [s for s in platform.sent_to("cy") if "Ana" in s.message.text] == []  # Cy never knows


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
