"""Inbound events from any platform: deduplicated, routed to the service that owns them."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import (
    ActionClicked,
    AppInstalled,
    AppUninstalled,
    Button,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MemberJoined,
    MemberLeft,
    MessageReceived,
    OutgoingMessage,
    Response,
)
from bot.checkins import answers as checkin_answers
from bot.checkins.messages import OUTCOMES
from bot.clock import Clock
from bot.db.models import GroupMembership, Member, ProcessedEvent, Program, Prompt, Question
from bot.db.upsert import insert_new
from bot.inbound import admin_chat, commands
from bot.leaders.nudging import nudge_action
from bot.leaders.recognition import thank
from bot.people import directory
from bot.prompts import answers, lessons
from bot.prompts.messages import PromptContent, answer_form, field_id
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


class InboundHandler:
    """Turns each inbound event into at most one reply, exactly once per event id."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, org_zone: str
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._org_zone = org_zone

    async def handle(self, event: InboundEvent) -> Response | None:
        platform = (
            event.platform
            if isinstance(event, (AppInstalled, AppUninstalled))
            else event.member.platform
        )
        async with self._sessions.begin() as session:
            now = self._clock.now()
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

    async def _route(
        self, session: AsyncSession, event: InboundEvent, now: datetime
    ) -> Response | None:
        if isinstance(event, AppInstalled):
            await directory.ensure_workspace(session, event.platform, event.workspace, now)
            return None
        if isinstance(event, AppUninstalled):
            workspace = await directory.ensure_workspace(
                session, event.platform, event.workspace, now
            )
            workspace.active = False
            await session.execute(
                update(Member).where(Member.workspace_id == workspace.id).values(active=False)
            )
            return None
        if isinstance(event, MemberJoined):
            return await self._joined(session, event, now)
        member = await directory.find_member(session, event.member)
        if isinstance(event, MemberLeft):
            if member is not None:
                await self._left(session, member, event.group)
            return None
        if isinstance(event, MessageReceived) and not event.is_direct:
            return Response(text=CHANNEL_HINT)
        if member is None:
            if isinstance(event, MessageReceived) and event.text.strip().lower() == "help":
                return Response(text=commands.help_text())
            return Response(text=NOT_ENROLLED)
        if isinstance(event, MessageReceived):
            return await self._message(session, member, event, now)
        if isinstance(event, ActionClicked):
            return await self._action(session, member, event, now)
        if isinstance(event, FormSubmitted):
            return await self._form(session, member, event, now)
        if isinstance(event, HomeOpened):
            return Response(message=status_message(await member_status(session, member)))
        return None

    async def _joined(
        self, session: AsyncSession, event: MemberJoined, now: datetime
    ) -> Response | None:
        workspace = await directory.ensure_workspace(
            session, event.member.platform, event.member.workspace, now
        )
        member = await directory.upsert_member(session, workspace, event.member.user, now)
        if event.group:
            await insert_new(
                session, GroupMembership, [{"group_id": event.group, "member_id": member.id}]
            )
        return None

    async def _left(self, session: AsyncSession, member: Member, group: str) -> None:
        if group:
            membership = await session.get(GroupMembership, (group, member.id))
            if membership is not None:
                await session.delete(membership)
        else:
            member.active = False

    async def _message(
        self, session: AsyncSession, member: Member, event: MessageReceived, now: datetime
    ) -> Response | None:
        if admin_chat.is_admin_command(event.text):
            return await admin_chat.run_admin_command(session, self._clock, member, event.text)
        command = commands.parse_command(event.text)
        if command is not None:
            return await self._command(session, member, command, now)
        prompt = await answers.open_prompt(session, member)
        if prompt is None:
            return await self._no_open_prompt(session, member)
        fields = {field_id(0): event.text}
        recorded = await answers.record_answer(session, member, prompt, fields, "shared", now)
        return Response(text=_thanks(recorded))

    async def _no_open_prompt(self, session: AsyncSession, member: Member) -> Response:
        """Chat is never taken as an answer to a closed prompt: offer an explicit late answer."""
        closed = await answers.closed_unanswered_prompt(session, member)
        if closed is None:
            return Response(text="There is no open question right now.\n\n" + commands.help_text())
        question = await session.get(Question, closed.question_id)
        last = question.text if question else "your last question"
        return Response(
            message=OutgoingMessage(
                text=(
                    f"There is no open question right now. The last one, _{last}_, was "
                    f"{closed.status}. Want to answer it anyway? It will be marked late."
                ),
                buttons=(Button("prompt.answer", "Answer late", str(closed.id), "primary"),),
            )
        )

    async def _command(
        self, session: AsyncSession, member: Member, command: commands.Command, now: datetime
    ) -> Response:
        today = now.astimezone(self._zone(member)).date()
        try:
            if command.name == "pause":
                until = commands.parse_pause_until(command.argument, today)
                directory.pause(member, until)
                return Response(text=f"Paused until {until}. Type `resume` to come back sooner.")
            if command.name == "tz":
                zone = None if command.argument in ("", "auto") else command.argument
                directory.set_zone(member, zone)
                return Response(text=f"Your time zone is now {zone or 'taken from the platform'}.")
        except (commands.CommandError, ValueError) as exc:
            return Response(text=str(exc))
        if command.name == "resume":
            directory.resume(member)
            return Response(text="Welcome back! Your next question arrives with the next round.")
        if command.name in ("stop", "start"):
            directory.set_opted_out(member, command.name == "stop")
            return Response(
                text="You're opted out; type `start` any time to come back."
                if command.name == "stop"
                else "You're in. Welcome back!"
            )
        if command.name == "status":
            return Response(message=status_message(await member_status(session, member)))
        if command.name == "share":
            return Response(form=lessons.lesson_form())
        if command.name == "nopair":
            return await checkin_answers.never_pair(session, member, command.argument)
        return Response(text=commands.help_text())

    async def _action(
        self, session: AsyncSession, member: Member, event: ActionClicked, now: datetime
    ) -> Response:
        command = commands.command_for_action(event.action_id, event.value)
        if command is not None:
            return await self._command(session, member, command, now)
        if event.action_id in OUTCOMES:
            return await checkin_answers.record_outcome(
                session, member, event.action_id, event.value, now
            )
        if event.action_id.startswith("nudge."):
            return await nudge_action(
                session, member, event.action_id, event.value, now, self._org_zone
            )
        if event.action_id == "reply.thank":
            return await thank(session, member, event.value, now)
        if event.action_id == "checkin.skip_next":
            return await checkin_answers.skip_next_round(session, member, event.value)
        if event.action_id == "checkin.rejoin":
            return checkin_answers.rejoin(member, now)
        if event.action_id == "lesson.open":
            return Response(form=lessons.lesson_form())
        if event.action_id == "reply.helpful" and event.value.isdigit():
            return Response(text=await answers.mark_helpful(session, member, int(event.value), now))
        prompt = await self._prompt_from(session, event.value)
        if prompt is None:
            return Response(
                text="That question is no longer available. Type `status` for this week's."
            )
        if event.action_id == "prompt.skip":
            return Response(text=await answers.skip(session, member, prompt, now))
        if event.action_id == "prompt.answer":
            if prompt.status == "answered":
                return Response(text="You already answered this one. Thank you!")
            program = await session.get(Program, prompt.program_id)
            question = await session.get(Question, prompt.question_id)
            assert program is not None and question is not None
            content = PromptContent(
                program.name,
                program.purpose,
                question.text,
                tuple(question.fields),
                program.share_mode,
            )
            return Response(form=answer_form(prompt.id, content))
        return Response(text="Sorry, I don't know that button. Type `help` to see what I can do.")

    async def _form(
        self, session: AsyncSession, member: Member, event: FormSubmitted, now: datetime
    ) -> Response:
        if event.form_id == "checkin.learning":
            return await checkin_answers.record_learning(
                session, member, event.value, event.fields, now
            )
        if event.form_id == "lesson.submit":
            return Response(text=await lessons.record_lesson(session, member, event.fields, now))
        if event.form_id != "prompt.answer":
            return Response(text="Sorry, I don't know that form.")
        prompt = await self._prompt_from(session, event.value)
        if prompt is None:
            return Response(text="That question is no longer available.")
        visibility = event.fields.get("visibility", "shared") or "shared"
        recorded = await answers.record_answer(
            session, member, prompt, event.fields, visibility, now
        )
        return Response(text=_thanks(recorded))

    async def _prompt_from(self, session: AsyncSession, value: str) -> Prompt | None:
        return await session.get(Prompt, int(value)) if value.isdigit() else None

    def _zone(self, member: Member) -> ZoneInfo:
        return resolve_zone(member.zone_name, self._org_zone)


def _thanks(recorded: answers.Recorded) -> str:
    text = "Thank you, your answer is recorded"
    if recorded.late:
        text += " (the round had closed, so it is marked late)"
    if recorded.shared:
        text += " and shared with your colleagues"
    return text + "."
