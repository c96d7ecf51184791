"""The port between kmbot's core and a chat platform: plain frozen dataclasses, string ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.i18n.language import current_language


@dataclass(frozen=True)
class MemberAddress:
    """A person on a platform: (platform, workspace or tenant id, user id)."""

    platform: str
    workspace: str
    user: str


@dataclass(frozen=True)
class ConversationAddress:
    """A channel or chat; `native` is opaque to the core (Teams: a ConversationReference)."""

    platform: str
    workspace: str
    id: str
    native: str = ""
    thread: str = ""  # a sent message's `MessageRef.message_id`: post in its thread


Address = MemberAddress | ConversationAddress


@dataclass(frozen=True)
class Button:
    """A button with a stable dotted action id such as `prompt.answer`."""

    action_id: str
    label: str
    value: str = ""
    style: str = ""  # "", "primary" or "danger"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    """One input of a form; `choices` makes it a single-choice field."""

    field_id: str
    label: str
    multiline: bool = True
    optional: bool = False
    max_length: int = 3000
    choices: tuple[Choice, ...] = ()
    initial: str = ""


@dataclass(frozen=True)
class Form:
    """An input form (Slack modal, Adaptive Card inputs) submitted as `form_id` with `value`."""

    form_id: str
    title: str
    fields: tuple[FormField, ...]
    value: str = ""
    submit_label: str = "Submit"
    language: str = field(default_factory=current_language)  # adapters' own words use it


@dataclass(frozen=True)
class PersonLink:
    """Someone a message introduces; adapters link a chat with them (email: Teams' UPN)."""

    address: MemberAddress
    name: str
    email: str = ""


@dataclass(frozen=True)
class Person:
    """One person as a platform's directory lists them (what an adapter's directory sync yields)."""

    user: str
    name: str = ""
    tz: str | None = None
    email: str | None = None
    unit: str | None = None
    native: str | None = None  # adapter-owned DM reference, if the platform has one
    title: str | None = None  # job title (Slack's profile); an HR file's title comes first
    locale: str | None = None  # the person's platform language ("fr-FR")


@dataclass(frozen=True)
class Image:
    url: str
    alt: str


@dataclass(frozen=True)
class OutgoingFile:
    """A file for one member (their data export); adapters attach it natively."""

    name: str
    content: bytes
    mime: str = "application/json"
    title: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    """What the core wants said; each adapter renders it natively or as plain text."""

    text: str
    title: str = ""
    context: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    form: Form | None = None
    image: Image | None = None
    people: tuple[PersonLink, ...] = ()
    language: str = field(default_factory=current_language)  # adapters' own words use it


@dataclass(frozen=True)
class MessageRef:
    """Where a sent message lives, so it can be updated later."""

    conversation: str
    message_id: str


class DeliveryError(Exception):
    """A send failed; `permanent` failures are never retried."""

    permanent = False

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """The recipient cannot be reached (user gone, channel not found, bot blocked)."""

    permanent = True


class TransientDeliveryError(DeliveryError):
    """Try again later (network, 5xx)."""


class RateLimited(TransientDeliveryError):
    """The platform said 429: pause the whole workspace for `retry_after` seconds."""


@dataclass(frozen=True)
class PlatformHealth:
    """How a platform's calls are going: its start-up credentials check and its latest calls.

    `start_check` is "pending", "ok", "failed" or "skipped" (nothing to check, e.g. no
    credentials in emulator mode). A call counts as a success when the platform answered it,
    even with an error about the recipient or a 429; it fails when the platform cannot be
    reached, answers 5xx, or refuses kmbot's credentials. `refused` lists the workspaces whose
    credentials were refused on their latest call; `shared_credentials` says whether one
    credential serves every workspace (so one refusal stops them all).
    """

    start_check: str = "pending"
    start_detail: str = ""
    checked_at: datetime | None = None
    last_success_at: datetime | None = None
    last_failure_at: datetime | None = None
    last_error: str = ""
    consecutive_failures: int = 0
    refused: tuple[tuple[str, str], ...] = ()
    shared_credentials: bool = True


class ChatPlatform(Protocol):
    """What the core needs from a chat platform."""

    name: str

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef: ...

    async def update(self, ref: MessageRef, message: OutgoingMessage) -> None: ...

    async def delete(self, ref: MessageRef) -> None:
        """Remove a message kmbot sent (a withdrawn answer's feed post)."""
        ...

    def health(self) -> PlatformHealth:
        """A snapshot of how this platform's calls are going (cheap: no call is made)."""
        ...


# Inbound events, parsed by adapters from platform payloads.


@dataclass(frozen=True)
class MessageReceived:
    event_id: str
    member: MemberAddress
    conversation: str
    text: str
    is_direct: bool = True
    locale: str = ""  # the sender's platform locale when the event carries it ("fr-FR")


@dataclass(frozen=True)
class ActionClicked:
    event_id: str
    member: MemberAddress
    action_id: str
    value: str = ""
    message: MessageRef | None = None
    locale: str = ""


@dataclass(frozen=True)
class FormSubmitted:
    event_id: str
    member: MemberAddress
    form_id: str
    value: str
    fields: dict[str, str] = field(default_factory=dict)
    locale: str = ""


@dataclass(frozen=True)
class MemberJoined:
    event_id: str
    member: MemberAddress
    group: str = ""
    organisation: bool = False  # joined the organisation (Slack team_join, a Teams team)


@dataclass(frozen=True)
class MemberLeft:
    event_id: str
    member: MemberAddress
    group: str = ""


@dataclass(frozen=True)
class AppInstalled:
    event_id: str
    platform: str
    workspace: str


@dataclass(frozen=True)
class AppUninstalled:
    event_id: str
    platform: str
    workspace: str


@dataclass(frozen=True)
class HomeOpened:
    event_id: str
    member: MemberAddress


InboundEvent = (
    MessageReceived
    | ActionClicked
    | FormSubmitted
    | MemberJoined
    | MemberLeft
    | AppInstalled
    | AppUninstalled
    | HomeOpened
)


@dataclass(frozen=True)
class Response:
    """The core's response to an inbound event, shown only to that member.

    `field_errors` keeps a form open with the errors next to its fields; `form` asks the
    adapter to open a form (a modal in Slack, a card in Teams); `request` asks the adapter
    for platform work the core cannot do itself (`sync`: re-read the directory); `file` is
    sent to the member privately after the text (`my data`).
    """

    text: str = ""
    field_errors: dict[str, str] = field(default_factory=dict)
    form: Form | None = None
    message: OutgoingMessage | None = None
    request: str = ""
    file: OutgoingFile | None = None
    language: str = field(default_factory=current_language)  # adapters' own words use it
