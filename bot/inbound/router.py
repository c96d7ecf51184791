"""Inbound events from any platform: deduplicated, then routed to the capability that owns them.

A click or a form is looked up by its id (bot.actions) in bot.inbound.handlers (clicks) or
bot.inbound.form_handlers (forms); a typed message is an admin command, a member command, or
an answer to the open question.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import actions
from bot.archive.chat import with_search
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
from bot.clock import Clock
from bot.db.models import GroupMembership, Member, ProcessedEvent, Question
from bot.db.upsert import insert_new
from bot.health.metrics import record_inbound
from bot.i18n import N_, _, speaking
from bot.inbound import admin_chat
from bot.inbound.command_parsing import help_text, parse_command
from bot.inbound.form_handlers import FORMS
from bot.inbound.handlers import on_click
from bot.inbound.proposal_chat import with_propose
from bot.inbound.turn import Turn
from bot.newcomers.joins import note_join
from bot.people import directory
from bot.people.languages import member_language
from bot.prompts import answers, capture
from bot.prompts.status import member_status, status_message

log = logging.getLogger(__name__)

NOT_ENROLLED = N_(
    "I don't know you yet: your workspace admin adds people when they set kmbot "
    "up. Type `help` to see what I can do."
)
CHANNEL_HINT = N_(
    "Hi! I work in a direct chat: open one with me and type `help` "
    "(answers, lessons and settings are private there)."
)
UNKNOWN_BUTTON = N_("Sorry, I don't know that button. Type `help` to see what I can do.")
GONE = N_("That question is no longer available. Type `status` for this week's.")

EVENT_TYPES: dict[type, str] = {
    MessageReceived: "message",
    ActionClicked: "click",
    FormSubmitted: "form",
    MemberJoined: "member_joined",
    MemberLeft: "member_left",
    AppInstalled: "app_installed",
    AppUninstalled: "app_uninstalled",
    HomeOpened: "home_opened",
}


@dataclass(frozen=True)
class InboundHandler:
    """Turns each inbound event into at most one response, exactly once per event id."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    public_url: str = ""  # KMBOT_PUBLIC_URL, for dashboard links

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
            record_inbound(platform, self.event_type(event), duplicate=not first)
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
            if member is None:
                return None
            with speaking(member_language(member)):
                status = status_message(await member_status(session, member))
                return with_propose(with_search(status))

    def event_type(self, event: InboundEvent) -> str:
        """The event's type as the inbound metrics count it (a typed command is `command`)."""
        if isinstance(event, MessageReceived) and self.is_command(event.text):
            return "command"
        return EVENT_TYPES[type(event)]

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
        locale = getattr(event, "locale", "")  # the platform's, when its events carry one
        if member is not None and locale and member.locale != locale[:35]:
            member.locale = locale[:35]
        with speaking(member_language(member) if member is not None else locale):
            return await self._reply(session, event, member, now)

    async def _reply(
        self, session: AsyncSession, event: InboundEvent, member: Member | None, now: datetime
    ) -> Response | None:
        """The response to a member's event, in the language `_route` set."""
        if isinstance(event, MessageReceived) and not event.is_direct:
            return Response(text=_(CHANNEL_HINT))
        if member is None:
            if isinstance(event, MessageReceived) and event.text.strip().lower() == "help":
                return Response(text=help_text())
            return Response(text=_(NOT_ENROLLED))
        turn = Turn(session, member, now, self.clock, self.org_zone, self.public_url)
        if isinstance(event, MessageReceived):
            return await _message(turn, event.text)
        if isinstance(event, ActionClicked):
            return await on_click(turn, event.action_id, event.value)
        if isinstance(event, FormSubmitted):
            form = FORMS.get(event.form_id)
            if form is None:
                return Response(text=_("Sorry, I don't know that form."))
            return await form(turn, event)
        if isinstance(event, HomeOpened):
            message = status_message(await member_status(session, member))
            return Response(message=with_propose(with_search(message)))
        return None


async def _directory_event(
    session: AsyncSession, event: AppInstalled | AppUninstalled | MemberJoined, now: datetime
) -> None:
    if isinstance(event, MemberJoined):
        address = event.member
        known = event.organisation and await directory.find_member(session, address) is not None
        workspace = await directory.ensure_workspace(
            session, address.platform, address.workspace, now
        )
        member = await directory.upsert_member(session, workspace, address.user, now)
        if event.organisation:
            note_join(member, known, now)
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
    """An admin command (admins only, in its exact form), a member command, or a reply to
    the open question (saved as the answer once confirmed; a question is never saved)."""
    admin_form = admin_chat.admin_command_form(text)
    if admin_form is not None and turn.member.role in admin_chat.ADMIN_ROLES:
        return await admin_chat.run_admin_command(turn.session, turn.clock, turn.member, text)
    if admin_form == "exact":
        return Response(text=_("That command is for kmbot admins. Type `help` for yours."))
    command = parse_command(text)
    if command is not None:
        return await turn.command(command)
    prompt = await answers.open_prompt(turn.session, turn.member)
    if prompt is None:
        return await _no_open_prompt(turn)
    return await capture.typed_reply(turn.session, turn.member, prompt, text, turn.now)


async def _no_open_prompt(turn: Turn) -> Response:
    """Chat is never taken as an answer to a closed prompt: offer an explicit late answer."""
    closed = await answers.closed_unanswered_prompt(turn.session, turn.member)
    if closed is None:
        return Response(text=_("There is no open question right now.") + "\n\n" + help_text())
    question = await turn.session.get(Question, closed.question_id)
    last = _(question.text) if question else _("your last question")
    status = {"missed": _("missed"), "skipped": _("skipped")}.get(closed.status, closed.status)
    return Response(
        message=OutgoingMessage(
            text=_(
                "There is no open question right now. The last one, _{question}_, was "
                "{status}. Want to answer it anyway? It will be marked late."
            ).format(question=last, status=status),
            buttons=(Button(actions.PROMPT_ANSWER, _("Answer late"), str(closed.id), "primary"),),
        )
    )
