"""Who may open the dashboard and what they see: one-time sign-in links, stored hashed, and
the viewer's scope (a lead: their units; champions and admins: everything)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.archive_models import SignInLink
from bot.db.leader_models import UnitLead
from bot.db.models import Member
from bot.i18n import N_

LINK_LIFETIME = timedelta(minutes=15)
DASHBOARD_ROLES = ("admin", "champion", "lead")
NOT_FOR_YOU = N_("The dashboard is for leads, KM champions and admins.")
REFUSED = "This sign-in link is used up or has expired: type `dashboard` in chat for a new one."


@dataclass(frozen=True)
class Viewer:
    """A signed-in person; `units` is None for champions and admins (every unit)."""

    member_id: int
    name: str
    role: str
    units: tuple[str, ...] | None

    def sees_unit(self, unit: str) -> bool:
        return self.units is None or unit in self.units

    @property
    def sees_private(self) -> bool:
        """Admins may read the private answers of programs whose rule says so."""
        return self.role == "admin"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def viewer_of(session: AsyncSession, member: Member | None) -> Viewer | None:
    """The member's dashboard scope, read afresh (a lead who is no longer one loses it)."""
    if member is None or not member.active or member.role not in DASHBOARD_ROLES:
        return None
    units: tuple[str, ...] | None = None
    if member.role == "lead":
        led = await session.scalars(select(UnitLead.unit).where(UnitLead.member_id == member.id))
        units = tuple(sorted(set(led))) or ((member.unit,) if member.unit else ())
        if not units:
            return None
    name = member.display_name or member.external_id
    return Viewer(member.id, name, member.role, units)


async def issue_link(session: AsyncSession, member: Member, now: datetime) -> str | None:
    """A new one-time token for `member` (None when the dashboard is not for them)."""
    if await viewer_of(session, member) is None:
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        SignInLink(
            token_hash=token_hash(token),
            member_id=member.id,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    await session.flush()
    return token


async def link_is_usable(session: AsyncSession, token: str, now: datetime) -> bool:
    """True while the link is unused and unexpired (showing its page does not use it)."""
    link = await session.scalar(
        select(SignInLink).where(SignInLink.token_hash == token_hash(token))
    )
    return link is not None and link.used_at is None and link.expires_at > now


async def redeem(session: AsyncSession, token: str, now: datetime) -> Viewer | None:
    """Use the link once: the viewer it signs in, or None (unknown, used, expired, or the
    person may no longer open the dashboard). One UPDATE, so two clicks cannot both win."""
    used = await session.execute(
        update(SignInLink)
        .where(
            SignInLink.token_hash == token_hash(token),
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(SignInLink.member_id)
    )
    member_id = used.scalar()
    if member_id is None:
        return None
    return await viewer_of(session, await session.get(Member, member_id))
