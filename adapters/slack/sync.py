"""Directory sync from Slack: users.list (every page) and channel audiences' members."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.parse import PLATFORM, person_from_user
from bot.chat import Person
from bot.core import Core

log = logging.getLogger(__name__)
PAGE_SIZE = 200


@dataclass(frozen=True)
class DirectoryReport:
    """What a sync changed."""

    added: int
    updated: int
    deactivated: int
    groups: int

    def text(self) -> str:
        return (
            f"Directory synced: {self.added} added, {self.updated} updated, "
            f"{self.deactivated} deactivated, {self.groups} channel audience(s)."
        )


async def list_people(client: AsyncWebClient, include_guests: bool = False) -> list[Person]:
    """Every person in the workspace, following next_cursor to the last page."""
    people: list[Person] = []
    cursor = ""
    while True:
        page = await client.users_list(limit=PAGE_SIZE, cursor=cursor or None, include_locale=True)
        for user in page.get("members") or []:
            person = person_from_user(user, include_guests)
            if person is not None:
                people.append(person)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return people


async def channel_members(client: AsyncWebClient, channel: str) -> list[str]:
    """A channel's member ids, every page."""
    users: list[str] = []
    cursor = ""
    while True:
        page = await client.conversations_members(
            channel=channel, limit=PAGE_SIZE, cursor=cursor or None
        )
        users += [str(u) for u in page.get("members") or []]
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return users


async def person_or_none(
    client: AsyncWebClient, user: str, include_guests: bool = False
) -> Person | None:
    """One user from users.info, or None when kmbot should not include them."""
    info = await client.users_info(user=user, include_locale=True)
    return person_from_user(info.get("user") or {}, include_guests)


async def save_people(
    core: Core, team: str, people: list[Person], *, complete: bool
) -> tuple[int, int, int]:
    """Apply Slack people to the workspace: (added, updated, deactivated)."""
    report = await core.directory_sync.save_people(PLATFORM, team, people, complete=complete)
    return report.added, report.updated, report.deactivated


async def sync_directory(
    core: Core, client: AsyncWebClient, team: str, include_guests: bool = False
) -> DirectoryReport:
    """Sync the workspace's people, then every channel used as a program audience."""
    people = await list_people(client, include_guests)
    if people and not any(p.email for p in people):
        log.warning(
            "Slack listed %d people without an email: reinstall the app to grant "
            "users:read.email, or an HR file keyed by email stays pending",
            len(people),
        )
    added, updated, deactivated = await save_people(core, team, people, complete=True)
    known = {p.user for p in people}
    groups = 0
    for channel in await core.directory_sync.channel_audiences():
        try:
            users = await channel_members(client, channel)
        except SlackApiError as exc:  # a channel of another platform, or not visible to us
            log.info("channel audience %s not synced: %s", channel, exc.response.get("error"))
            continue
        await core.directory_sync.save_group(
            PLATFORM, team, channel, [u for u in users if u in known]
        )
        groups += 1
    return DirectoryReport(added, updated, deactivated, groups)
