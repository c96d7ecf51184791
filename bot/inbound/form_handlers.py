"""What each form submission does: FORMS, looked up by form id (clicks: handlers)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import actions
from bot.archive.chat import search_in_chat
from bot.chat import FormSubmitted, Response
from bot.checkins import answers as checkin_answers
from bot.events import followups as event_followups
from bot.i18n import _
from bot.inbound import pilot_chat, proposal_chat
from bot.inbound.turn import Turn, prompt_of
from bot.people import ask_leads
from bot.prompts import answers, helped, lessons, withdrawal


async def _submit_answer(turn: Turn, event: FormSubmitted) -> Response:
    prompt = await prompt_of(turn, event.value)
    if prompt is None:
        return Response(text=_("That question is no longer available."))
    visibility = event.fields.get("visibility", "shared") or "shared"
    recorded = await answers.record_answer(
        turn.session, turn.member, prompt, event.fields, visibility, turn.now
    )
    return Response(text=thanks_text(recorded))


async def _submit_edit(turn: Turn, event: FormSubmitted) -> Response:
    return await withdrawal.submit_edit(turn.session, turn.member, event, turn.now)


async def _submit_helped(turn: Turn, event: FormSubmitted) -> Response:
    return await helped.thank_named(turn.session, turn.member, event, turn.now)


async def _submit_lesson(turn: Turn, event: FormSubmitted) -> Response:
    return Response(
        text=await lessons.record_lesson(turn.session, turn.member, event.fields, turn.now)
    )


async def _submit_learning(turn: Turn, event: FormSubmitted) -> Response:
    return await checkin_answers.record_learning(
        turn.session, turn.member, event.value, event.fields, turn.now
    )


async def _submit_ask_answer(turn: Turn, event: FormSubmitted) -> Response:
    answer = event.fields.get("answer", "")
    return await ask_leads.record_answer(turn.session, turn.member, event.value, answer, turn.now)


async def _submit_search(turn: Turn, event: FormSubmitted) -> Response:
    words, tag = event.fields.get("words", ""), event.fields.get("tag", "")
    return await search_in_chat(turn.session, words, tag)


async def _submit_event_capture(turn: Turn, event: FormSubmitted) -> Response:
    return await event_followups.record_capture(
        turn.session, turn.member, event.value, event.fields, turn.now
    )


FORMS: dict[str, Callable[[Turn, FormSubmitted], Awaitable[Response]]] = {
    actions.ANSWER_FORM: _submit_answer,
    actions.LESSON_FORM: _submit_lesson,
    actions.REPLY_EDIT_FORM: _submit_edit,
    actions.HELPED_FORM: _submit_helped,
    actions.CHECKIN_LEARNING_FORM: _submit_learning,
    actions.ASK_ANSWER_FORM: _submit_ask_answer,
    actions.ARCHIVE_SEARCH: _submit_search,
    actions.EVENT_CAPTURE_FORM: _submit_event_capture,
    **pilot_chat.FORMS,
    **proposal_chat.FORMS,
}


def thanks_text(recorded: answers.Recorded) -> str:
    """What a member is told once their answer is stored."""
    if recorded.late and recorded.shared:
        return _(
            "Thank you, your answer is recorded (the round had closed, so it is marked late) "
            "and shared with your colleagues."
        )
    if recorded.late:
        return _("Thank you, your answer is recorded (the round had closed, so it is marked late).")
    if recorded.shared:
        return _("Thank you, your answer is recorded and shared with your colleagues.")
    return _("Thank you, your answer is recorded.")
