"""Typed replies: what reads as a question, and the program settings behind capture."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.core import Core
from bot.inbound.admin_chat import admin_command_form
from bot.programs.programs import ProgramError
from bot.prompts.capture import looks_like_question
from tests.conversation import add_people, add_program, told


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, what is this bot? Who sees my answers?",
        "who sees my answers",
        "How do I pause this for a week",
        "is this anonymous",
        "What's this?",
    ],
)
def test_questions_to_the_bot_are_recognised(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "What I learned this week is that checklists beat memory.",
        "How we ran the retro changed everything: short, written, kind.",
        "Asking support first saved me a day.",
        "Program budgets were tight, so we reused the old rig.",
    ],
)
def test_answers_are_not_taken_for_questions(text: str) -> None:
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("program list", "exact"),
        ("program show", "attempt"),
        ('program show "Weekly', "attempt"),
        ("sync", "exact"),
        ("Program budgets were tight", None),
        ("program budgets were tight", None),
        ("Member feedback shaped the release", None),
        ("Sync meetings were replaced by a written update", None),
        ("sync meetings", None),
    ],
)
def test_admin_commands_only_in_their_exact_form(text: str, form: str | None) -> None:
    assert admin_command_form(text) == form


async def test_an_anonymity_floor_below_three_is_refused(core: Core) -> None:
    with pytest.raises(ProgramError, match="anonymity floor must be 3 to 100"):
        await add_program(core, anonymity_floor=2)
    with pytest.raises(ProgramError, match="capture must be confirm"):
        await add_program(core, capture="sometimes")


async def test_an_admin_sees_the_answer_settings_and_changes_them_in_chat(
    core: Core, clock: FakeClock
) -> None:
    await add_people(core, ("boss", "UTC"), role="admin")
    await add_program(core)

    shown = await told(core, "boss", 'program show "Weekly learning"')
    changed = await told(
        core,
        "boss",
        'program update "Weekly learning" --capture direct --default-visibility anonymous '
        "--anonymity-floor 4",
    )
    refused = await told(core, "boss", 'program update "Weekly learning" --anonymity-floor 1')

    assert "typed replies: saved as the answer after the member confirms" in shown
    assert "visibility: shared unless the author chooses" in shown
    assert "anonymity floor: 5 answers" in shown
    assert "saved as the answer at once" in changed and "anonymity floor: 4 answers" in changed
    assert "visibility: anonymous unless the author chooses" in changed
    assert refused == "anonymity floor must be 3 to 100 answers (default 5)"
