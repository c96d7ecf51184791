"""A member who joins the organisation after kmbot knows it starts their newcomer's month."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Member


def note_join(member: Member, known_before: bool, now: datetime) -> bool:
    """Give a member first met through a join (Slack team_join, a Teams team's
    membersAdded) that day as their start date; True when they became a newcomer.

    Someone kmbot knew before (a re-join, a member of another team, anyone a sync or an HR
    file brought) keeps what they had, so nobody is welcomed twice and the people synced when
    kmbot was installed are not newcomers.
    """
    if known_before or member.start_date is not None:
        return False
    member.start_date = now.date()
    return True
