"""Recording what members say: answers, skips and 'helpful' marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.db.models import HelpfulMark, Member, Program, Prompt, Question, Reply
from bot.db.upsert import insert_new
from bot.i18n import N_, _
from bot.outbox.enqueue import UPDATE, ToMessage, enqueue_message
from bot.programs.programs import VISIBILITIES
from bot.prompts.content import content_of
from bot.prompts.helpful_notes import queue_helpful_note
from bot.prompts.messages import ANSWER_MAX_CHARS, answered_message, field_id, skipped_message
from bot.prompts.sharing import share_reply

SKIPPED = N_("Skipped. Your streak is safe; see you next week.")


HELPED_KEY = "helped-me"  # the bank's "Who helped you this week, and how?"


class AnswerRefused(ValueError):
    """The answer cannot be recorded; the message says why, politely."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Recorded:
    reply_id: int
    late: bool
    shared: bool


def _with_program_and_question() -> Select[Prompt, Program, Question]:
    """Prompts loaded with their program and question (which answering needs) in one query."""
    return (
        select(Prompt, Program, Question)
        .join(Program, Prompt.program_id == Program.id)
        .join(Question, Prompt.question_id == Question.id)
    )


async def find_prompt(session: AsyncSession, prompt_id: int) -> Prompt | None:
    """A prompt by id, its program and question loaded into the session too."""
    query = _with_program_and_question().where(Prompt.id == prompt_id)
    return await _first_prompt(session, query)


async def open_prompt(session: AsyncSession, member: Member) -> Prompt | None:
    """The prompt a plain-text reply answers: the member's newest open one."""
    query = (
        _with_program_and_question()
        .where(Prompt.member_id == member.id, Prompt.status == "open")
        .order_by(Prompt.opened_at.desc())
        .limit(1)
    )
    return await _first_prompt(session, query)


async def _first_prompt(
    session: AsyncSession, query: Select[Prompt, Program, Question]
) -> Prompt | None:
    row = (await session.execute(query)).first()
    prompt: Prompt | None = row[0] if row else None
    return prompt


async def closed_unanswered_prompt(session: AsyncSession, member: Member) -> Prompt | None:
    """The member's newest prompt when it was missed or skipped (it may be answered late)."""
    newest = await session.scalar(
        select(Prompt)
        .where(Prompt.member_id == member.id)
        .order_by(Prompt.opened_at.desc())
        .limit(1)
    )
    return newest if newest is not None and newest.status in ("missed", "skipped") else None


def check_lengths(fields: dict[str, str], labels: list[str]) -> list[dict[str, str]]:
    """Pair each answer with its question part; refuse empty or over-long answers."""
    answers = []
    for index, label in enumerate(labels):
        text = fields.get(field_id(index), "").strip()
        if len(text) > ANSWER_MAX_CHARS:
            raise AnswerRefused(
                _(
                    "This answer is {length} characters; the limit is {limit}. "
                    "Please shorten it (nothing was saved)."
                ).format(length=f"{len(text):,}", limit=f"{ANSWER_MAX_CHARS:,}"),
                field_id(index),
            )
        if text:
            answers.append({"label": label, "text": text})
    if not answers:
        raise AnswerRefused(_("The answer is empty: write a sentence or two."), field_id(0))
    return answers


async def record_answer(
    session: AsyncSession,
    member: Member,
    prompt: Prompt,
    fields: dict[str, str],
    visibility: str,
    now: datetime,
) -> Recorded:
    """Store the answer against `prompt`, share it by the program's rules, update the prompt."""
    if prompt.member_id != member.id:
        raise AnswerRefused(_("This question was sent to someone else."))
    if prompt.status == "answered":
        raise AnswerRefused(_("You already answered this question. Thank you!"))
    program = await session.get(Program, prompt.program_id)
    question = await session.get(Question, prompt.question_id)
    assert program is not None and question is not None
    if program.share_mode == "private":
        visibility = "private"
    if visibility not in VISIBILITIES:
        raise AnswerRefused(
            _("Unknown choice {choice} for who can see this.").format(choice=repr(visibility)),
            "visibility",
        )
    answers = check_lengths(fields, list(question.fields))
    late = prompt.status == "missed"
    row = {
        "prompt_id": prompt.id,
        "program_id": program.id,
        "member_id": member.id,
        "answers": answers,
        "visibility": visibility,
        "late": late,
        "helpful_count": 0,
        "created_at": now,
    }
    inserted = await insert_new(session, Reply, [row], returning=[Reply.id])
    if not inserted:  # the same answer arrived twice at once (a double submit, two replicas)
        raise AnswerRefused(_("You already answered this question. Thank you!"))
    reply = await session.get_one(Reply, inserted[0][0])
    prompt.status = "answered"
    prompt.answered_at = now
    await session.flush()
    shared = await share_reply(session, program, reply, member, question, now)
    content = content_of(program, question)
    answered = answered_message(
        content, late, reply.id, question.key == HELPED_KEY, rate_prompt=prompt.id
    )
    await update_prompt_message(session, prompt, member, answered, now)
    return Recorded(reply.id, late, shared)


async def skip(session: AsyncSession, member: Member, prompt: Prompt, now: datetime) -> str:
    if prompt.member_id != member.id:
        return _("This question was sent to someone else.")
    if prompt.status != "open":
        return _("This week's round is already over or answered; nothing to skip.")
    prompt.status = "skipped"
    program = await session.get(Program, prompt.program_id)
    question = await session.get(Question, prompt.question_id)
    assert program is not None and question is not None
    content = content_of(program, question)
    await update_prompt_message(session, prompt, member, skipped_message(content), now)
    return _(SKIPPED)


async def mark_helpful(
    session: AsyncSession, member: Member, reply_id: int, now: datetime, org_zone: str = "UTC"
) -> str:
    """Count the click; the author hears of the day's clicks in one note (helpful_notes)."""
    reply = await session.get(Reply, reply_id)
    if reply is None:
        return _("That answer is no longer available.")
    added = await insert_new(
        session,
        HelpfulMark,
        [{"reply_id": reply_id, "member_id": member.id, "created_at": now}],
        returning=[HelpfulMark.reply_id],
    )
    if not added:
        return _("You already marked this as helpful.")
    reply.helpful_count += 1
    author = await session.get(Member, reply.member_id)
    if author is None or author.id == member.id:
        return _("Thanks, marked as helpful.")
    await queue_helpful_note(session, author, now, org_zone)
    return _("Thanks, marked as helpful. The author hears of it in a daily note (no names).")


async def update_prompt_message(
    session: AsyncSession, prompt: Prompt, member: Member, message: OutgoingMessage, now: datetime
) -> None:
    """Replace the prompt the member was sent, once it is answered or skipped."""
    if not prompt.message_id or not prompt.message_conversation:
        return
    sent = ToMessage(member.workspace_id, prompt.message_conversation, prompt.message_id)
    await enqueue_message(
        session, f"update:{prompt.id}:{prompt.status}:{now.isoformat()}", UPDATE, sent, message, now
    )
