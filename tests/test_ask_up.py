"""Ask up, the rules a conversation test does not reach: how the command is read, who gets the
question, and what a second answer does."""

from __future__ import annotations

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.core import Core
from bot.db.people_models import LeadQuestion
from bot.inbound.command_parsing import parse_command
from bot.people.ask_leads import split_question
from bot.people.roles import find_person, set_role
from tests.conversation import WORKSPACE, add_people, click, fill_in, run_jobs, titled, told


def test_the_command_is_read_with_or_without_anonymity() -> None:
    assert split_question("leads Why?") == ("Why?", False)
    assert split_question("leads anonymously  Why now?") == ("Why now?", True)
    assert split_question("leads anon") == ("", True)
    assert split_question("everyone Why?") == ("", False)
    assert parse_command("ask leads Why?") is not None
    assert parse_command("ask lead") is not None  # then told how to write it
    assert parse_command("ask leadership about it") is None
    assert parse_command("ask me anything about donors") is None  # an answer, not a command


async def test_a_signed_question_also_reaches_the_manager_and_nobody_twice(
    core: Core, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("lena", "UTC"), ("ana", "UTC"), unit="Sales")
    await add_people(core, ("dir", "UTC"), unit="Board")
    async with core.sessions.begin() as session:
        lena = await find_person(session, f"memory:{WORKSPACE}:lena")
        await set_role(session, lena, "lead")
        ana = await find_person(session, f"memory:{WORKSPACE}:ana")
        ana.manager_id = (await find_person(session, f"memory:{WORKSPACE}:dir")).id
    assert await told(core, "ana", "ask leads Can I join the board meeting?") == (
        "Sent to Dir, Lena. I'll bring you the answer here."
    )
    await run_jobs(core)
    assert len(titled(platform, "lena", "A question from your team")) == 1
    [to_dir] = titled(platform, "dir", "A question from your team")

    first = await fill_in(core, "dir", to_dir, {"answer": "Yes, from next month."}, "ask.answer")
    [to_lena] = titled(platform, "lena", "A question from your team")
    second = await click(core, "lena", to_lena, "ask.answer")
    await run_jobs(core)

    assert first.text == "Thank you, your answer is on its way to Ana."
    assert second.text == "Dir has already answered this question. Thank you!"
    assert len(titled(platform, "ana", "A lead answered your question")) == 1


async def test_with_no_lead_there_is_no_one_to_ask(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), unit="Sales")
    assert await told(core, "ana", "ask leads Anyone?") == (
        "Nobody leads Sales in kmbot yet, so there is no one to send it to. "
        "An admin can name a lead (`member role PERSON lead`)."
    )
    assert await told(core, "ana", "ask leads") == (
        "Write your question after it: `ask leads QUESTION` (or `ask leads anonymously QUESTION`)."
    )
    async with core.sessions() as session:
        assert list(await session.scalars(select(LeadQuestion))) == []
