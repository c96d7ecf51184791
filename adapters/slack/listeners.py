"""The bolt listeners: hand the parsed event to the core, show its reply natively.

When Slack gets its answer (bolt's `process_before_response`: when the listener returns):

* Events API events come from kmbot's inbox (adapters/slack/inbox.py), which stored each
  and answered Slack at once. The event id and what it changed commit in one transaction
  (bot.inbound.router): a worker that dies before that commit leaves the event to be
  handled again, and the id keeps it from counting twice. The reply in the DM and the
  Home view are sent in the background: a crash can lose a reply, never the answer; a 429
  delays a reply (it waits for Slack's Retry-After, `REPLY_ATTEMPTS` times), never drops it.
* Clicks and the slash command are acknowledged at once and handled in the background
  (`BACKGROUND_SLOTS` at a time): Slack never resends them.
* A form submission is handled before its answer, which carries field errors or the
  confirmation.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.clients import retry_after
from adapters.slack.files import send_file, send_file_to
from adapters.slack.parse import (
    action_from_block_actions,
    channel_of_click,
    command_message,
    event_from_callback,
    form_from_view_submission,
    person_from_user,
    response_url_of,
    team_of,
    user_of_event,
)
from adapters.slack.render import (
    fallback_text,
    home_view,
    message_blocks,
    modal_view,
    notice_view,
    with_form_opener,
)
from adapters.slack.settings import SlackSettings
from adapters.slack.sync import person_or_none, save_people, sync_directory
from bot.chat import (
    HomeOpened,
    MemberAddress,
    MemberJoined,
    MessageReceived,
    OutgoingMessage,
    Response,
)
from bot.core import Core
from bot.i18n import _, speaking

log = logging.getLogger(__name__)
Body = dict[str, Any]
ANYTHING = re.compile(".*")
BACKGROUND_SLOTS = 8  # background work at once: a burst of clicks waits, not the acks


REPLY_ATTEMPTS = 6  # a DM reply Slack refuses with 429 waits Retry-After, then tries again
STOP_GRACE_SECONDS = 10.0  # how long shutting down waits for replies still in flight


async def patiently(call: Callable[[], Awaitable[Any]]) -> Any:
    """`call()`, tried again after Slack's Retry-After while Slack answers 429."""
    for attempt in range(1, REPLY_ATTEMPTS + 1):
        try:
            return await call()
        except SlackApiError as exc:
            if exc.response.status_code != 429 or attempt == REPLY_ATTEMPTS:
                raise
            wait = retry_after(exc.response.headers)
            await asyncio.sleep(1.0 if wait is None else wait)


class SlackListeners:
    """Every listener of the bolt app; `idle()` waits for work still running after an answer."""

    def __init__(
        self,
        core: Core,
        settings: SlackSettings,
        on_uninstall: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self._core = core
        self._settings = settings
        self._on_uninstall = on_uninstall
        self._running: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(BACKGROUND_SLOTS)

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.event("team_join")(self.on_user)
        app.event("user_change")(self.on_user)
        app.event("member_joined_channel")(self.on_channel_member)
        app.event("member_left_channel")(self.on_channel_member)
        app.event("app_uninstalled")(self.on_uninstalled)
        app.command(self._settings.command)(self.on_command)
        app.block_action(ANYTHING)(self.on_action)
        app.view_submission(ANYTHING)(self.on_view_submission)
        app.view_closed(ANYTHING)(self.on_ignored)
        app.event(ANYTHING)(self.on_ignored)  # last: events nobody else matched

    @contextmanager
    def _tracked(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._running.discard(task)

    def spawn(self, work: Awaitable[Any], *, slot: bool = True) -> None:
        """Run `work` in the background, tracked like a listener; in one of the
        `BACKGROUND_SLOTS` unless `slot` is False (a reply that only talks to Slack, and may
        wait out a 429, must not hold a slot that a click's database work needs)."""

        async def run() -> None:
            with self._tracked():
                try:
                    if slot:
                        async with self._slots:
                            await work
                    else:
                        await work
                except SlackApiError as exc:  # Slack's refusal: one line, not a traceback
                    log.warning("background Slack work refused: %s", exc.response.get("error"))
                except Exception:
                    log.exception("background Slack work failed")

        asyncio.ensure_future(run())

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Wait up to `grace` seconds for running work (a reply waiting out a 429, say),
        then cancel what is left: shutting down never waits minutes for Slack."""
        try:
            await asyncio.wait_for(self.idle(), grace)
        except TimeoutError:
            running = list(self._running)
            log.warning("stopping: %d Slack replies still waiting were dropped", len(running))
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def idle(self) -> None:
        """Return once no listener or background work is running (tests, shutdown)."""
        for _tick in range(3):
            await asyncio.sleep(0)  # let listeners bolt has just scheduled start
        while self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)

    # Events API: run by the inbox's workers on stored events (adapters/slack/inbox.py)

    async def on_message(self, body: Body, client: AsyncWebClient) -> None:
        event = event_from_callback(body)
        if not isinstance(event, MessageReceived):
            return
        reply = await self._core.inbound.handle(event)
        self.spawn(self._say(client, event.conversation, event.member, reply), slot=False)

    async def on_home_opened(self, body: Body, client: AsyncWebClient) -> None:
        event = event_from_callback(body)
        if not isinstance(event, HomeOpened):
            return
        reply = await self._core.inbound.handle(event)
        if reply is not None:
            message = reply.message or OutgoingMessage(text=reply.text)
            self.spawn(client.views_publish(user_id=event.member.user, view=home_view(message)))

    async def on_user(self, body: Body, client: AsyncWebClient) -> None:
        """team_join and user_change: refresh that person, or retire them."""
        user = user_of_event(body)
        team = team_of(body) or str(user.get("team_id", ""))
        person = person_from_user(user, self._settings.include_guests)
        if person is not None:
            joined = event_from_callback(body)
            if isinstance(joined, MemberJoined):  # team_join: first, so a newcomer is seen new
                await self._core.inbound.handle(joined)
            await save_people(self._core, team, [person], complete=False)
            return
        event = event_from_callback(body)
        if event is not None and not isinstance(event, MemberJoined):  # a deleted user
            await self._core.inbound.handle(event)  # (a guest's or a bot's join is left out)

    async def on_channel_member(self, body: Body, client: AsyncWebClient) -> None:
        event = event_from_callback(body)
        if event is None:
            return
        if isinstance(event, MemberJoined):  # users.info first (a stored event may wait)
            await self._joined(event, client)
            return
        await self._core.inbound.handle(event)

    async def _joined(self, event: MemberJoined, client: AsyncWebClient) -> None:
        try:
            person = await person_or_none(client, event.member.user, self._settings.include_guests)
        except SlackApiError as exc:  # someone of another workspace (Slack Connect), or gone
            log.warning(
                "Slack: users.info for %s failed: %s", event.member.user, exc.response.get("error")
            )
            return
        if person is None:
            return
        await save_people(self._core, event.member.workspace, [person], complete=False)
        await self._core.inbound.handle(event)

    async def on_uninstalled(self, body: Body) -> None:
        event = event_from_callback(body)
        if (
            event is not None
            and await self._core.inbound.handle(event) is None
            and self._on_uninstall is not None
        ):
            await self._on_uninstall(team_of(body))

    async def on_ignored(self, ack: AsyncAck, body: Body) -> None:
        await ack()
        log.info("ignored Slack %s %s", body.get("type"), (body.get("event") or {}).get("type"))

    # Interactivity and the slash command: acknowledged at once, handled in the background

    async def on_action(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        self.spawn(self._act(body, client))

    async def _act(self, body: Body, client: AsyncWebClient) -> None:
        event = action_from_block_actions(body)
        if event is None:
            return
        reply = await self._core.inbound.handle(event)
        if reply is None:
            return
        if reply.form is not None:
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply.form))
        elif (body.get("view") or {}).get("type") == "home":
            await self._publish_home(client, event.member, reply.text)
        else:
            await self._tell(body, client, reply)

    async def on_view_submission(self, ack: AsyncAck, body: Body) -> None:
        """The one listener that works before its ack: the ack carries field errors."""
        event = form_from_view_submission(body)
        reply = await self._core.inbound.handle(event) if event else None
        if reply is None:
            await ack()
            return
        block_ids = {b.get("block_id") for b in (body.get("view") or {}).get("blocks", [])}
        if reply.field_errors and set(reply.field_errors) <= block_ids:
            await ack(response_action="errors", errors=dict(reply.field_errors))
        else:
            await ack(
                response_action="update",
                view=notice_view("kmbot", reply.text or _done(reply.language), reply.language),
            )

    async def on_command(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        self.spawn(self._command(body, client))

    async def _command(self, body: Body, client: AsyncWebClient) -> None:
        text = str(body.get("text") or "").strip()
        if not self._core.inbound.is_command(text):
            text = "help"  # a slash command is never an answer: anything else gets help
        url = response_url_of(body)
        message = command_message(body, text)
        if message is None:
            log.warning("Slack slash command without a user, team or trigger id ignored")
            return
        who = message.member
        reply = await self._core.inbound.handle(message)
        if reply is None:
            return
        if reply.form is not None:
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply.form))
            return
        await self._respond(url, reply.message or OutgoingMessage(text=reply.text))
        if reply.file is not None:
            await send_file_to(client, who.user, reply.file)
        if reply.request == "sync":
            report = await sync_directory(
                self._core, client, who.workspace, self._settings.include_guests
            )
            await self._respond(url, OutgoingMessage(text=report.text()))

    # Showing replies

    async def _say(
        self, client: AsyncWebClient, channel: str, who: MemberAddress, reply: Response | None
    ) -> None:
        if reply is None:
            return
        message = with_form_opener(reply.message or OutgoingMessage(text=reply.text), reply.form)
        await patiently(
            lambda: client.chat_postMessage(
                channel=channel, text=fallback_text(message), blocks=message_blocks(message)
            )
        )
        if reply.file is not None:
            await send_file(client, channel, reply.file)
        if reply.request == "sync":
            report = await sync_directory(
                self._core, client, who.workspace, self._settings.include_guests
            )
            await patiently(lambda: client.chat_postMessage(channel=channel, text=report.text()))

    async def _tell(self, body: Body, client: AsyncWebClient, reply: Response) -> None:
        """Only to the member who clicked: via response_url, else an ephemeral message."""
        message = reply.message or OutgoingMessage(text=reply.text)
        if response_url_of(body):
            await self._respond(response_url_of(body), message)
            return
        channel = channel_of_click(body)
        if channel:
            await client.chat_postEphemeral(
                channel=channel,
                user=body["user"]["id"],
                text=fallback_text(message),
                blocks=message_blocks(message),
            )

    async def _respond(self, response_url: str, message: OutgoingMessage) -> None:
        if not response_url:
            return
        hook = AsyncWebhookClient(self._settings.webhook_url(response_url))
        await hook.send(
            text=fallback_text(message),
            blocks=message_blocks(message),
            response_type="ephemeral",
            replace_original=False,
        )

    async def _publish_home(self, client: AsyncWebClient, who: MemberAddress, notice: str) -> None:
        message = await self._core.inbound.home(who) or OutgoingMessage(text=notice)
        await client.views_publish(user_id=who.user, view=home_view(message, notice))


def _done(language: str) -> str:
    with speaking(language):
        return _("Done, thank you.")
