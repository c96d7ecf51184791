"""The contract every chat platform meets, seen from a member's side of the chat.

Each platform (in-memory, Slack, Teams) provides a ChatHarness; tests in this folder run
against all of them, so the in-memory fake stays as honest as the real adapters.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Protocol

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.chat import (
    ActionClicked,
    FormSubmitted,
    MemberJoined,
    MessageReceived,
    MessageRef,
    Person,
    Response,
)
from bot.clock import FakeClock
from bot.core import Core
from tests.conversation import WORKSPACE, add_people, run_jobs, shown, who


@dataclass(frozen=True)
class Seen:
    """A bot message as the member saw it: its text and the actions it offered."""

    text: str
    actions: tuple[tuple[str, str], ...]  # (action id, value)
    ref: str
    labels: tuple[str, ...] = ()  # the buttons' labels as the platform shows them

    def action(self, action_id: str) -> str:
        return next(value for aid, value in self.actions if aid == action_id)


@dataclass(frozen=True)
class Answer:
    """What the member saw in response: a private note, and/or a form that opened."""

    text: str = ""
    form_labels: tuple[str, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)
    files: tuple[tuple[str, bytes], ...] = ()  # (file name, content) sent to the member
    messages: tuple[Seen, ...] = ()  # the bot's replies as messages (their buttons clickable)

    def message_with(self, action_id: str) -> Seen:
        """The reply that offers the button `action_id`."""
        return next(m for m in self.messages if action_id in {a for a, _ in m.actions})


class ChatHarness(Protocol):
    name: str
    core: Core
    clock: FakeClock

    async def add_member(self, user: str, tz: str, unit: str = "Eng", role: str = "member") -> None:
        """Put a person in the platform's directory and sync it into kmbot."""
        ...

    async def join(self, user: str, tz: str, unit: str = "Eng") -> None:
        """The person joins the organisation after kmbot was set up (Slack's team_join, a
        Teams team's membersAdded), then gets a unit as an HR import would give it."""
        ...

    def feed_address(self) -> str:
        """The program --feed value for the platform's feed channel."""
        ...

    def dms(self, user: str) -> list[Seen]:
        """Messages the bot sent to the member's personal chat, oldest first, as updated."""
        ...

    def feed(self) -> list[Seen]: ...

    def thread(self, post: Seen) -> list[Seen]:
        """The replies in the thread of `post` (a feed post), oldest first, as updated."""
        ...

    async def click(self, user: str, seen: Seen, action_id: str) -> Answer: ...

    async def submit(
        self, user: str, seen: Seen, fields: dict[str, str], action_id: str = "prompt.answer"
    ) -> Answer:
        """Click `action_id` on `seen` and submit the form it opens with `fields`."""
        ...

    async def say(self, user: str, text: str) -> Answer:
        """The member types `text` in their personal chat with the bot."""
        ...

    async def deliver(self) -> None:
        """Run the scheduled jobs once (the platform receives what is due)."""
        ...


async def type_answer(chat: ChatHarness, user: str, text: str) -> Answer:
    """`user` types `text` as their answer and clicks Save on the confirmation."""
    offered = await chat.say(user, text)
    return await chat.click(user, offered.message_with("draft.save"), "draft.save")


def answer_of(reply: Response | None) -> Answer:
    if reply is None:
        return Answer()
    labels = tuple(f.label for f in reply.form.fields) if reply.form else ()
    files = ((reply.file.name, reply.file.content),) if reply.file else ()
    message = reply.message
    seen = (
        (
            Seen(
                "\n".join([message.title, message.text, *message.context]),
                tuple((b.action_id, b.value) for b in message.buttons),
                "",
                tuple(b.label for b in message.buttons),
            ),
        )
        if message
        else ()
    )
    return Answer(shown(reply), labels, dict(reply.field_errors), files, seen)


class MemoryHarness:
    """The contract on the in-memory platform: events go straight to the core."""

    name = "memory"

    def __init__(self, core: Core, clock: FakeClock, platform: InMemoryPlatform) -> None:
        self.core = core
        self.clock = clock
        self.platform = platform
        self._ids = itertools.count(1)

    async def add_member(self, user: str, tz: str, unit: str = "Eng", role: str = "member") -> None:
        await add_people(self.core, (user, tz), unit=unit, role=role)
        await self.core.directory_sync.save_people(  # the directory lists emails, like Slack's
            "memory",
            WORKSPACE,
            [Person(user, user.title(), tz, f"{user}@example.com")],
            complete=False,
        )

    async def join(self, user: str, tz: str, unit: str = "Eng") -> None:
        await self.core.inbound.handle(
            MemberJoined(f"e{next(self._ids)}", who(user), organisation=True)
        )
        await self.add_member(user, tz, unit)

    def feed_address(self) -> str:
        return f"memory:{WORKSPACE}:C-feed"

    def _seen(self, sent: Sent) -> Seen:
        message = sent.message
        for ref, updated in self.platform.updates:
            if ref == sent.ref:
                message = updated
        text = "\n".join([message.title, message.text, *message.context])
        return Seen(
            text,
            tuple((b.action_id, b.value) for b in message.buttons),
            sent.ref.message_id,
            tuple(b.label for b in message.buttons),
        )

    def dms(self, user: str) -> list[Seen]:
        return [self._seen(s) for s in self.platform.sent_to(user)]

    def feed(self) -> list[Seen]:
        deleted = set(self.platform.deletions)
        return [self._seen(s) for s in self.platform.posted_in("C-feed") if s.ref not in deleted]

    def thread(self, post: Seen) -> list[Seen]:
        deleted = set(self.platform.deletions)
        replies = self.platform.thread_of(MessageRef("C-feed", post.ref))
        return [self._seen(s) for s in replies if s.ref not in deleted]

    async def click(self, user: str, seen: Seen, action_id: str) -> Answer:
        return answer_of(
            await self.core.inbound.handle(
                ActionClicked(f"e{next(self._ids)}", who(user), action_id, seen.action(action_id))
            )
        )

    async def submit(
        self, user: str, seen: Seen, fields: dict[str, str], action_id: str = "prompt.answer"
    ) -> Answer:
        opened = await self.core.inbound.handle(
            ActionClicked(f"e{next(self._ids)}", who(user), action_id, seen.action(action_id))
        )
        if opened is None or opened.form is None:
            return answer_of(opened)
        return answer_of(
            await self.core.inbound.handle(
                FormSubmitted(
                    f"e{next(self._ids)}", who(user), opened.form.form_id, opened.form.value, fields
                )
            )
        )

    async def say(self, user: str, text: str) -> Answer:
        return answer_of(
            await self.core.inbound.handle(
                MessageReceived(f"e{next(self._ids)}", who(user), f"D-{user}", text)
            )
        )

    async def deliver(self) -> None:
        await run_jobs(self.core)
