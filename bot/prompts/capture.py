"""A reply typed while a prompt is open: answered if it is a question, otherwise saved as the
answer only once its author confirms it (or at once, when the program's admin chose direct
capture)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.capture_models import AnswerDraft
from bot.db.models import Member, Program, Prompt, Question, Reply
from bot.i18n import N_, _
from bot.prompts import answers
from bot.prompts.capture_messages import confirm_message, question_reply, saved_text, who_sees
from bot.prompts.content import content_of
from bot.prompts.messages import answer_form, field_id

QUESTION_WORDS = frozenset(
    [
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "can",
        "could",
        "would",
        "will",
        "is",
        "are",
        "do",
        "does",
        "did",
        "should",
        "may",
        "am",
    ]
)
AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "will",
        "would",
        "may",
        "happens",
        "happened",
    ]
)
GONE = N_("That reply is no longer waiting to be saved. Type `status` for this week's question.")


def looks_like_question(text: str) -> bool:
    """'Who sees my answers?', 'what is this bot': a question to kmbot, never an answer.

    A reply ending in "?" is a question; so is one opening with a question word followed by
    an auxiliary ("what is …", "how do …") or of six words at most ("who sees my answers").
    "What I learned this week is …" is not.
    """
    words = text.strip().lower().split()
    if not words:
        return False
    if text.strip().endswith("?"):
        return True
    first = words[0].strip(",.:;!")
    if first not in QUESTION_WORDS:
        return False
    second = words[1].strip(",.:;!") if len(words) > 1 else ""
    return second in AUXILIARIES or len(words) <= 6


async def typed_reply(
    session: AsyncSession, member: Member, prompt: Prompt, text: str, now: datetime
) -> Response:
    """What a plain direct message does while `prompt` is open."""
    program, question = await _program_and_question(session, prompt)
    where = who_sees(program.share_mode, program.default_visibility, program.admins_see_private)
    if looks_like_question(text):
        return Response(message=question_reply(prompt.id, question.text, where))
    fields = {field_id(0): text}
    if program.capture == "direct":
        recorded = await answers.record_answer(
            session, member, prompt, fields, program.default_visibility, now
        )
        return Response(text=saved_text(where, recorded.late))
    answers.check_lengths(fields, list(question.fields))  # refuse before anything is written
    draft = AnswerDraft(prompt_id=prompt.id, member_id=member.id, text=text, created_at=now)
    session.add(draft)
    await session.flush()
    return Response(message=confirm_message(draft.id, question.text, text.strip(), where))


async def save_draft(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """Save: the typed reply becomes the answer, with the program's default visibility."""
    found = await _draft_of(session, member, value)
    if found is None:
        return Response(text=_(GONE))
    draft, prompt = found
    program, _question = await _program_and_question(session, prompt)
    fields = {field_id(0): draft.text}
    try:
        recorded = await answers.record_answer(
            session, member, prompt, fields, program.default_visibility, now
        )
    finally:
        await session.delete(draft)
    reply = await session.get_one(Reply, recorded.reply_id)
    where = who_sees(program.share_mode, reply.visibility, program.admins_see_private)
    return Response(text=saved_text(where, recorded.late))


async def edit_draft(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """Edit: the answer form opens with the typed reply in it (nothing saved until Submit)."""
    found = await _draft_of(session, member, value)
    if found is None:
        return Response(text=_(GONE))
    draft, prompt = found
    if prompt.status == "answered":
        return Response(text=_("You already answered this one. Thank you!"))
    program, question = await _program_and_question(session, prompt)
    return Response(form=answer_form(prompt.id, content_of(program, question), draft.text))


async def discard_draft(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> Response:
    """Not an answer: the typed reply is forgotten."""
    found = await _draft_of(session, member, value)
    if found is not None:
        await session.delete(found[0])
    return Response(text=_("OK, I did not save that as your answer."))


async def _draft_of(
    session: AsyncSession, member: Member, value: str
) -> tuple[AnswerDraft, Prompt] | None:
    draft = await session.get(AnswerDraft, int(value)) if value.isdigit() else None
    if draft is None or draft.member_id != member.id:
        return None
    prompt = await answers.find_prompt(session, draft.prompt_id)
    return (draft, prompt) if prompt is not None else None


async def _program_and_question(session: AsyncSession, prompt: Prompt) -> tuple[Program, Question]:
    program = await session.get_one(Program, prompt.program_id)
    question = await session.get_one(Question, prompt.question_id)
    return program, question
