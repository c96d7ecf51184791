"""The Bot Framework turn: parse, remember references, ask the core, answer in Teams."""

from __future__ import annotations

import logging
from http import HTTPStatus

from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse

from adapters.teams import render, store
from adapters.teams.activities import activity_of, new_post
from adapters.teams.files import file_activity
from adapters.teams.parse import parse_activity
from adapters.teams.parsed import PLATFORM, Malformed, Parsed, event_id
from adapters.teams.platform import TeamsPlatform
from adapters.teams.roster import TeamsRoster
from bot.chat import (
    AppUninstalled,
    DeliveryError,
    MemberAddress,
    MemberJoined,
    OutgoingMessage,
    Response,
)
from bot.core import Core

log = logging.getLogger(__name__)


class KmbotTeamsBot(Bot):
    """Every activity: at most one answer, and never an exception out of the turn."""

    def __init__(self, core: Core, platform: TeamsPlatform) -> None:
        self._core = core
        self._platform = platform
        self._roster = TeamsRoster(platform, core.platform_state, core.directory_sync)

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        try:
            parsed = parse_activity(activity, self._core.inbound.is_command)
        except Malformed as exc:
            log.warning("Teams activity %s refused: %s", activity.id, exc)
            await self._invoke_result(context, None, status=HTTPStatus.BAD_REQUEST)
            return
        reply: Response | None = None
        for event in parsed.events:
            reply = await self._core.inbound.handle(event) or reply
        await self._remember(context, parsed)  # after the core: a joining member exists now
        await self._after_install(activity, parsed)
        if parsed.invoke:
            await self._invoke_result(context, reply)
        elif reply is not None:
            await self._answer(context, parsed, reply)

    async def _remember(self, context: TurnContext, parsed: Parsed) -> None:
        activity = context.activity
        reference = TurnContext.get_conversation_reference(activity)
        state = self._core.platform_state
        team = (parsed.team_id, parsed.team_name, parsed.channel_id) if parsed.team_added else None
        await store.remember_tenant(
            state,
            parsed.tenant,
            activity.service_url or "",
            activity.recipient.id if activity.recipient else "",
            team,
        )
        chat = (parsed.user, reference.serialize()) if parsed.personal and parsed.user else None
        await store.remember_members(state, parsed.tenant, parsed.teams_ids, chat)

    async def _after_install(self, activity: Activity, parsed: Parsed) -> None:
        joined = any(isinstance(e, MemberJoined) and e.organisation for e in parsed.events)
        if joined and not parsed.team_added:  # a newcomer: their name and email from the roster
            try:
                await self._roster.sync_team(parsed.tenant, parsed.team_id)
            except DeliveryError as exc:
                log.warning("roster of team %s not synced: %s", parsed.team_id, exc.reason)
        if parsed.team_added:
            try:
                summary = await self._roster.sync_team(parsed.tenant, parsed.team_id)
                log.info("Teams team %s installed: %s people synced", summary.team, summary.people)
            except DeliveryError as exc:
                log.warning("roster of team %s not synced: %s", parsed.team_id, exc.reason)
        if parsed.team_removed:
            remaining = await store.forget_team(
                self._core.platform_state, parsed.tenant, parsed.team_id
            )
            if remaining == 0:
                await self._core.inbound.handle(
                    AppUninstalled(event_id(activity, 99), PLATFORM, parsed.tenant)
                )

    async def _answer(self, context: TurnContext, parsed: Parsed, reply: Response) -> None:
        text = reply.text
        if reply.request == "sync":
            try:
                text = await self._roster.sync_tenant(parsed.tenant)
            except DeliveryError as exc:
                text = f"The directory sync failed: {exc.reason}"
        activities = []
        if text:
            activities.append(activity_of(OutgoingMessage(text=text)))
        if reply.message is not None:
            activities.append(activity_of(reply.message))
        if reply.form is not None:
            activities.append(
                Activity(
                    type=ActivityTypes.message,
                    attachments=[render.attachment(render.form_card(reply.form))],
                )
            )
        if reply.file is not None:
            activities.append(file_activity(reply.file))
        if not parsed.personal:
            await self._answer_privately(context, parsed, activities)
            return
        for reply_activity in activities:
            await context.send_activity(reply_activity)

    async def _answer_privately(
        self, context: TurnContext, parsed: Parsed, activities: list[Activity]
    ) -> None:
        """A click in a channel is answered in the member's personal chat, not in the team."""
        member = MemberAddress(PLATFORM, parsed.tenant, parsed.user)
        try:
            reference = await self._platform.member_reference(member)
            for reply_activity in activities:
                await self._platform.call(reference, parsed.tenant, new_post(reply_activity))
        except DeliveryError as exc:
            log.info(
                "private answer to %s not possible (%s); answering in the thread",
                parsed.user,
                exc.reason,
            )
            for reply_activity in activities:
                await context.send_activity(reply_activity)

    async def _invoke_result(
        self, context: TurnContext, reply: Response | None, status: int = HTTPStatus.OK
    ) -> None:
        if context.activity.type != ActivityTypes.invoke:
            return
        # Action.Execute answers with the card that replaces the clicked one (the SDK's model
        # only carries a card here, so a plain answer becomes a one-line card)
        text = (reply.text if reply is not None else "") or "Done."
        if reply is not None and reply.form is not None:
            content = render.form_card(reply.form, text if reply.text else "")
        else:
            shown = reply.message if reply is not None and reply.message else None
            content = render.card(shown or OutgoingMessage(text=text))
        body = AdaptiveCardInvokeResponse(
            status_code=int(status), type=render.CARD_CONTENT_TYPE, value=content
        )
        result = InvokeResponse(status=int(status), body=body)
        await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=result))
