"""A program whose admins see private answers says so, on every platform: in the prompt's
"who sees your answer" line, and when a private answer is saved; without the rule a private
answer is seen by nobody else."""

from __future__ import annotations

from tests.contract.harness import ChatHarness
from tests.contract.test_capture_contract import prompt_for

ADMINS_READ = "If you keep it private, the program's admins can read it on the dashboard"


async def test_the_prompt_says_admins_read_private_answers_when_the_rule_is_on(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat, admins_see_private=True)

    [prompt] = chat.dms("ana")

    assert "Who sees your answer: it is posted with your name" in prompt.text
    assert ADMINS_READ in prompt.text


async def test_without_the_rule_the_prompt_promises_nobody_reads_a_private_answer(
    chat: ChatHarness,
) -> None:
    await prompt_for(chat, default_visibility="private")

    [prompt] = chat.dms("ana")
    offered = await chat.say("ana", "I still find the release checklist confusing.")
    saved = await chat.click("ana", offered.message_with("draft.save"), "draft.save")

    assert "Who sees your answer: it is kept private: nobody else sees it in kmbot" in prompt.text
    assert "admins" not in prompt.text
    assert saved.text == "Saved as your answer. It is kept private: nobody else sees it in kmbot."


async def test_a_private_answer_is_saved_saying_only_the_admins_see_it(chat: ChatHarness) -> None:
    await prompt_for(chat, default_visibility="private", admins_see_private=True)

    [prompt] = chat.dms("ana")
    offered = await chat.say("ana", "I still find the release checklist confusing.")
    saved = await chat.click("ana", offered.message_with("draft.save"), "draft.save")

    assert "it is kept private: only the program's admins see it, on kmbot's dashboard" in (
        prompt.text
    )
    assert saved.text == (
        "Saved as your answer. It is kept private: only the program's admins see it, "
        "on kmbot's dashboard."
    )
