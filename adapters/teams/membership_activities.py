"""Who joined or left: a Teams installation or conversation update as kmbot's member and
install events (pure: nothing here does I/O)."""

from __future__ import annotations

from dataclasses import replace

from botbuilder.schema import Activity

from adapters.teams.parsed import (
    MAX_ID,
    PLATFORM,
    Parsed,
    event_id,
    is_plain,
    member_of,
    text_of,
    user_of,
)
from bot.chat import AppInstalled, MemberJoined, MemberLeft


def installation(activity: Activity, parsed: Parsed) -> Parsed:
    """kmbot added to or removed from a team, or a member's personal scope."""
    adding = (activity.action or "").startswith("add")
    if parsed.team_id:
        if adding:
            parsed.events.append(AppInstalled(event_id(activity), PLATFORM, parsed.tenant))
        return replace(parsed, team_added=adding, team_removed=not adding)
    member = member_of(parsed, parsed.user)
    parsed.events.append(
        MemberJoined(event_id(activity), member)
        if adding
        else MemberLeft(event_id(activity), member)
    )
    return parsed


def conversation_update(activity: Activity, parsed: Parsed) -> Parsed:
    """Members (or kmbot itself) added to or removed from a team or a personal chat."""
    bot_id = activity.recipient.id if activity.recipient else ""
    added, removed = activity.members_added or [], activity.members_removed or []
    seen: set[str] = set()
    for index, account in enumerate(added + removed, start=1):
        joining = index <= len(added)
        if account is None or not text_of(account.id):
            continue  # no one to add or remove
        if account.id == bot_id or account.id.startswith("28:"):  # 28: ids are bots
            if parsed.team_id:
                if joining:
                    parsed.events.append(
                        AppInstalled(event_id(activity, index), PLATFORM, parsed.tenant)
                    )
                parsed = replace(parsed, team_added=joining, team_removed=not joining)
                continue
            account = activity.from_property  # the bot joined a personal chat: its owner
        user = user_of(account)
        if user in seen or len(user) > MAX_ID or not is_plain(user) or not is_plain(account.id):
            continue
        seen.add(user)
        parsed.teams_ids[user] = account.id
        member = member_of(parsed, user)
        parsed.events.append(
            MemberJoined(event_id(activity, index), member, parsed.team_id, bool(parsed.team_id))
            if joining
            else MemberLeft(event_id(activity, index), member, parsed.team_id)
        )
    if parsed.team_added:  # kmbot itself was added: the others listed are the team as it was
        parsed.events[:] = [
            replace(e, organisation=False) if isinstance(e, MemberJoined) else e
            for e in parsed.events
        ]
    return parsed
