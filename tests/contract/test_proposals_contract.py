"""A stake in what is asked, on every platform: a member proposes a question, colleagues vote
in Monday's note, an admin adopts it (or declines it, and the proposer reads why), the
prompt credits the proposer, and those who answered rate the question with one click."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import Question
from bot.db.question_models import QuestionProposal, QuestionRating
from tests.contract.harness import ChatHarness, Seen, type_answer
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

FRIDAY_BEFORE = datetime(2026, 2, 27, 12, 0, tzinfo=UTC)
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # the vote note's time (the org is UTC)
PROPOSED = "What did a customer teach you this month?"


async def team(chat: ChatHarness) -> None:
    for user in ("ana", "ben", "cy", "boss"):
        await chat.add_member(user, "Europe/Lisbon", role="admin" if user == "boss" else "member")
    await add_program(chat.core, feed=chat.feed_address())
    chat.clock.set(FRIDAY_BEFORE)


def titled(chat: ChatHarness, user: str, words: str) -> list[Seen]:
    return [s for s in chat.dms(user) if words in s.text]


async def choose(chat: ChatHarness, user: str, seen: Seen, action_id: str, value_end: str) -> str:
    """`user` clicks the `action_id` button of `seen` whose value ends with `value_end` (Slack
    numbers repeated action ids: `question.confirm~2`)."""
    aid, value = next(
        (a, v) for a, v in seen.actions if a.split("~")[0] == action_id and v.endswith(value_end)
    )
    return (await chat.click(user, Seen(seen.text, ((aid, value),), seen.ref), aid)).text


async def test_propose_vote_approve_then_asked_with_credit_and_rated(chat: ChatHarness) -> None:
    await team(chat)

    offered = await chat.say("ana", f"propose {PROPOSED}")
    confirm = offered.message_with("question.confirm")
    assert f"Propose “{PROPOSED}” for Weekly learning?" in confirm.text
    proposed = await choose(chat, "ana", confirm, "question.confirm", ":named")
    assert "Your question is proposed for Weekly learning" in proposed
    again = await chat.say("ana", "propose what did a CUSTOMER teach you this month")
    assert (
        again.text
        == f"“{PROPOSED}” is already proposed and in the vote; propose a different question."
    )
    await chat.deliver()
    [review] = titled(chat, "boss", "a proposed question to review")
    assert PROPOSED in review.text and "Proposed by Ana." in review.text
    assert titled(chat, "ben", "questions your colleagues proposed") == []  # Monday's note

    chat.clock.set(MONDAY_10)
    await chat.deliver()
    [note] = titled(chat, "ben", "questions your colleagues proposed")
    assert f"“{PROPOSED}” (proposed by Ana)" in note.text
    assert (await chat.click("ben", note, "question.vote")).text == (
        "Thanks, your vote is counted (1 vote so far)."
    )
    assert (await chat.click("ben", note, "question.vote")).text == (
        "You already voted for this one: one vote per person."
    )
    [own] = titled(chat, "ana", "questions your colleagues proposed")
    assert "your colleagues vote on it" in (await chat.click("ana", own, "question.vote")).text
    [cys] = titled(chat, "cy", "questions your colleagues proposed")
    assert "2 votes so far" in (await chat.click("cy", cys, "question.vote")).text

    approved = await chat.click("boss", review, "question.approve")
    assert approved.text == "Approved: it joins the rotation (2 votes so far)."
    assert "already approved by Boss" in (await chat.click("boss", review, "question.approve")).text
    await chat.deliver()
    [adopted] = titled(chat, "ana", "your question was adopted")
    assert PROPOSED in adopted.text

    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    [prompt] = titled(chat, "ben", "this week's question")
    assert PROPOSED in prompt.text and "💡 Proposed by Ana." in prompt.text
    await type_answer(chat, "ben", "That onboarding is a sales pitch too.")
    await chat.deliver()
    [answered] = titled(chat, "ben", "answered")
    rated = await choose(chat, "ben", answered, "question.rate", ":good")

    assert rated.startswith("Thanks! Your rating helps choose the next questions.")
    async with chat.core.sessions() as session:
        question = await session.scalar(select(Question).where(Question.text == PROPOSED))
        assert question is not None and question.source == "member" and question.votes == 2
        [rating] = await session.scalars(select(QuestionRating))
    assert (rating.question_id, rating.rating) == (question.id, "good")


async def test_a_decline_s_reason_reaches_the_proposer_who_stays_anonymous(
    chat: ChatHarness,
) -> None:
    await team(chat)
    offered = await chat.say("cy", "propose Which meeting would you cancel?")
    confirm = offered.message_with("question.confirm")
    assert "Your question is proposed" in await choose(
        chat, "cy", confirm, "question.confirm", ":anonymous"
    )
    chat.clock.set(MONDAY_10)
    await chat.deliver()
    [review] = titled(chat, "boss", "a proposed question to review")
    [note] = titled(chat, "ben", "questions your colleagues proposed")
    assert "proposed by a colleague" in note.text and "Cy" not in note.text + review.text
    opened = await chat.click("ben", note, "question.propose")  # the form, as in App Home
    assert opened.form_labels[:2] == ("Your question", "Credit")
    fields = {"question": "How do you keep time to focus?", "credit": "named"}
    formed = await chat.submit("ben", note, fields, "question.propose")
    assert "Your question is proposed for Weekly learning" in formed.text

    declined = await chat.submit(
        "boss", review, {"reason": "Our survey asks this every quarter."}, "question.decline"
    )
    await chat.deliver()

    assert declined.text == "Declined: the proposer gets your reason."
    [told] = titled(chat, "cy", "your question was not adopted")
    assert "“Which meeting would you cancel?” was not adopted." in told.text
    assert "Boss said: “Our survey asks this every quarter.”" in told.text
    assert "declined" in (await chat.click("ben", note, "question.vote")).text
    async with chat.core.sessions() as session:
        stored = await session.scalars(select(QuestionProposal).order_by(QuestionProposal.id))
        found = [(p.text, p.status, p.anonymous) for p in stored]
    assert found == [
        ("Which meeting would you cancel?", "declined", True),
        ("How do you keep time to focus?", "pending", False),
    ]


async def test_a_bad_proposal_gets_one_line_and_a_question_already_asked_a_pointer(
    chat: ChatHarness,
) -> None:
    await team(chat)

    short = await chat.say("ben", "propose Why?")
    asked = await chat.say(
        "ben", "propose what should a newcomer to your team know, that is written down nowhere"
    )

    assert short.text == "A proposed question needs at least 10 characters."
    assert asked.text.startswith("That question is already asked here (question ")
    assert "What should a newcomer to your team know" in asked.text
    async with chat.core.sessions() as session:
        assert list(await session.scalars(select(QuestionProposal))) == []
