"""A pilot's showcase as a business manager reads it: the sponsor's words with their name and
title, up to three stories chosen by the rule (reused, never private, no name when anonymous),
the figures behind the floor of five, the decision; and the admin's `pilot words`."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Program, Reply
from bot.db.pilot_models import Pilot
from bot.pilots.history import program_changes
from bot.pilots.showcase import Showcase, pilot_showcase
from tests.conversation import told
from tests.showcase_data import (
    EXPECTED_WORDS,
    LAST_DAY,
    NAME,
    REASON,
    SMALL_STORY,
    STORY,
    decide_on_the_final_review,
    pilot_that_ran,
)


async def showcase_of(core: Core, pilot: Pilot) -> Showcase:
    async with core.sessions() as session:
        program = await session.get(Program, pilot.program_id)
        assert program is not None
        return await pilot_showcase(session, pilot, program, core.clock.now().date())


async def test_the_showcase_quotes_the_sponsor_and_tells_the_reused_lessons(
    core: Core, clock: FakeClock
) -> None:
    pilot = await pilot_that_ran(core, clock)
    await decide_on_the_final_review(core, pilot)

    shown = await showcase_of(core, pilot)
    assert shown.words is not None
    assert (shown.words.text, shown.words.name, shown.words.title) == (
        EXPECTED_WORDS,
        "Sam",
        "Head of Sales",
    )
    assert shown.period.end == LAST_DAY and shown.targets == ("Sales",)
    assert [(s.text, s.author, s.unit, s.reused) for s in shown.stories] == [
        (STORY, "S0", "Sales", 6),
        (SMALL_STORY, "S1", "Sales", 2),
    ]
    assert shown.stories[0].reused_shown and not shown.stories[1].reused_shown
    assert shown.participation.k == 5 and not shown.participation.too_few
    assert shown.estimate is not None and not shown.estimate.conclusive
    assert "inconclusive" in shown.metric_sentence
    baseline = {w.role: w for w in shown.pulse if w.wave == "baseline"}
    assert not baseline["target"].too_few and baseline["comparison"].too_few  # three answered
    assert shown.decision is not None
    assert (shown.decision.choice, shown.decision.reason) == ("adjust", REASON)


async def test_a_private_answer_is_never_a_story_and_an_anonymous_one_has_no_name(
    core: Core, clock: FakeClock
) -> None:
    pilot = await pilot_that_ran(core, clock)
    async with core.sessions.begin() as session:
        for user, visibility in (("s0", "private"), ("s1", "anonymous")):
            member = await session.scalar(select(Member.id).where(Member.external_id == user))
            await session.execute(
                update(Reply).where(Reply.member_id == member).values(visibility=visibility)
            )

    [story] = (await showcase_of(core, pilot)).stories
    assert (story.text, story.author, story.unit) == (SMALL_STORY, None, None)


async def test_an_admin_sets_the_words_for_the_sponsor_and_the_history_shows_it(
    core: Core, clock: FakeClock
) -> None:
    pilot = await pilot_that_ran(core, clock)

    said = await told(core, "boss", f'pilot words "{NAME}" "  Faster quotes.   Fewer errors. "')
    words = "“Faster quotes. Fewer errors.”"
    assert said == f"changed the sponsor's words on the showcase of '{NAME}': {words}"
    assert "“Faster quotes. Fewer errors.” (Sam)" in await told(
        core, "boss", f'pilot show "{NAME}"'
    )
    assert "sponsor's words are empty" in await told(core, "boss", f'pilot words "{NAME}" " "')
    async with core.sessions() as session:
        whats = [c.what for c in await program_changes(session, NAME)]
    assert "pilot words words=written by=the sponsor, in chat" in whats
    assert any(w.startswith("pilot words text=") for w in whats)
    assert (await showcase_of(core, pilot)).words.text == "Faster quotes. Fewer errors."  # type: ignore[union-attr]
