"""Typed replies while a prompt is open, on every platform: questions are answered and never
stored, a plain reply is saved only after Save, and admin words in prose are prose."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.capture_models import AnswerDraft
from bot.db.models import Prompt, Reply
from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program

FEED_NAMED = "posted with your name in the program's feed channel"


async def prompt_for(chat: ChatHarness, **program: object) -> None:
    await chat.add_member("ana", "Europe/Lisbon")
    fields = {"share_mode": "feed", "feed": chat.feed_address(), **program}
    await add_program(chat.core, **fields)
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()


async def stored(chat: ChatHarness) -> tuple[int, int, str]:
    """(answers, drafts, the prompt's status)."""
    async with chat.core.sessions() as session:
        replies = await session.scalar(select(func.count()).select_from(Reply))
        drafts = await session.scalar(select(func.count()).select_from(AnswerDraft))
        status = await session.scalar(select(Prompt.status))
    return replies or 0, drafts or 0, status or ""


async def test_every_prompt_says_who_will_see_the_answer(chat: ChatHarness) -> None:
    await prompt_for(chat, default_visibility="anonymous")

    [prompt] = chat.dms("ana")

    assert "Who sees your answer: it is posted without your name (anonymously)" in prompt.text


async def test_a_question_sent_while_a_prompt_is_open_is_answered_and_nothing_is_stored(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)

    answer = await chat.say("ana", "Sorry, what is this bot? Who sees my answers?")
    await chat.deliver()

    assert "looks like a question, so I did not save it" in answer.text
    assert FEED_NAMED in answer.text
    assert await stored(chat) == (0, 0, "open")
    assert chat.feed() == []


async def test_a_plain_reply_is_saved_only_after_confirmation_with_its_visibility_stated(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)

    offered = await chat.say("ana", "Asking support first saved me a day.")
    await chat.deliver()

    assert f"It will be {FEED_NAMED}." in offered.text
    assert await stored(chat) == (0, 1, "open")
    assert chat.feed() == []
    saved = await chat.click("ana", offered.message_with("draft.save"), "draft.save")
    await chat.deliver()

    assert saved.text == f"Saved as your answer. It is {FEED_NAMED}."
    assert await stored(chat) == (1, 0, "answered")
    [post] = chat.feed()
    assert "Asking support first saved me a day." in post.text


async def test_not_an_answer_forgets_the_reply_and_the_real_answer_is_still_taken(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)
    [prompt] = chat.dms("ana")

    offered = await chat.say("ana", "Running late today, back in ten")
    dropped = await chat.click("ana", offered.message_with("draft.discard"), "draft.discard")
    answered = await chat.submit("ana", prompt, {"q0": "Pairing beats waiting."})

    assert dropped.text == "OK, I did not save that as your answer."
    assert "your answer is recorded" in answered.text
    async with chat.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.answers[0]["text"] == "Pairing beats waiting."


async def test_edit_opens_the_answer_form_and_saves_what_was_submitted(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)

    offered = await chat.say("ana", "Asking support first")
    confirm = offered.message_with("draft.edit")
    edited = await chat.submit(
        "ana",
        confirm,
        {"q0": "Asking support first saved me a day.", "visibility": "anonymous"},
        action_id="draft.edit",
    )
    await chat.deliver()

    assert "your answer is recorded" in edited.text
    async with chat.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.answers[0]["text"] == "Asking support first saved me a day."
    assert reply.visibility == "anonymous"
    [post] = chat.feed()
    assert "anonymous" in post.text.lower() and "Ana" not in post.text


async def test_direct_capture_saves_a_reply_at_once_and_says_who_sees_it(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat, capture="direct", share_mode="digest")

    saved = await chat.say("ana", "Write the plan down first.")

    assert saved.text == (
        "Saved as your answer. It is shared with your name in the round's digest "
        "in the program's feed channel."
    )
    assert await stored(chat) == (1, 0, "answered")


async def test_program_budgets_from_a_member_is_an_answer_not_an_admin_command(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)

    offered = await chat.say("ana", "Program budgets were tight, so we reused the old rig.")
    saved = await chat.click("ana", offered.message_with("draft.save"), "draft.save")

    assert "for kmbot admins" not in offered.text
    assert saved.text.startswith("Saved as your answer.")
    async with chat.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
    assert reply.answers[0]["text"].startswith("Program budgets were tight")


async def test_an_exact_admin_command_is_for_admins_and_is_never_an_answer(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat)
    await chat.add_member("boss", "UTC", role="admin")

    refused = await chat.say("ana", "program list")
    listed = await chat.say("boss", "program list")
    paused = await chat.say("ana", "pause next friday")

    assert refused.text == "That command is for kmbot admins. Type `help` for yours."
    assert "Weekly learning" in listed.text
    assert "Use pause YYYY-MM-DD" in paused.text
    assert await stored(chat) == (0, 0, "open")
