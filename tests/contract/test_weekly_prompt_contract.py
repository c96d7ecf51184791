"""The weekly prompt as a member lives it, on every platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.models import Prompt, Question, Reply
from tests.contract.harness import ChatHarness, type_answer
from tests.conversation import add_program

THURSDAY_15_LISBON = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # Lisbon is UTC in March
RECORDED_AND_SHARED = "Thank you, your answer is recorded and shared with your colleagues."


async def prompt_for(chat: ChatHarness, user: str = "ana", share_mode: str = "feed") -> None:
    await chat.add_member(user, "Europe/Lisbon")
    await add_program(chat.core, share_mode=share_mode, feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()


async def test_the_prompt_arrives_with_question_purpose_and_buttons(chat: ChatHarness) -> None:
    await prompt_for(chat)

    [prompt] = chat.dms("ana")
    async with chat.core.sessions() as session:
        question = await session.scalar(
            select(Question.text).join(Prompt, Prompt.question_id == Question.id)
        )
    assert question is not None and question in prompt.text
    assert "We share what we learn." in prompt.text
    assert {"prompt.answer", "prompt.skip"} <= {aid for aid, _ in prompt.actions}


async def test_answering_through_the_form_records_and_shares_it(chat: ChatHarness) -> None:
    await prompt_for(chat)
    [prompt] = chat.dms("ana")

    answer = await chat.submit(
        "ana", prompt, {"q0": "Checklists beat memory.", "visibility": "shared"}
    )
    await chat.deliver()

    assert answer.text == RECORDED_AND_SHARED
    async with chat.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.answers[0]["text"] == "Checklists beat memory."
    [post] = chat.feed()
    assert "Checklists beat memory." in post.text and "Ana" in post.text
    assert "reply.helpful" in {aid for aid, _ in post.actions}
    answered = chat.dms("ana")[0]  # the prompt, as it now reads
    assert "Weekly learning: answered" in answered.text
    assert "Thanks, your answer is recorded." in answered.text
    assert "prompt.answer" not in {aid for aid, _ in answered.actions}


async def test_a_plain_reply_in_the_chat_is_taken_as_the_answer_once_saved(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)

    answer = await type_answer(chat, "ana", "Asking support first saved me a day.")

    assert (
        answer.text
        == "Saved as your answer. It is posted with your name in the program's feed channel."
    )
    async with chat.core.sessions() as session:
        [prompt] = await session.scalars(select(Prompt))
    assert prompt.status == "answered"


async def test_an_answer_over_the_limit_is_refused_naming_the_limit(chat: ChatHarness) -> None:
    await prompt_for(chat)
    [prompt] = chat.dms("ana")

    answer = await chat.submit("ana", prompt, {"q0": "x" * 3001})

    too_long = (
        "This answer is 3,001 characters; the limit is 3,000. "
        "Please shorten it (nothing was saved)."
    )
    assert too_long in (answer.text, answer.errors.get("q0"))  # a note, or beside the field
    async with chat.core.sessions() as session:
        assert list(await session.scalars(select(Reply))) == []


async def test_skip_this_week(chat: ChatHarness) -> None:
    await prompt_for(chat)
    [prompt] = chat.dms("ana")

    answer = await chat.click("ana", prompt, "prompt.skip")
    await chat.deliver()

    assert answer.text.startswith("Skipped. Your streak is safe; see you next week.")
    async with chat.core.sessions() as session:
        [row] = await session.scalars(select(Prompt))
    assert row.status == "skipped"
    skipped = chat.dms("ana")[0]  # the prompt, as it now reads
    assert "Skipped this week. See you next time." in skipped.text
    assert skipped.actions == ()


async def test_a_button_from_a_closed_and_answered_prompt_answers_politely(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)
    [prompt] = chat.dms("ana")
    await type_answer(chat, "ana", "First answer.")
    chat.clock.advance(timedelta(days=4))
    await chat.deliver()

    again = await chat.click("ana", prompt, "prompt.answer")

    assert again.text == "You already answered this one. Thank you!"


async def test_help_and_unknown_text_without_an_open_question(chat: ChatHarness) -> None:
    await chat.add_member("ana", "Europe/Lisbon")

    helped = await chat.say("ana", "help")
    unknown = await chat.say("ana", "what is this?")

    assert "pause" in helped.text and "status" in helped.text
    assert "no open question" in unknown.text.lower() and "pause" in unknown.text


async def test_someone_finds_a_shared_answer_helpful(chat: ChatHarness) -> None:
    await prompt_for(chat)
    await chat.add_member("ben", "Europe/Lisbon")
    await type_answer(chat, "ana", "Write the plan down first.")
    await chat.deliver()
    [post] = chat.feed()

    first = await chat.click("ben", post, "reply.helpful")
    second = await chat.click("ben", post, "reply.helpful")

    assert first.text == (
        "Thanks, marked as helpful. The author hears of it in a daily note (no names)."
    )
    assert second.text == "You already marked this as helpful."
    async with chat.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.helpful_count == 1
