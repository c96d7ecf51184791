"""`dashboard` in chat: a one-time sign-in link for leads, champions and admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.dashboard.access import LINK_LIFETIME, NOT_FOR_YOU, issue_link
from bot.db.models import Member
from bot.i18n import N_, _

NO_ADDRESS = N_(
    "The dashboard has no web address yet: the person who runs kmbot sets KMBOT_PUBLIC_URL."
)


def sign_in_url(public_url: str, token: str) -> str:
    return f"{public_url}/dashboard/sign-in/{token}"


async def dashboard_link(
    session: AsyncSession, member: Member, public_url: str, now: datetime
) -> Response:
    if not public_url:
        return Response(text=_(NO_ADDRESS))
    token = await issue_link(session, member, now)
    if token is None:
        return Response(text=_(NOT_FOR_YOU))
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    return Response(
        text=_(
            "Your sign-in link to the dashboard (works once, for {minutes} minutes; "
            "don't forward it): {url}"
        ).format(minutes=minutes, url=sign_in_url(public_url, token))
    )
