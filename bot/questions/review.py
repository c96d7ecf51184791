"""Admins and champions review proposals: Approve adds the question to the program's bank
(with its votes, so the most voted go first); Decline asks why and tells the proposer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import FormSubmitted, OutgoingMessage, Response
from bot.db.models import Member, Program
from bot.db.question_models import QuestionProposal
from bot.i18n import _, spoken
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.programs.questions import add_question
from bot.questions import messages, review_messages
from bot.questions.proposals import REVIEWER_ROLES
from bot.questions.votes import vote_count

PROPOSED_CATEGORY = "proposed"


async def _reviewable(
    session: AsyncSession, reviewer: Member, value: str
) -> QuestionProposal | Response:
    """The pending proposal `value` names, or what to tell the reviewer instead."""
    if reviewer.role not in REVIEWER_ROLES:
        return Response(text=_(review_messages.REVIEWERS_ONLY))
    proposal = await session.get(QuestionProposal, int(value)) if value.isdigit() else None
    if proposal is None or proposal.status == "draft":
        return Response(text=_(messages.GONE))
    if proposal.status != "pending":
        who = await session.get(Member, proposal.reviewer_id) if proposal.reviewer_id else None
        return Response(
            text=review_messages.already_decided(proposal.status, who.display_name if who else "")
        )
    return proposal


async def approve(session: AsyncSession, reviewer: Member, value: str, now: datetime) -> Response:
    found = await _reviewable(session, reviewer, value)
    if isinstance(found, Response):
        return found
    votes = await vote_count(session, found.id)
    question = await add_question(
        session,
        found.text,
        PROPOSED_CATEGORY,
        now,
        program_id=found.program_id,
        source="member",
    )
    question.votes = votes
    found.question_id = question.id
    _decide(found, reviewer, "approved", now)
    program = await session.get_one(Program, found.program_id)
    await _tell_proposer(
        session, found, review_messages.adopted_note, program.name, found.text, now=now
    )
    return Response(text=review_messages.approved_text(votes))


async def open_decline(session: AsyncSession, reviewer: Member, value: str) -> Response:
    found = await _reviewable(session, reviewer, value)
    if isinstance(found, Response):
        return found
    return Response(form=review_messages.decline_form(found.id))


async def decline(
    session: AsyncSession, reviewer: Member, event: FormSubmitted, now: datetime
) -> Response:
    reason = " ".join((event.fields.get("reason") or "").split())
    if not reason:
        needed = _(review_messages.REASON_NEEDED)
        return Response(text=needed, field_errors={"reason": needed})
    found = await _reviewable(session, reviewer, event.value)
    if isinstance(found, Response):
        return found
    found.reason = reason[: review_messages.REASON_MAX_CHARS]
    _decide(found, reviewer, "declined", now)
    program = await session.get_one(Program, found.program_id)
    await _tell_proposer(
        session,
        found,
        review_messages.declined_note,
        program.name,
        found.text,
        reviewer.display_name,
        found.reason,
        now=now,
    )
    return Response(text=_(review_messages.DECLINED))


def _decide(proposal: QuestionProposal, reviewer: Member, status: str, now: datetime) -> None:
    proposal.status = status
    proposal.reviewer_id = reviewer.id
    proposal.decided_at = now


async def _tell_proposer(
    session: AsyncSession,
    proposal: QuestionProposal,
    build: Callable[..., OutgoingMessage],
    *args: str,
    now: datetime,
) -> None:
    """The decision's note, built in the proposer's language (not the reviewer's)."""
    proposer = await session.get_one(Member, proposal.member_id)
    note = spoken(member_language(proposer), build, *args)
    to = ToMember(proposer.workspace_id, proposer.id)
    key = f"question.decided:{proposal.id}"
    await enqueue_message(session, key, "question_decided", to, note, now)
