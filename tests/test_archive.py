"""The archive: shared answers and lessons found again in chat, ranked and highlighted, within
the visibility rules; "This helped me" counted and told to the author, in one message."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from adapters.memory.platform import InMemoryPlatform
from bot.actions import ARCHIVE_HELPED, ARCHIVE_SEARCH
from bot.chat import HomeOpened
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member
from tests.archive_helpers import a_team, post_lesson
from tests.conversation import add_program, advance_to, click, fill_in, run_jobs, say, told, who


async def test_a_lesson_is_found_by_its_words_ranked_and_highlighted(core: Core) -> None:
    await a_team(core, "Sales", "ana", "bo", "cy")
    await post_lesson(core, "ana", "Onboarding checklist", "A checklist halves onboarding time.")
    await post_lesson(core, "bo", "Pricing calls", "Call the customer before changing a price.")
    await post_lesson(core, "cy", "Checklists everywhere", "We checked the checklist twice.")

    reply = await say(core, "bo", "search onboarding checklist")

    assert reply is not None and reply.message is not None
    text = reply.message.text
    assert "Onboarding checklist" in text and "Ana (Sales)" in text
    assert "*onboarding*" in text.lower() and "*checklist*" in text
    assert "Pricing" not in text and "Checklists everywhere" not in text  # both words needed
    labels = [b.label for b in reply.message.buttons]
    assert labels == ["This helped me (1)"]


async def test_stemming_or_and_exclusion_as_in_a_web_search(core: Core) -> None:
    await a_team(core, "Sales", "ana", "bo")
    await post_lesson(core, "ana", "Deploys", "Deploying on Fridays broke things.")
    await post_lesson(core, "bo", "Rollbacks", "A rollback plan saved the release.")

    assert "Deploys" in await told(core, "bo", "search deployed")
    either = await told(core, "bo", "search friday or rollback")
    assert "Deploys" in either and "Rollbacks" in either
    assert "Rollbacks" not in await told(core, "bo", "search friday or rollback -release")
    assert "Deploys" not in await told(core, "bo", "search deploying -broke")


async def test_private_answers_never_and_anonymous_ones_without_a_name(core: Core) -> None:
    await a_team(core, "Sales", "ana", "bo")
    await post_lesson(core, "ana", "Secret merger", "The merger is secret.", visibility="private")
    await post_lesson(
        core, "ana", "Quiet mistake", "My mistake taught me a merger rule.", visibility="anonymous"
    )

    found = await told(core, "bo", "search merger")

    assert "Secret merger" not in found
    assert "Quiet mistake" in found and "Anonymous" in found
    assert "Ana" not in found and "Sales" not in found
    assert "Nothing shared" in await told(core, "bo", "search merger unit:Sales")


async def test_filters_by_tag_unit_program_and_date(core: Core, clock: FakeClock) -> None:
    await add_program(core, name="Learning")
    await a_team(core, "Sales", "ana")
    await a_team(core, "Ops", "bo")
    await post_lesson(core, "ana", "Demo prep", "Prepare the demo data.", tags="Customer, demo")
    clock.advance(timedelta(days=10))
    await post_lesson(core, "bo", "Demo rehearsal", "Rehearse the demo.", tags="internal")

    assert "Demo rehearsal" not in await told(core, "bo", "search demo tag:customer")
    assert "Demo prep" in await told(core, "bo", "search demo tag:customer")
    assert "Demo prep" not in await told(core, "ana", "search demo unit:ops")
    assert "Nothing shared" in await told(core, "ana", "search demo program:nothing")
    assert "Demo prep" in await told(core, "ana", "search demo program:learning")
    since = (clock.now() - timedelta(days=1)).date().isoformat()
    recent = await told(core, "ana", f"search demo since:{since}")
    assert "Demo rehearsal" in recent and "Demo prep" not in recent
    assert "YYYY-MM-DD" in await told(core, "ana", "search demo since:yesterday")
    assert "What should I look for" in await told(core, "ana", "search tag:demo")


async def test_a_unit_filter_follows_a_member_who_moves_to_another_unit(core: Core) -> None:
    await a_team(core, "Sales", "ana", "bo")
    await post_lesson(core, "ana", "Demo prep", "Prepare the demo data.")
    assert "Demo prep" in await told(core, "bo", "search demo unit:sales")

    async with core.sessions.begin() as session:  # as the HR directory's sync moves her
        await session.execute(update(Member).where(Member.external_id == "ana").values(unit="Ops"))

    assert "Demo prep" not in await told(core, "bo", "search demo unit:sales")
    moved = await told(core, "bo", "search demo unit:ops")
    assert "Demo prep" in moved and "Ana (Ops)" in moved


async def test_this_helped_me_is_counted_once_and_the_author_told_in_one_message(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await a_team(core, "Sales", "ana", "bo", "cy", "di")
    await post_lesson(core, "ana", "Onboarding checklist", "A checklist halves onboarding time.")

    for user in ("bo", "cy"):
        reply = await say(core, user, "search checklist")
        assert reply is not None and reply.message is not None
        assert "Thanks" in (await click(core, user, reply.message, ARCHIVE_HELPED)).text
    again = await say(core, "bo", "search checklist")
    assert again is not None and again.message is not None
    assert "helped 2" in again.message.text
    assert "already" in (await click(core, "bo", again.message, ARCHIVE_HELPED)).text
    assert "yours" in (await click(core, "ana", again.message, ARCHIVE_HELPED)).text

    await run_jobs(core)
    assert not [s for s in platform.sent_to("ana") if "helped" in s.message.text]
    clock.advance(timedelta(hours=25))  # Tuesday 01:00 in Lisbon: told in working hours
    await advance_to(core, clock, clock.now() + timedelta(hours=12))
    notes = [s for s in platform.sent_to("ana") if "helped" in s.message.text]
    assert [s.at.astimezone(ZoneInfo("Europe/Lisbon")).hour for s in notes] == [8]
    told_ana = [s.message.text for s in notes]
    assert "helped 2 colleagues this month" in told_ana[0] and "Onboarding checklist" in told_ana[0]
    assert "Bo" not in told_ana[0] and "Cy" not in told_ana[0]


async def test_app_home_offers_a_search_form(core: Core) -> None:
    await a_team(core, "Sales", "ana", "bo")
    await post_lesson(core, "ana", "Onboarding checklist", "A checklist halves onboarding time.")
    home = await core.inbound.handle(HomeOpened("home-1", who("bo")))
    assert home is not None and home.message is not None

    found = await fill_in(core, "bo", home.message, {"words": "onboarding"}, ARCHIVE_SEARCH)

    assert found.message is not None and "Onboarding checklist" in found.message.text
