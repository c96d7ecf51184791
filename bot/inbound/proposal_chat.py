"""Proposed questions in chat: `propose`, the proposal form, votes, reviews and ratings, each
handed to bot.questions with the member's programs (which bot.prompts.scope knows)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot import actions
from bot.chat import FormSubmitted, OutgoingMessage, Response
from bot.db.models import Program
from bot.i18n import _
from bot.prompts import answers, capture
from bot.prompts.scope import programs_of
from bot.questions import messages, proposal_messages, proposals, ratings, review, votes

if TYPE_CHECKING:
    from bot.inbound.turn import Turn


def with_propose(message: OutgoingMessage) -> OutgoingMessage:
    """A home view with a way to propose a question."""
    return replace(message, buttons=(*message.buttons, proposal_messages.propose_button()))


async def member_programs(turn: Turn) -> list[Program]:
    """The active programs whose audience includes the member."""
    ids = await programs_of(turn.session, turn.member)
    found = await turn.session.scalars(
        select(Program).where(Program.id.in_(ids), Program.active.is_(True)).order_by(Program.id)
    )
    return list(found)


async def propose_command(turn: Turn, argument: str) -> Response:
    """`propose QUESTION` (confirmed with a click), or `propose` alone: the form."""
    programs = await member_programs(turn)
    if not argument.strip():
        if not programs:
            return Response(text=_(proposal_messages.NO_PROGRAM))
        return Response(form=proposal_messages.proposal_form([(p.id, p.name) for p in programs]))
    answer_open = await answers.open_prompt(turn.session, turn.member) is not None
    return await proposals.start_proposal(
        turn.session, turn.member, argument, programs, turn.now, answer_open
    )


async def _open_form(turn: Turn, action_id: str, value: str) -> Response:
    return await propose_command(turn, "")


async def _confirm(turn: Turn, action_id: str, value: str) -> Response:
    return await proposals.confirm_proposal(turn.session, turn.member, value, turn.now)


async def _cancel(turn: Turn, action_id: str, value: str) -> Response:
    return await proposals.cancel_proposal(turn.session, turn.member, value)


async def _as_answer(turn: Turn, action_id: str, value: str) -> Response:
    """ "It's my answer": the typed `propose …` goes to the open question's confirmation."""
    draft = await proposals.own_draft(turn.session, turn.member, value)
    prompt = await answers.open_prompt(turn.session, turn.member)
    if draft is None or prompt is None:
        return Response(text=_(messages.GONE))
    text = f"propose {draft.text}"
    await turn.session.delete(draft)
    return await capture.typed_reply(turn.session, turn.member, prompt, text, turn.now)


async def _vote(turn: Turn, action_id: str, value: str) -> Response:
    program_ids = await programs_of(turn.session, turn.member)
    return await votes.vote(turn.session, turn.member, value, program_ids, turn.now)


async def _approve(turn: Turn, action_id: str, value: str) -> Response:
    return await review.approve(turn.session, turn.member, value, turn.now)


async def _open_decline(turn: Turn, action_id: str, value: str) -> Response:
    return await review.open_decline(turn.session, turn.member, value)


async def _rate(turn: Turn, action_id: str, value: str) -> Response:
    return await ratings.rate(turn.session, turn.member, value, turn.now)


async def _submit_proposal(turn: Turn, event: FormSubmitted) -> Response:
    programs = await member_programs(turn)
    return await proposals.submit_proposal_form(
        turn.session, turn.member, dict(event.fields), programs, turn.now
    )


async def _submit_decline(turn: Turn, event: FormSubmitted) -> Response:
    return await review.decline(turn.session, turn.member, event, turn.now)


ACTIONS: dict[str, Callable[[Turn, str, str], Awaitable[Response]]] = {
    actions.QUESTION_PROPOSE: _open_form,
    actions.QUESTION_CONFIRM: _confirm,
    actions.QUESTION_CANCEL: _cancel,
    actions.QUESTION_AS_ANSWER: _as_answer,
    actions.QUESTION_VOTE: _vote,
    actions.QUESTION_APPROVE: _approve,
    actions.QUESTION_DECLINE: _open_decline,
    actions.QUESTION_RATE: _rate,
}

FORMS: dict[str, Callable[[Turn, FormSubmitted], Awaitable[Response]]] = {
    actions.QUESTION_PROPOSE: _submit_proposal,
    actions.QUESTION_DECLINE: _submit_decline,
}
