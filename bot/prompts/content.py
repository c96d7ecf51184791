"""What a member sees of a prompt, taken from its program and question rows."""

from __future__ import annotations

from bot.db.models import Program, Question
from bot.prompts.messages import PromptContent


def content_of(program: Program, question: Question, endorsement: str = "") -> PromptContent:
    """The parts of a prompt its wording needs; `endorsement`: the sponsor's signed line."""
    return PromptContent(
        program.name,
        program.purpose,
        question.text,
        tuple(question.fields),
        program.share_mode,
        program.default_visibility,
        program.capture,
        endorsement=endorsement,
        admins_see_private=program.admins_see_private,
    )
