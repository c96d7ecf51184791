"""Proposals' edges on the in-memory platform: an answer that starts with "propose", how many
may wait, who may vote and who may review."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import Button, OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Reply
from bot.i18n import spoken
from bot.prompts.messages import PromptContent, prompt_message
from tests.conversation import add_people, add_program, click, run_jobs, say, titled

THURSDAY_15 = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


async def test_an_answer_that_starts_with_propose_is_kept_as_the_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core)
    clock.set(THURSDAY_15)
    await run_jobs(core)

    offered = await say(core, "ana", "propose we review the plan before the kickoff")
    assert offered is not None and offered.message is not None
    mine = await click(core, "ana", offered.message, "question.as_answer")
    assert mine.message is not None and mine.message.title == "Save this as your answer?"
    await click(core, "ana", mine.message, "draft.save")

    async with core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.answers[0]["text"] == "propose we review the plan before the kickoff"


async def test_at_most_three_proposals_wait_for_review(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core)
    for n in range(4):
        offered = await say(core, "ana", f"propose Which tool saved you time in week {n}?")
        assert offered is not None
        if offered.message is None:
            break
        await click(core, "ana", offered.message, "question.confirm")

    assert offered.text == (
        "You have 3 proposals waiting for review already; propose another once one of "
        "them is decided."
    )


async def test_only_reviewers_review_and_only_the_program_s_members_vote(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_people(core, ("olga", "UTC"), unit="Ops")
    await add_people(core, ("boss", "UTC"), role="admin")
    await add_program(core, audience="unit:Eng")
    offered = await say(core, "ana", "propose What did a customer teach you this month?")
    assert offered is not None and offered.message is not None
    await click(core, "ana", offered.message, "question.confirm")
    await run_jobs(core)
    [review] = titled(platform, "boss", "a proposed question to review")

    by_ben = await click(core, "ben", review, "question.approve")
    proposal = review.message.buttons[0].value
    vote = OutgoingMessage(text="", buttons=(Button("question.vote", "Vote", proposal),))
    by_olga = await click(core, "olga", vote, "question.vote")

    assert by_ben.text == "Only kmbot admins and champions review proposed questions."
    assert by_olga.text == (
        "This proposal is for a program you are not in, so you cannot vote on it."
    )


def test_one_credited_prompt_reads_in_each_recipients_language() -> None:
    """The prompt's content is shared by everyone asked; the credit is worded per language."""
    content = PromptContent("Weekly", "We learn.", "What did you learn this week?", (), "feed")
    named, anonymous = (replace(content, credit=who) for who in ("Ana", ""))
    assert "💡 Proposed by Ana." in spoken("en", prompt_message, 1, named).text
    assert "💡 Proposée par Ana." in spoken("fr", prompt_message, 1, named).text
    assert "💡 Propuesta por un colega." in spoken("es", prompt_message, 1, anonymous).text
    assert "💡" not in spoken("pt", prompt_message, 1, content).text  # nobody proposed it
