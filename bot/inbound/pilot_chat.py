"""Pilots in chat: the pulse's buttons, a review's decision and its reason form, and the
sponsor's words for the showcase, each handed to bot.pilots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot import actions
from bot.chat import FormSubmitted, Response
from bot.pilots import decisions as pilot_decisions
from bot.pilots import pulse as pilot_pulse
from bot.pilots import sponsor_words

if TYPE_CHECKING:
    from bot.inbound.turn import Turn


async def _pilot_pulse(turn: Turn, action_id: str, value: str) -> Response:
    return await pilot_pulse.record_choice(turn.session, turn.member, value, turn.now)


async def _pilot_decision(turn: Turn, action_id: str, value: str) -> Response:
    return await pilot_decisions.choose(turn.session, turn.member, action_id, value, turn.now)


async def _submit_pilot_reason(turn: Turn, event: FormSubmitted) -> Response:
    return await pilot_decisions.submit_reason(turn.session, turn.member, event, turn.now)


async def _open_words(turn: Turn, action_id: str, value: str) -> Response:
    return await sponsor_words.open_form(turn.session, turn.member, value)


async def _submit_words(turn: Turn, event: FormSubmitted) -> Response:
    return await sponsor_words.submit(turn.session, turn.member, event, turn.now)


ACTIONS: dict[str, Callable[[Turn, str, str], Awaitable[Response]]] = {
    actions.PILOT_PULSE: _pilot_pulse,
    actions.PILOT_CONTINUE: _pilot_decision,
    actions.PILOT_ADJUST: _pilot_decision,
    actions.PILOT_STOP: _pilot_decision,
    actions.PILOT_WORDS: _open_words,
}
FORMS: dict[str, Callable[[Turn, FormSubmitted], Awaitable[Response]]] = {
    actions.PILOT_ADJUST: _submit_pilot_reason,
    actions.PILOT_STOP: _submit_pilot_reason,
    actions.PILOT_WORDS: _submit_words,
}
