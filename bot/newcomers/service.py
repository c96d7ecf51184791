"""The newcomers' jobs: each welcome, and each second-week partner, once, in working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.working_days import calendar_for
from bot.chat import MemberAddress, PersonLink
from bot.clock import Clock
from bot.db.checkin_models import DoNotPair
from bot.db.models import Member, Program, Workspace
from bot.db.newcomer_models import NewcomerPartner, NewcomerStep
from bot.db.upsert import insert_new
from bot.i18n import _, speaking
from bot.newcomers.advice import best_advice
from bot.newcomers.dates import PARTNER_UNTIL_DAY, is_newcomer, partner_moment, welcome_moment
from bot.newcomers.messages import (
    colleague_partner_message,
    newcomer_partner_message,
    welcome_message,
)
from bot.newcomers.partners import Colleague, choose_partner
from bot.newcomers.welcome import Newcomer, described, first_month_members
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.directory import member_zone_column
from bot.people.languages import member_language
from bot.programs.programs import audience_query
from bot.schedule import is_paused, resolve_zone

WELCOME, PARTNER = "welcome", "partner"


@dataclass(frozen=True)
class Newcomers:
    """Sends what a newcomer's first weeks hold; safe to run twice or on several replicas."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def send_welcomes(self) -> int:
        """Welcome each newcomer whose moment has come; returns how many were welcomed."""
        now, sent = self.clock.now(), 0
        async with self.sessions.begin() as session:
            for newcomer in await first_month_members(session, now, WELCOME):
                moment = self._welcome_at(newcomer)
                if moment is None or moment > now or not await _claim(session, newcomer, now):
                    continue
                member = newcomer.member
                program_ids = [p.id for p in newcomer.programs]
                advice = await best_advice(session, member.id, program_ids)
                with speaking(member_language(member)):
                    message = welcome_message(
                        member.display_name, [described(p) for p in newcomer.programs], advice
                    )
                sent += await enqueue_message(
                    session,
                    f"newcomer:welcome:{member.id}",
                    "newcomer",
                    ToMember(member.workspace_id, member.id),
                    message,
                    now,
                )
        return sent

    async def next_welcome(self, session: AsyncSession) -> datetime | None:
        moments = [
            m
            for n in await first_month_members(session, self.clock.now(), WELCOME)
            if (m := self._welcome_at(n)) is not None
        ]
        return min(moments, default=None)

    def _welcome_at(self, newcomer: Newcomer) -> datetime | None:
        member = newcomer.member
        assert member.start_date is not None
        zone = resolve_zone(member.zone_name, newcomer.programs[0].timezone, self.org_zone)
        return welcome_moment(
            member.start_date, member.created_at, zone, calendar_for(member.country)
        )

    async def introduce_partners(self) -> int:
        """Introduce each newcomer in their second week to a colleague of another unit."""
        now, introduced = self.clock.now(), 0
        async with self.sessions.begin() as session:
            for newcomer in await first_month_members(session, now, PARTNER, PARTNER_UNTIL_DAY):
                moment = self._partner_at(newcomer, now)
                if moment is None or moment > now:
                    continue
                introduced += await self._introduce(session, newcomer, now)
        return introduced

    async def next_partner(self, session: AsyncSession) -> datetime | None:
        now = self.clock.now()
        moments = [
            m
            for n in await first_month_members(session, now, PARTNER, PARTNER_UNTIL_DAY)
            if (m := self._partner_at(n, now)) is not None
        ]
        return min(moments, default=None)

    def _partner_at(self, newcomer: Newcomer, now: datetime) -> datetime | None:
        member = newcomer.member
        assert member.start_date is not None
        zone = resolve_zone(member.zone_name, newcomer.programs[0].timezone, self.org_zone)
        return partner_moment(member.start_date, now, zone, calendar_for(member.country))

    async def _introduce(self, session: AsyncSession, newcomer: Newcomer, now: datetime) -> int:
        """One newcomer's introductions (both sides), or nothing when no partner exists yet."""
        program = next((p for p in newcomer.programs if p.checkins), newcomer.programs[0])
        member = newcomer.member
        colleagues = await _colleagues(session, program, now, self.org_zone)
        me = next((c for c in colleagues if c.id == member.id), None)
        if me is None:  # paused, or moved out of check-ins: no partner
            return 0
        partner_colleague = choose_partner(me, colleagues, await _blocked(session, member.id), now)
        if partner_colleague is None or not await _claim(session, newcomer, now, PARTNER):
            return 0
        partner = await session.get(Member, partner_colleague.id)
        assert partner is not None
        session.add(
            NewcomerPartner(
                member_id=member.id, partner_id=partner.id, program_id=program.id, matched_at=now
            )
        )
        for to, other, build in (
            (member, partner, newcomer_partner_message),
            (partner, member, colleague_partner_message),
        ):
            with speaking(member_language(to)):  # each side reads their own language
                message = build(await _link(session, other), other.unit, program.name)
            await enqueue_message(
                session,
                f"newcomer:partner:{member.id}:{to.id}",
                "newcomer",
                ToMember(to.workspace_id, to.id),
                message,
                now,
            )
        return 1


async def _claim(
    session: AsyncSession, newcomer: Newcomer, now: datetime, step: str = WELCOME
) -> bool:
    """Record the step as done; False when it was done already (here or by a replica)."""
    row = {"member_id": newcomer.member.id, "step": step, "done_at": now}
    return bool(await insert_new(session, NewcomerStep, [row], returning=[NewcomerStep.step]))


async def _colleagues(
    session: AsyncSession, program: Program, now: datetime, org_zone: str
) -> list[Colleague]:
    """The program's audience who take part in check-ins and are not paused today."""
    partnered = (
        select(NewcomerPartner.partner_id, func.count().label("n"))
        .group_by(NewcomerPartner.partner_id)
        .subquery()
    )
    rows = await session.execute(
        audience_query(
            program,
            Member.id,
            Member.unit,
            member_zone_column(),
            Member.paused_until,
            Member.start_date,
            func.coalesce(partnered.c.n, 0),
        )
        .outerjoin(partnered, partnered.c.partner_id == Member.id)
        .where(Member.checkins_paused.is_(False))
    )
    colleagues = []
    for member_id, unit, tz, paused_until, start, n in rows:
        zone = resolve_zone(tz, program.timezone, org_zone)
        if not is_paused(paused_until, now.astimezone(zone).date()):
            colleagues.append(
                Colleague(member_id, unit, zone.key, is_newcomer(start, now.date()), int(n))
            )
    return colleagues


async def _blocked(session: AsyncSession, member_id: int) -> set[int]:
    """Whoever is on the newcomer's do-not-pair list, or has the newcomer on theirs."""
    rows = await session.execute(
        select(DoNotPair.member_id, DoNotPair.other_member_id).where(
            or_(DoNotPair.member_id == member_id, DoNotPair.other_member_id == member_id)
        )
    )
    return {b if a == member_id else a for a, b in rows}


async def _link(session: AsyncSession, member: Member) -> PersonLink:
    workspace = await session.get(Workspace, member.workspace_id)
    assert workspace is not None
    address = MemberAddress(workspace.platform, workspace.external_id, member.external_id)
    return PersonLink(address, member.display_name or _("a colleague"), member.email or "")
