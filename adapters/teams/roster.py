"""Team rosters through TeamsInfo.get_paged_team_members (every page) into kmbot's directory."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema.teams import TeamsChannelAccount

from adapters.teams import store
from adapters.teams.conversations import channel_reference
from adapters.teams.platform import TeamsPlatform
from bot.chat import Person
from bot.core import DirectorySync, PlatformState

log = logging.getLogger(__name__)
PAGE_SIZE = 500
MAX_PAGES = 400  # 200,000 members: a guard against a continuation token that never ends


@dataclass(frozen=True)
class TeamSync:
    """What one team's sync did, for the admin who asked."""

    team: str
    people: int
    added: int
    skipped: int


async def fetch_members(
    platform: TeamsPlatform, tenant: str, team_id: str, service_url: str, bot_id: str
) -> list[TeamsChannelAccount]:
    """Every member of a team, following continuation tokens to the last page."""

    async def pages(context: TurnContext) -> list[TeamsChannelAccount]:
        members: list[TeamsChannelAccount] = []
        token = None
        for _ in range(MAX_PAGES):
            page = await TeamsInfo.get_paged_team_members(context, team_id, token, PAGE_SIZE)
            members += page.members or []
            token = page.continuation_token
            if not token:
                return members
        log.warning("team %s: stopped after %d roster pages", team_id, MAX_PAGES)
        return members

    reference = channel_reference(tenant, team_id, service_url, bot_id)
    return await platform.call(reference, tenant, pages)


def aad_id(account: TeamsChannelAccount) -> str:
    """The member's AAD object id: the REST API names it `objectId`, the SDK's model does not."""
    extra = getattr(account, "additional_properties", None) or {}
    return str(account.aad_object_id or extra.get("objectId") or extra.get("aadObjectId") or "")


def person_of(account: TeamsChannelAccount, native: dict[str, object]) -> Person | None:
    """A roster entry as a Person; anonymous meeting guests and bots are left out."""
    if account.user_role == "anonymous" or not account.id or account.id.startswith("28:"):
        return None
    name = account.name or " ".join(p for p in (account.given_name, account.surname) if p)
    merged = {**native, "teams_id": account.id}
    return Person(
        user=aad_id(account) or account.id,
        name=name,
        email=account.email or account.user_principal_name,
        native=store.dump(merged),
    )


@dataclass(frozen=True)
class TeamsRoster:
    """Reads team rosters from Teams and hands them to the core's directory sync."""

    platform: TeamsPlatform
    state: PlatformState
    directory: DirectorySync

    async def sync_team(self, tenant: str, team_id: str) -> TeamSync:
        """Apply a team's roster to the tenant's members and to the team's group.

        The tenant may hold several teams, so one team's list never deactivates anyone.
        """
        info = await store.tenant_info(self.state, tenant)
        team = info.get("teams", {}).get(team_id, {})
        accounts = await fetch_members(
            self.platform, tenant, team_id, info.get("service_url", ""), info.get("bot_id", "")
        )
        natives = await store.member_natives(self.state, tenant)
        people = [
            p for a in accounts if (p := person_of(a, natives.get(aad_id(a) or a.id or "", {})))
        ]
        report = await self.directory.save_team(store.PLATFORM, tenant, team_id, people)
        return TeamSync(
            team.get("name") or team_id, len(people), report.added, len(accounts) - len(people)
        )

    async def sync_tenant(self, tenant: str) -> str:
        """Sync every team kmbot is installed in; the summary names whoever cannot be reached."""
        teams = list((await store.tenant_info(self.state, tenant)).get("teams", {}))
        if not teams:
            return "kmbot is not installed in any team of this organisation yet."
        lines = []
        for team_id in teams:
            done = await self.sync_team(tenant, team_id)
            lines.append(
                f"{done.team}: {done.people} people ({done.added} new"
                + (f", {done.skipped} guests or bots left out" if done.skipped else "")
                + ")."
            )
        gone = await store.unreachable(self.state, tenant)
        if gone:
            lines.append(
                f"{len(gone)} cannot be reached: "
                + "; ".join(f"{name} ({reason})" for name, reason in gone[:20])
            )
        return "Directory synced. " + " ".join(lines)
