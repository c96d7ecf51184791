"""Peer check-ins: plan each round with the matcher, introduce, follow up, record outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.working_days import calendar_for, next_working_hours
from bot.checkins.ghosts import move_out_ghosts
from bot.checkins.intros import checkin_message, group_contexts, latest_shared, starters
from bot.checkins.messages import (
    reason_sentence,
)
from bot.checkins.planning import (
    checkin_cadence,
    eligible_members,
    match_round,
)
from bot.clock import Clock
from bot.db.checkin_models import (
    CheckinGroup,
    CheckinParticipant,
    CheckinRound,
)
from bot.db.models import Member, Program
from bot.db.upsert import insert_new
from bot.i18n import speaking
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.directory import member_zone_column
from bot.people.languages import member_language
from bot.programs.programs import audience_query
from bot.schedule import iso_week, resolve_zone

_WITH_CHECKINS = select(Program).where(Program.active, Program.checkins)
SEND_CHUNK = 500


def followup_delay(program: Program) -> timedelta:
    """Half-way through the cycle: 3 days for weekly check-ins, a week for fortnightly."""
    return timedelta(days=max(1, program.checkin_cadence_weeks * 7 // 2))


@dataclass(frozen=True)
class Checkins:
    """Scheduled work of peer check-ins; every method is safe to run twice or in parallel.

    Each job has a `next_…` twin: the earliest moment it may have work (see bot.prompts.due).
    """

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def plan_due_rounds(self) -> int:
        """Match the round of every program whose first intro time has come; returns groups."""
        now = self.clock.now()
        planned = 0
        for program in await self._programs():
            async with self.sessions.begin() as session:
                planned += await self._plan(session, program, now)
        return planned

    async def next_planning(self, session: AsyncSession) -> datetime | None:
        """When `plan_due_rounds` next has a round to match."""
        now = self.clock.now()
        moments = [
            await self._next_round_at(session, program, now)
            for program in await session.scalars(_WITH_CHECKINS)
        ]
        return min((m for m in moments if m is not None), default=None)

    async def _programs(self) -> list[Program]:
        async with self.sessions() as session:
            return list(await session.scalars(_WITH_CHECKINS))

    async def _next_round_at(
        self, session: AsyncSession, program: Program, now: datetime
    ) -> datetime | None:
        """Now if a due round is not planned yet, else when the next cycle's first zone starts."""
        planned = set(
            await session.scalars(
                select(CheckinRound.cycle).where(CheckinRound.program_id == program.id)
            )
        )
        zones = await self._zones(session, program)
        due = self._due_cycle(program, zones, now)
        if due is not None and due not in planned:
            return now
        cadence = checkin_cadence(program)
        moments = []
        for zone in zones:
            latest = cadence.latest_cycle(now, zone)
            following = 0 if latest is None else latest + 1
            if following not in planned:
                moments.append(cadence.send_at(following, zone))
        return min(moments, default=None)

    async def _zones(self, session: AsyncSession, program: Program) -> list[ZoneInfo]:
        names = set(
            await session.scalars(audience_query(program, member_zone_column()).distinct())
        ) or {None}
        return [resolve_zone(name, program.timezone, self.org_zone) for name in names]

    async def _plan(self, session: AsyncSession, program: Program, now: datetime) -> int:
        cycle = self._due_cycle(program, await self._zones(session, program), now)
        if cycle is None:
            return 0
        week = iso_week(checkin_cadence(program).local_send_date(cycle))
        claimed = await insert_new(
            session,
            CheckinRound,
            [{"program_id": program.id, "cycle": cycle, "week": week, "planned_at": now}],
            returning=[CheckinRound.id],
        )
        if not claimed:  # planned already, here or by another replica
            return 0
        round_id = claimed[0][0]
        await move_out_ghosts(session, program, now)
        eligible = await eligible_members(session, program, cycle, now, self.org_zone)
        matched = await match_round(session, program, cycle, eligible, now)
        by_id = {str(e.member_id): e for e in eligible}
        groups = [[by_id[i] for i in ids] for ids in matched.plan.groups]
        if not groups:
            return 0
        with speaking(program.language):  # stored once for the group: the program's language
            reasons_text = [
                reason_sentence(units, reasons)[:300]
                for units, reasons in zip(matched.units, matched.reasons, strict=True)
            ]
        group_ids = list(
            await session.scalars(
                insert(CheckinGroup).returning(CheckinGroup.id, sort_by_parameter_order=True),
                [{"round_id": round_id, "reason": reason} for reason in reasons_text],
            )
        )
        delay = followup_delay(program)
        await session.execute(
            insert(CheckinParticipant),
            [
                {
                    "group_id": group_id,
                    "member_id": m.member_id,
                    "intro_at": m.intro_at,
                    "followup_at": m.intro_at + delay,
                }
                for group_id, members in zip(group_ids, groups, strict=True)
                for m in members
            ],
        )
        return len(groups)

    def _due_cycle(self, program: Program, zones: list[ZoneInfo], now: datetime) -> int | None:
        """The cycle whose earliest intro (first zone) has passed, while still fresh."""
        cadence = checkin_cadence(program)
        due = None
        for zone in zones:
            cycle = cadence.latest_cycle(now, zone)
            if cycle is not None and now < cadence.send_at(cycle, zone) + followup_delay(program):
                due = cycle if due is None else max(due, cycle)
        return due

    async def send_intros(self) -> int:
        """Each participant's intro at their own local intro time."""
        return await self._send("intro")

    async def send_followups(self) -> int:
        """'Did you meet?' half-way through the cycle, in the member's working hours."""
        return await self._send("followup")

    async def next_intro(self, session: AsyncSession) -> datetime | None:
        """When `send_intros` next has an intro to send."""
        return await self._next_send(session, "intro")

    async def next_followup(self, session: AsyncSession) -> datetime | None:
        """When `send_followups` next has a follow-up to send (in working hours)."""
        return await self._next_send(session, "followup")

    async def _send(self, kind: str) -> int:
        """Find who is due, then build and enqueue their messages in short chunks."""
        now = self.clock.now()
        async with self.sessions() as session:
            due = [key for key, moment in await self._waiting(session, kind, now) if moment <= now]
        queued = 0
        for start in range(0, len(due), SEND_CHUNK):
            queued += await self._send_chunk(kind, due[start : start + SEND_CHUNK], now)
        return queued

    async def _next_send(self, session: AsyncSession, kind: str) -> datetime | None:
        waiting = await self._waiting(session, kind, self.clock.now(), upcoming=True)
        return min((moment for _, moment in waiting), default=None)

    async def _waiting(
        self, session: AsyncSession, kind: str, now: datetime, *, upcoming: bool = False
    ) -> list[tuple[tuple[int, int], datetime]]:
        """((group, member), when it may go) of unsent intros or follow-ups.

        Intros go at their own time; follow-ups wait for the member's working hours. Rows
        whose time has come, or with `upcoming` those still to come (of intros, the first).
        """
        due_at = getattr(CheckinParticipant, f"{kind}_at")
        sent_at = getattr(CheckinParticipant, f"{kind}_sent_at")
        query = (
            select(
                CheckinParticipant.group_id,
                CheckinParticipant.member_id,
                due_at,
                member_zone_column(),
                Program.timezone,
                Member.country,
                Program.blackout_dates,
            )
            .join(Member, CheckinParticipant.member_id == Member.id)
            .join(CheckinGroup, CheckinParticipant.group_id == CheckinGroup.id)
            .join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
            .join(Program, CheckinRound.program_id == Program.id)
            .where(sent_at.is_(None), Member.active, Member.opted_out.is_(False))
        )
        if kind == "followup":
            query = query.where(CheckinParticipant.outcome.is_(None))
        if not upcoming:
            query = query.where(due_at <= now)
        elif kind == "intro":
            query = query.order_by(due_at).limit(1)
        waiting = []
        for group_id, member_id, at, tz, program_tz, country, blackouts in await session.execute(
            query
        ):
            moment = max(at, now)
            if kind == "followup":
                zone = resolve_zone(tz, program_tz, self.org_zone)
                moment = next_working_hours(moment, zone, calendar_for(country, blackouts))
            waiting.append(((group_id, member_id), moment))
        return waiting

    async def _send_chunk(self, kind: str, keys: list[tuple[int, int]], now: datetime) -> int:
        sent_at = getattr(CheckinParticipant, f"{kind}_sent_at")
        async with self.sessions.begin() as session:
            contexts = await group_contexts(session, sorted({g for g, _ in keys}))
            people = {m.id: m for c in contexts.values() for m, _, _ in c.people}
            shared = await latest_shared(session, list(people)) if kind == "intro" else {}
            starter_texts = await starters(session) if kind == "intro" else []
            claimed = (
                await session.execute(  # rows another replica sent are skipped
                    update(CheckinParticipant)
                    .where(
                        tuple_(CheckinParticipant.group_id, CheckinParticipant.member_id).in_(keys),
                        sent_at.is_(None),
                    )
                    .values({sent_at: now})
                    .returning(CheckinParticipant.group_id, CheckinParticipant.member_id)
                )
            ).all()
            deliveries = []
            for group_id, member_id in sorted(claimed):
                with speaking(member_language(people[member_id])):
                    message = checkin_message(
                        kind,
                        group_id,
                        member_id,
                        contexts[group_id],
                        shared,
                        starter_texts,
                        self.org_zone,
                    )
                deliveries.append(
                    Outgoing(
                        f"checkin-{kind}:{group_id}:{member_id}",
                        "checkin",
                        ToMember(people[member_id].workspace_id, member_id),
                        message,
                    )
                )
            return await enqueue_messages(session, deliveries, now)
