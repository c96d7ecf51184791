"""Proposing a question: checked (length, duplicates, how many wait), confirmed with the credit
the member chooses, then sent to the admins and champions to review."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member, Program, Question
from bot.db.question_models import QuestionProposal
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.questions import messages, proposal_messages, review_messages

REVIEWER_ROLES = ("admin", "champion")


class ProposalRefused(ValueError):
    """A proposal that cannot be taken; the message says why, in one line."""


def normalised(text: str) -> str:
    """The words of a question, for spotting the same question written differently."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def split_program(text: str, programs: Sequence[Program]) -> tuple[Program, str]:
    """The program a proposal is for (`NAME: QUESTION` when the member is in several)."""
    if not programs:
        raise ProposalRefused(_(proposal_messages.NO_PROGRAM))
    name, colon, rest = text.partition(":")
    for program in programs:
        if colon and name.strip().lower() == program.name.lower():
            return program, rest.strip()
    if len(programs) > 1:
        raise ProposalRefused(proposal_messages.which_program([p.name for p in programs]))
    return programs[0], text.strip()


async def check_proposal(
    session: AsyncSession, member: Member, program: Program, text: str
) -> None:
    """Refuse a proposal too short or long, already asked or proposed, or one too many."""
    error = proposal_messages.length_error(len(text))
    if error:
        raise ProposalRefused(error)
    words = normalised(text)
    questions = await session.execute(
        select(Question.id, Question.text).where(
            Question.active.is_(True),
            or_(Question.program_id.is_(None), Question.program_id == program.id),
        )
    )
    for question_id, asked in questions.all():
        if normalised(asked) == words:
            raise ProposalRefused(proposal_messages.duplicate_of_question(question_id, asked))
    proposals = await session.execute(
        select(QuestionProposal.status, QuestionProposal.text).where(
            QuestionProposal.program_id == program.id, QuestionProposal.status != "draft"
        )
    )
    for status, proposed in proposals.all():
        if normalised(proposed) == words:
            raise ProposalRefused(proposal_messages.duplicate_of_proposal(status, proposed))
    waiting = await session.scalar(
        select(func.count()).where(
            QuestionProposal.member_id == member.id, QuestionProposal.status == "pending"
        )
    )
    if (waiting or 0) >= proposal_messages.PENDING_LIMIT:
        raise ProposalRefused(proposal_messages.too_many_pending())


async def start_proposal(
    session: AsyncSession,
    member: Member,
    text: str,
    programs: Sequence[Program],
    now: datetime,
    answer_open: bool,
) -> Response:
    """`propose QUESTION`: checked, then held as a draft until the member confirms it."""
    if not text.strip():
        return Response(text=_(proposal_messages.PROPOSE_USAGE))
    try:
        program, question = split_program(text, programs)
        await check_proposal(session, member, program, question)
    except ProposalRefused as refused:
        return Response(text=str(refused))
    draft = QuestionProposal(
        program_id=program.id,
        member_id=member.id,
        text=question,
        anonymous=False,
        status="draft",
        created_at=now,
    )
    session.add(draft)
    await session.flush()
    return Response(
        message=proposal_messages.confirm_message(draft.id, question, program.name, answer_open)
    )


async def own_draft(session: AsyncSession, member: Member, value: str) -> QuestionProposal | None:
    """The member's unconfirmed proposal named by a button's value."""
    number = value.partition(":")[0]
    proposal = await session.get(QuestionProposal, int(number)) if number.isdigit() else None
    if proposal is None or proposal.member_id != member.id or proposal.status != "draft":
        return None
    return proposal


async def confirm_proposal(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> Response:
    """Propose with my name / anonymously: the draft is proposed and goes to review."""
    proposal = await own_draft(session, member, value)
    credit = value.partition(":")[2]
    if proposal is None or credit not in ("named", "anonymous"):
        return Response(text=_(messages.GONE))
    program = await session.get_one(Program, proposal.program_id)
    try:  # the same question may have been proposed since
        await check_proposal(session, member, program, proposal.text)
    except ProposalRefused as refused:
        await session.delete(proposal)
        return Response(text=str(refused))
    await _propose(session, member, program, proposal, credit == "anonymous", now)
    return Response(text=proposal_messages.proposed_text(program.name))


async def cancel_proposal(session: AsyncSession, member: Member, value: str) -> Response:
    proposal = await own_draft(session, member, value)
    if proposal is not None:
        await session.delete(proposal)
    return Response(text=_(proposal_messages.CANCELLED))


async def submit_proposal_form(
    session: AsyncSession,
    member: Member,
    fields: dict[str, str],
    programs: Sequence[Program],
    now: datetime,
) -> Response:
    """The proposal form: proposed at once (the form itself was the deliberate step)."""
    text = (fields.get("question") or "").strip()
    chosen = fields.get("program") or ""
    try:
        if not programs:
            raise ProposalRefused(_(proposal_messages.NO_PROGRAM))
        program = next((p for p in programs if str(p.id) == chosen), programs[0])
        await check_proposal(session, member, program, text)
    except ProposalRefused as refused:
        return Response(text=str(refused), field_errors={"question": str(refused)})
    proposal = QuestionProposal(
        program_id=program.id, member_id=member.id, text=text, created_at=now
    )
    session.add(proposal)
    await _propose(session, member, program, proposal, fields.get("credit") == "anonymous", now)
    return Response(text=proposal_messages.proposed_text(program.name))


async def _propose(
    session: AsyncSession,
    member: Member,
    program: Program,
    proposal: QuestionProposal,
    anonymous: bool,
    now: datetime,
) -> None:
    proposal.anonymous = anonymous
    proposal.status = "pending"
    proposal.created_at = now
    await session.flush()
    reviewers = await session.scalars(
        select(Member).where(Member.active.is_(True), Member.role.in_(REVIEWER_ROLES))
    )
    for reviewer in reviewers:
        with speaking(member_language(reviewer)):  # each reviewer reads their own language
            credit = messages.credit_of(member.display_name, anonymous)
            review = review_messages.review_message(
                proposal.id, program.name, proposal.text, credit
            )
        to = ToMember(reviewer.workspace_id, reviewer.id)
        key = f"question.review:{proposal.id}:{reviewer.id}"
        await enqueue_message(session, key, "question_review", to, review, now)
