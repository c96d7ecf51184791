"""Recognition: each lead sees the team's answers with a Thank button; champions get a summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import OutgoingMessage, Response
from bot.clock import Clock
from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.leader_models import Thanks, UnitLead
from bot.db.models import Delivery, Member, Program, Prompt, Reply, Round
from bot.db.upsert import insert_new
from bot.leaders.messages import recognition_message, summary_message, thanked_message
from bot.leaders.rules import RECENT
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.prompts.scope import shown_in_team_views
from bot.schedule import WORKDAY_START, iso_week, resolve_zone, within_working_hours


def _team_answers_since(since: datetime, *columns: Any) -> Select[Any]:
    """Open answers written since `since`, each beside the lead of its author's unit."""
    return (
        select(*columns)
        .select_from(UnitLead)
        .join(Member, Member.unit == UnitLead.unit)
        .join(Reply, Reply.member_id == Member.id)
        .where(
            Member.id != UnitLead.member_id,
            Reply.created_at >= since,
            shown_in_team_views(),
        )
    )


async def team_answers(
    session: AsyncSession, lead: Member, since: datetime
) -> list[tuple[int, str, str]]:
    """(reply id, author, text) of the lead's team's open answers since `since`."""
    rows = await session.execute(
        _team_answers_since(since, Reply.id, Reply.visibility, Member.display_name, Reply.answers)
        .where(UnitLead.member_id == lead.id)
        .order_by(Reply.created_at)
    )
    return [
        (rid, name if visibility == "shared" else "Anonymous", answers[0]["text"])
        for rid, visibility, name, answers in rows
    ]


async def leads_with_team_answers(
    session: AsyncSession, lead_ids: list[int], since: datetime
) -> set[int]:
    """Which of these leads have an open answer from their team since `since` (one query)."""
    query = _team_answers_since(since, UnitLead.member_id).where(UnitLead.member_id.in_(lead_ids))
    return set(await session.scalars(query.distinct()))


async def recognition_for(session: AsyncSession, lead: Member, now: datetime) -> OutgoingMessage:
    return recognition_message(
        "Your team", iso_week(now.date()), await team_answers(session, lead, now - RECENT)
    )


async def thank(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """A thank-you reaches the author, once per answer and person."""
    reply = await session.get(Reply, int(value)) if value.isdigit() else None
    if reply is None:
        return Response(text="That answer is no longer available.")
    added = await insert_new(
        session,
        Thanks,
        [{"reply_id": reply.id, "member_id": member.id, "created_at": now}],
        returning=[Thanks.reply_id],
    )
    if not added:
        return Response(text="You already thanked them for this one.")
    author = await session.get(Member, reply.member_id)
    if author is not None and author.id != member.id:
        message = thanked_message(member.display_name or "A colleague", reply.answers[0]["text"])
        to = ToMember(author.workspace_id, author.id)
        await enqueue_message(session, f"thanks:{reply.id}:{member.id}", "thanks", to, message, now)
    return Response(text="Thank-you sent. They'll know it was you.")


@dataclass(frozen=True)
class Recognition:
    """Weekly digests to leads and weekly summaries to champions and admins."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def send_weekly(self) -> int:
        """On Mondays in each person's working hours: leads' digests, champions' summaries."""
        now = self.clock.now()
        queued = 0
        async with self.sessions.begin() as session:
            summary: list[str] | None = None
            for person, week, key in await self._open_now(session, now):
                if person.role == "lead":
                    message = await recognition_for(session, person, now)
                    if not message.buttons:
                        continue
                else:
                    summary = summary if summary is not None else await summary_lines(session)
                    message = summary_message(week, summary)
                to = ToMember(person.workspace_id, person.id)
                queued += await enqueue_message(session, key, "digest", to, message, now)
        return queued

    async def next_weekly(self, session: AsyncSession) -> datetime | None:
        """When `send_weekly` next has a digest or a summary to send.

        Only a Monday window open right now needs the outbox and the answers read; otherwise
        it is each person's next Monday morning.
        """
        now = self.clock.now()
        people = await self._people(session)
        later = {p.id: self._next_monday(p, now) for p in people}
        unsent = {p.id for p, _, _ in await self._open_now(session, now, people)}
        open_leads = [p.id for p in people if later[p.id] == now and p.role == "lead"]
        answered = (
            await leads_with_team_answers(session, open_leads, now - RECENT)
            if open_leads
            else set()
        )
        moments = []
        for person in people:
            if later[person.id] > now:
                moments.append(later[person.id])
            elif person.id not in unsent:  # sent this week: next Monday
                moments.append(self._next_monday(person, now + timedelta(days=1)))
            elif person.role != "lead" or person.id in answered:
                return now
            # A lead without team answers of the past week gets nothing on a later Monday
            # either, unless someone answers (a database change).
        return min(moments, default=None)

    async def _people(self, session: AsyncSession) -> list[Member]:
        return list(
            await session.scalars(
                select(Member).where(
                    Member.active,
                    Member.opted_out.is_(False),
                    Member.role.in_(("lead", "champion", "admin")),
                )
            )
        )

    def _next_monday(self, person: Member, now: datetime) -> datetime:
        """The first moment from `now` inside the person's Monday working hours."""
        zone = resolve_zone(person.zone_name, self.org_zone)
        local = now.astimezone(zone)
        days = (7 - local.weekday()) % 7
        monday = local.date() + timedelta(days=days)
        moment = max(now, datetime.combine(monday, WORKDAY_START, tzinfo=zone))
        if moment.astimezone(zone).date() != monday or not within_working_hours(moment, zone):
            moment = datetime.combine(monday + timedelta(weeks=1), WORKDAY_START, tzinfo=zone)
        return moment.astimezone(UTC)

    async def _open_now(
        self, session: AsyncSession, now: datetime, people: list[Member] | None = None
    ) -> list[tuple[Member, str, str]]:
        """(person, week, key) of everyone in their Monday working hours now whose weekly
        message is not in the outbox yet."""
        people = people if people is not None else await self._people(session)
        due = []
        for person in people:
            if self._next_monday(person, now) == now:
                zone = resolve_zone(person.zone_name, self.org_zone)
                week = iso_week(now.astimezone(zone).date())
                kind = "recognition" if person.role == "lead" else "summary"
                due.append((person, week, f"{kind}:{person.id}:{week}"))
        if not due:
            return []
        sent = set(
            await session.scalars(
                select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_([k for _, _, k in due]))
            )
        )
        return [entry for entry in due if entry[2] not in sent]


async def summary_lines(session: AsyncSession) -> list[str]:
    """Per program: last round's participation, leads who shared, check-ins met."""
    lines = []
    for program in await session.scalars(select(Program).order_by(Program.name)):
        cycle = await session.scalar(
            select(func.max(Round.cycle)).where(Round.program_id == program.id)
        )
        if cycle is None:
            lines.append(f"*{program.name}*: no round closed yet.")
            continue
        statuses = list(
            await session.scalars(
                select(Prompt.status).where(Prompt.program_id == program.id, Prompt.cycle == cycle)
            )
        )
        leads = set(await session.scalars(select(UnitLead.member_id)))
        led = (
            set(
                await session.scalars(
                    select(Prompt.member_id).where(
                        Prompt.program_id == program.id,
                        Prompt.cycle == cycle,
                        Prompt.status == "answered",
                        Prompt.member_id.in_(leads),
                    )
                )
            )
            if leads
            else set()
        )
        met, groups = await _checkins_met(session, program.id)
        lines.append(
            f"*{program.name}*: {statuses.count('answered')}/{len(statuses)} answered last "
            f"round; {len(led)}/{len(leads)} leads shared; check-ins: {met}/{groups} groups met"
        )
    return lines


async def _checkins_met(session: AsyncSession, program_id: int) -> tuple[int, int]:
    latest = await session.scalar(
        select(func.max(CheckinRound.id)).where(CheckinRound.program_id == program_id)
    )
    if latest is None:
        return 0, 0
    groups = list(
        await session.scalars(select(CheckinGroup.id).where(CheckinGroup.round_id == latest))
    )
    met = set(
        await session.scalars(
            select(CheckinParticipant.group_id).where(
                CheckinParticipant.group_id.in_(groups), CheckinParticipant.outcome == "met"
            )
        )
    )
    return len(met), len(groups)
