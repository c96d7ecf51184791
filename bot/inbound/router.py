"""Inbound events from any platform: deduplicated, then routed to the capability that owns them.

A click or a form is looked up by its id (bot.actions) in ACTIONS or FORMS; a typed message
is an admin command, a member command, or an answer to the open question.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import actions
from bot.chat import (
    ActionClicked,
    AppInstalled,
    AppUninstalled,
    Button,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MemberAddress,
    MemberJoined,
    MemberLeft,
    MessageReceived,
    OutgoingMessage,
    Response,
)
from bot.checkins import answers as checkin_answers
from bot.clock import Clock
from bot.db.models import GroupMembership, Member, ProcessedEvent, Program, Prompt, Question
from bot.db.upsert import insert_new
from bot.inbound import admin_chat
from bot.inbound.command_parsing import Command, help_text, parse_command
from bot.inbound.member_commands import SETTINGS_COMMANDS, run_member_command
from bot.leaders.nudging import nudge_action
from bot.leaders.recognition import thank
from bot.people import directory
from bot.prompts import answers, lessons
from bot.prompts.content import content_of
from bot.prompts.messages import answer_form, field_id
from bot.prompts.status import member_status, status_message
from bot.schedule import resolve_zone

log = logging.getLogger(__name__)

NOT_ENROLLED = (
    "I don't know you yet: your workspace admin adds people when they set kmbot "
    "up. Type `help` to see what I can do."
)
CHANNEL_HINT = (
    "Hi! I work in a direct chat: open one with me and type `help` "
    "(answers, lessons and settings are private there)."
)
UNKNOWN_BUTTON = "Sorry, I don't know that button. Type `help` to see what I can do."
GONE = "That question is no longer available. Type `status` for this week's."


@dataclass(frozen=True)
class Turn:
    """One event being handled: who sent it, when, in which transaction."""

    session: AsyncSession
    member: Member
    now: datetime
    clock: Clock
    org_zone: str

    async def command(self, command: Command) -> Response:
        today = self.now.astimezone(resolve_zone(self.member.zone_name, self.org_zone)).date()
        return await run_member_command(self.session, self.member, command, today)


@dataclass(frozen=True)
class InboundHandler:
    """Turns each inbound event into at most one response, exactly once per event id."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def handle(self, event: InboundEvent) -> Response | None:
        platform = (
            event.platform
            if isinstance(event, (AppInstalled, AppUninstalled))
            else event.member.platform
        )
        async with self.sessions.begin() as session:
            now = self.clock.now()
            first = await insert_new(
                session,
                ProcessedEvent,
                [{"platform": platform, "event_id": event.event_id, "received_at": now}],
                returning=[ProcessedEvent.event_id],
            )
            if not first:
                log.info("duplicate event %s ignored", event.event_id)
                return None
            try:
                return await self._route(session, event, now)
            except answers.AnswerRefused as refused:  # raised before anything is written
                return Response(
                    text=str(refused),
                    field_errors=({refused.field: str(refused)} if refused.field else {}),
                )

    async def home(self, who: MemberAddress) -> OutgoingMessage | None:
        """What a member's home view shows (None for someone kmbot does not know)."""
        async with self.sessions() as session:
            member = await directory.find_member(session, who)
            return status_message(await member_status(session, member)) if member else None

    def is_command(self, text: str) -> bool:
        """True when `text` is a command (a member's or an admin's), never an answer."""
        return parse_command(text) is not None or admin_chat.is_admin_command(text)

    async def _route(
        self, session: AsyncSession, event: InboundEvent, now: datetime
    ) -> Response | None:
        if isinstance(event, (AppInstalled, AppUninstalled, MemberJoined)):
            await _directory_event(session, event, now)
            return None
        member = await directory.find_member(session, event.member)
        if isinstance(event, MemberLeft):
            if member is not None:
                await _left(session, member, event.group)
            return None
        if isinstance(event, MessageReceived) and not event.is_direct:
            return Response(text=CHANNEL_HINT)
        if member is None:
            if isinstance(event, MessageReceived) and event.text.strip().lower() == "help":
                return Response(text=help_text())
            return Response(text=NOT_ENROLLED)
        turn = Turn(session, member, now, self.clock, self.org_zone)
        if isinstance(event, MessageReceived):
            return await _message(turn, event.text)
        if isinstance(event, ActionClicked):
            return await _action(turn, event.action_id, event.value)
        if isinstance(event, FormSubmitted):
            form = FORMS.get(event.form_id)
            if form is None:
                return Response(text="Sorry, I don't know that form.")
            return await form(turn, event)
        if isinstance(event, HomeOpened):
            return Response(message=status_message(await member_status(session, member)))
        return None


async def _directory_event(
    session: AsyncSession, event: AppInstalled | AppUninstalled | MemberJoined, now: datetime
) -> None:
    if isinstance(event, MemberJoined):
        address = event.member
        workspace = await directory.ensure_workspace(
            session, address.platform, address.workspace, now
        )
        member = await directory.upsert_member(session, workspace, address.user, now)
        if event.group:
            await insert_new(
                session, GroupMembership, [{"group_id": event.group, "member_id": member.id}]
            )
        return
    workspace = await directory.ensure_workspace(session, event.platform, event.workspace, now)
    if isinstance(event, AppUninstalled):
        workspace.active = False
        await session.execute(
            update(Member).where(Member.workspace_id == workspace.id).values(active=False)
        )


async def _left(session: AsyncSession, member: Member, group: str) -> None:
    if group:
        membership = await session.get(GroupMembership, (group, member.id))
        if membership is not None:
            await session.delete(membership)
    else:
        member.active = False


async def _message(turn: Turn, text: str) -> Response:
    """An admin command, a member command, or the answer to the open question."""
    if admin_chat.is_admin_command(text):
        return await admin_chat.run_admin_command(turn.session, turn.clock, turn.member, text)
    command = parse_command(text)
    if command is not None:
        return await turn.command(command)
    prompt = await answers.open_prompt(turn.session, turn.member)
    if prompt is None:
        return await _no_open_prompt(turn)
    fields = {field_id(0): text}
    recorded = await answers.record_answer(
        turn.session, turn.member, prompt, fields, "shared", turn.now
    )
    return Response(text=_thanks(recorded))


async def _no_open_prompt(turn: Turn) -> Response:
    """Chat is never taken as an answer to a closed prompt: offer an explicit late answer."""
    closed = await answers.closed_unanswered_prompt(turn.session, turn.member)
    if closed is None:
        return Response(text="There is no open question right now.\n\n" + help_text())
    question = await turn.session.get(Question, closed.question_id)
    last = question.text if question else "your last question"
    return Response(
        message=OutgoingMessage(
            text=(
                f"There is no open question right now. The last one, _{last}_, was "
                f"{closed.status}. Want to answer it anyway? It will be marked late."
            ),
            buttons=(Button(actions.PROMPT_ANSWER, "Answer late", str(closed.id), "primary"),),
        )
    )


async def _action(turn: Turn, action_id: str, value: str) -> Response:
    setting = SETTINGS_COMMANDS.get(action_id)
    if setting is not None:
        return await turn.command(Command(setting, value))
    handler = ACTIONS.get(action_id)
    return await handler(turn, action_id, value) if handler else Response(text=UNKNOWN_BUTTON)


async def _prompt_of(turn: Turn, value: str) -> Prompt | None:
    return await answers.find_prompt(turn.session, int(value)) if value.isdigit() else None


async def _open_answer_form(turn: Turn, action_id: str, value: str) -> Response:
    prompt = await _prompt_of(turn, value)
    if prompt is None:
        return Response(text=GONE)
    if prompt.status == "answered":
        return Response(text="You already answered this one. Thank you!")
    program = await turn.session.get(Program, prompt.program_id)
    question = await turn.session.get(Question, prompt.question_id)
    assert program is not None and question is not None
    return Response(form=answer_form(prompt.id, content_of(program, question)))


async def _skip_prompt(turn: Turn, action_id: str, value: str) -> Response:
    prompt = await _prompt_of(turn, value)
    if prompt is None:
        return Response(text=GONE)
    return Response(text=await answers.skip(turn.session, turn.member, prompt, turn.now))


async def _mark_helpful(turn: Turn, action_id: str, value: str) -> Response:
    if not value.isdigit():
        return Response(text="That answer is no longer available.")
    return Response(
        text=await answers.mark_helpful(turn.session, turn.member, int(value), turn.now)
    )


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


ACTIONS: dict[str, Callable[[Turn, str, str], Awaitable[Response]]] = {
    actions.PROMPT_ANSWER: _open_answer_form,
    actions.PROMPT_SKIP: _skip_prompt,
    actions.REPLY_HELPFUL: _mark_helpful,
    actions.LESSON_OPEN: _open_lesson_form,
    actions.CHECKIN_MET: _checkin_outcome,
    actions.CHECKIN_NOT_YET: _checkin_outcome,
    actions.CHECKIN_COULD_NOT: _checkin_outcome,
    actions.CHECKIN_SKIP_NEXT: _skip_next_round,
    actions.CHECKIN_REJOIN: _rejoin_checkins,
    actions.REPLY_THANK: _thank,
    actions.NUDGE_LESSON: _nudge,
    actions.NUDGE_THANK: _nudge,
    actions.NUDGE_SNOOZE: _nudge,
}


async def _submit_answer(turn: Turn, event: FormSubmitted) -> Response:
    prompt = await _prompt_of(turn, event.value)
    if prompt is None:
        return Response(text="That question is no longer available.")
    visibility = event.fields.get("visibility", "shared") or "shared"
    recorded = await answers.record_answer(
        turn.session, turn.member, prompt, event.fields, visibility, turn.now
    )
    return Response(text=_thanks(recorded))


async def _submit_lesson(turn: Turn, event: FormSubmitted) -> Response:
    return Response(
        text=await lessons.record_lesson(turn.session, turn.member, event.fields, turn.now)
    )


async def _submit_learning(turn: Turn, event: FormSubmitted) -> Response:
    return await checkin_answers.record_learning(
        turn.session, turn.member, event.value, event.fields, turn.now
    )


FORMS: dict[str, Callable[[Turn, FormSubmitted], Awaitable[Response]]] = {
    actions.ANSWER_FORM: _submit_answer,
    actions.LESSON_FORM: _submit_lesson,
    actions.CHECKIN_LEARNING_FORM: _submit_learning,
}


def _thanks(recorded: answers.Recorded) -> str:
    text = "Thank you, your answer is recorded"
    if recorded.late:
        text += " (the round had closed, so it is marked late)"
    if recorded.shared:
        text += " and shared with your colleagues"
    return text + "."
