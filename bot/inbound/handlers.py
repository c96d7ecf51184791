"""What each button click does: ACTIONS, looked up by action id (forms: form_handlers)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import actions
from bot.archive.chat import helped_in_chat, search_form
from bot.chat import Response
from bot.checkins import answers as checkin_answers
from bot.db.models import Program, Question
from bot.events import followups as event_followups
from bot.events import rsvp as event_rsvp
from bot.i18n import N_, _
from bot.inbound import pilot_chat, proposal_chat
from bot.inbound.command_parsing import Command
from bot.inbound.member_commands import SETTINGS_COMMANDS
from bot.inbound.turn import Turn, prompt_of
from bot.leaders.nudging import nudge_action
from bot.leaders.recognition import thank
from bot.people import ask_leads
from bot.privacy import messages as privacy_messages
from bot.privacy import requests
from bot.prompts import answers, capture, helped, lessons, skip_reasons, withdrawal
from bot.prompts.content import content_of
from bot.prompts.messages import answer_form
from bot.sponsors import messages as sponsor_messages
from bot.sponsors import thanks as sponsor_thanks

UNKNOWN_BUTTON = N_("Sorry, I don't know that button. Type `help` to see what I can do.")
GONE = N_("That question is no longer available. Type `status` for this week's.")


async def on_click(turn: Turn, action_id: str, value: str) -> Response:
    """A button: a settings control does what its command does; others by ACTIONS."""
    setting = SETTINGS_COMMANDS.get(action_id)
    if setting is not None:
        return await turn.command(Command(setting, value))
    handler = ACTIONS.get(action_id)
    return await handler(turn, action_id, value) if handler else Response(text=_(UNKNOWN_BUTTON))


async def _open_answer_form(turn: Turn, action_id: str, value: str) -> Response:
    prompt = await prompt_of(turn, value)
    if prompt is None:
        return Response(text=_(GONE))
    if prompt.status == "answered":
        return Response(text=_("You already answered this one. Thank you!"))
    program = await turn.session.get(Program, prompt.program_id)
    question = await turn.session.get(Question, prompt.question_id)
    assert program is not None and question is not None
    return Response(form=answer_form(prompt.id, content_of(program, question)))


async def _skip_prompt(turn: Turn, action_id: str, value: str) -> Response:
    prompt = await prompt_of(turn, value)
    if prompt is None:
        return Response(text=_(GONE))
    said = await answers.skip(turn.session, turn.member, prompt, turn.now)
    if said == _(skip_reasons.SKIPPED):
        return Response(message=skip_reasons.skipped_reply(prompt.id))
    return Response(text=said)


async def _skip_reason(turn: Turn, action_id: str, value: str) -> Response:
    return await skip_reasons.record_reason(turn.session, turn.member, value)


async def _mark_helpful(turn: Turn, action_id: str, value: str) -> Response:
    if not value.isdigit():
        return Response(text=_("That answer is no longer available."))
    return Response(
        text=await answers.mark_helpful(
            turn.session, turn.member, int(value), turn.now, turn.org_zone
        )
    )


async def _draft(turn: Turn, action_id: str, value: str) -> Response:
    run = {
        actions.DRAFT_SAVE: capture.save_draft,
        actions.DRAFT_EDIT: capture.edit_draft,
        actions.DRAFT_DISCARD: capture.discard_draft,
    }[action_id]
    return await run(turn.session, turn.member, value, turn.now)


async def _own_answer(turn: Turn, action_id: str, value: str) -> Response:
    if action_id == actions.REPLY_EDIT:
        return await withdrawal.open_edit(turn.session, turn.member, value, turn.now)
    return await withdrawal.withdraw(turn.session, turn.member, value, turn.now)


async def _open_helped(turn: Turn, action_id: str, value: str) -> Response:
    return await helped.open_helped(turn.session, turn.member, value)


async def _open_lesson_form(turn: Turn, action_id: str, value: str) -> Response:
    return Response(form=lessons.lesson_form())


async def _checkin_outcome(turn: Turn, action_id: str, value: str) -> Response:
    return await checkin_answers.record_outcome(
        turn.session, turn.member, action_id, value, turn.now
    )


async def _skip_next_round(turn: Turn, action_id: str, value: str) -> Response:
    return await checkin_answers.skip_next_round(turn.session, turn.member, value)


async def _rejoin_checkins(turn: Turn, action_id: str, value: str) -> Response:
    return checkin_answers.rejoin(turn.member, turn.now)


async def _thank(turn: Turn, action_id: str, value: str) -> Response:
    return await thank(turn.session, turn.member, value, turn.now)


async def _nudge(turn: Turn, action_id: str, value: str) -> Response:
    return await nudge_action(turn.session, turn.member, action_id, value, turn.now, turn.org_zone)


async def _open_ask_answer(turn: Turn, action_id: str, value: str) -> Response:
    return await ask_leads.open_answer_form(turn.session, turn.member, value)


async def _delete_my_data(turn: Turn, action_id: str, value: str) -> Response:
    return await requests.delete_confirmed(turn.session, turn.member, value, turn.now)


async def _keep_my_data(turn: Turn, action_id: str, value: str) -> Response:
    return Response(text=_(privacy_messages.KEPT))


async def _archive_helped(turn: Turn, action_id: str, value: str) -> Response:
    return await helped_in_chat(turn.session, turn.member, value, turn.now)


async def _open_search_form(turn: Turn, action_id: str, value: str) -> Response:
    return Response(form=search_form())


async def _answer_invitation(turn: Turn, action_id: str, value: str) -> Response:
    return await event_rsvp.answer_invitation(turn.session, turn.member, action_id, value, turn.now)


async def _open_event_capture(turn: Turn, action_id: str, value: str) -> Response:
    return await event_followups.open_capture_form(turn.session, turn.member, value)


async def _sponsor_thanks(turn: Turn, action_id: str, value: str) -> Response:
    if action_id == actions.SPONSOR_THANK_SEND:
        return await sponsor_thanks.send_thanks(turn.session, turn.member, value, turn.now)
    if action_id == actions.SPONSOR_THANK_CANCEL:
        return Response(text=_(sponsor_messages.CANCELLED))
    return await sponsor_thanks.preview_thanks(turn.session, turn.member, value)


# Each handler gets the turn, the action id and the button's value.
ACTIONS: dict[str, Callable[[Turn, str, str], Awaitable[Response]]] = {
    actions.PROMPT_ANSWER: _open_answer_form,
    actions.PROMPT_SKIP: _skip_prompt,
    actions.PROMPT_SKIP_REASON: _skip_reason,
    actions.REPLY_HELPFUL: _mark_helpful,
    actions.LESSON_OPEN: _open_lesson_form,
    actions.DRAFT_SAVE: _draft,
    actions.DRAFT_EDIT: _draft,
    actions.DRAFT_DISCARD: _draft,
    actions.REPLY_EDIT: _own_answer,
    actions.REPLY_WITHDRAW: _own_answer,
    actions.HELPED_OPEN: _open_helped,
    actions.CHECKIN_MET: _checkin_outcome,
    actions.CHECKIN_NOT_YET: _checkin_outcome,
    actions.CHECKIN_COULD_NOT: _checkin_outcome,
    actions.CHECKIN_SKIP_NEXT: _skip_next_round,
    actions.CHECKIN_REJOIN: _rejoin_checkins,
    actions.REPLY_THANK: _thank,
    actions.NUDGE_LESSON: _nudge,
    actions.NUDGE_THANK: _nudge,
    actions.NUDGE_SNOOZE: _nudge,
    actions.ASK_ANSWER: _open_ask_answer,
    actions.PRIVACY_DELETE: _delete_my_data,
    actions.PRIVACY_KEEP: _keep_my_data,
    actions.ARCHIVE_HELPED: _archive_helped,
    actions.ARCHIVE_SEARCH: _open_search_form,
    actions.EVENT_GOING: _answer_invitation,
    actions.EVENT_NOT_GOING: _answer_invitation,
    actions.EVENT_CAPTURE: _open_event_capture,
    actions.SPONSOR_THANK: _sponsor_thanks,
    actions.SPONSOR_THANK_SEND: _sponsor_thanks,
    actions.SPONSOR_THANK_CANCEL: _sponsor_thanks,
    **pilot_chat.ACTIONS,
    **proposal_chat.ACTIONS,
}
