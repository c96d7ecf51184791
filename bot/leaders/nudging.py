"""Nudges to leads: at most one a week, in working hours, only on a real signal."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import Response
from bot.clock import Clock
from bot.db.leader_models import Nudge, Thanks, UnitLead
from bot.db.models import HelpfulMark, Member, Prompt, Question, Reply, Round
from bot.db.upsert import insert_new
from bot.leaders.messages import nudge_message
from bot.leaders.rules import (
    LeadSignals,
    NudgeRules,
    TeamFigures,
    figures_text,
    nudge_reasons,
    reason_text,
)
from bot.outbox.codec import message_to_dict
from bot.outbox.dispatch import delivery_row, enqueue
from bot.prompts.lessons import lesson_form
from bot.schedule import iso_week, resolve_zone, within_working_hours

SNOOZE = timedelta(weeks=2)


class Nudging:
    """The weekly look at each lead's signals."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        org_zone: str,
        rules: NudgeRules | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._org_zone = org_zone
        self._rules = rules or NudgeRules()

    async def nudge_leads(self) -> int:
        now = self._clock.now()
        sent = 0
        async with self._sessions.begin() as session:
            leads = list(
                await session.scalars(
                    select(Member)
                    .join(UnitLead, UnitLead.member_id == Member.id)
                    .where(Member.active, Member.opted_out.is_(False))
                    .distinct()
                )
            )
            for lead in leads:
                sent += await self._consider(session, lead, now)
        return sent

    async def _consider(self, session: AsyncSession, lead: Member, now: datetime) -> int:
        zone = resolve_zone(lead.zone_name, self._org_zone)
        today = now.astimezone(zone).date()
        snoozed = lead.nudges_snoozed_until is not None and today <= lead.nudges_snoozed_until
        weekday = now.astimezone(zone).weekday() < 5
        if snoozed or not weekday or not within_working_hours(now, zone):
            return 0
        if await acted_recently(session, lead, now):
            return 0
        week = iso_week(today)
        if await session.scalar(
            select(Nudge.id).where(Nudge.member_id == lead.id, Nudge.week == week)
        ):
            return 0
        signals = await self.signals(session, lead, now)
        reasons = nudge_reasons(signals, self._rules)
        if not reasons:
            return 0
        created = await insert_new(
            session,
            Nudge,
            [{"member_id": lead.id, "week": week, "signals": ",".join(reasons), "created_at": now}],
            returning=[Nudge.id],
        )
        if not created:
            return 0
        nudge_id = created[0][0]
        question = (
            await session.scalar(
                select(Question.text)
                .where(Question.category == "lessons-learned")
                .order_by(Question.id)
                .offset(nudge_id % 4)
                .limit(1)
            )
            or "What did you learn this week?"
        )
        message = nudge_message(
            nudge_id,
            [reason_text(r, signals, self._rules) for r in reasons],
            figures_text(signals.team, self._rules),
            question,
        )
        return await enqueue(
            session,
            [
                delivery_row(
                    f"nudge:{nudge_id}",
                    "nudge",
                    lead.workspace_id,
                    message_to_dict(message),
                    now,
                    member_id=lead.id,
                )
            ],
        )

    async def signals(self, session: AsyncSession, lead: Member, now: datetime) -> LeadSignals:
        last_shared = await session.scalar(
            select(func.max(Reply.created_at)).where(
                Reply.member_id == lead.id, Reply.visibility != "private"
            )
        )
        weeks = None if last_shared is None else (now - last_shared).days // 7
        return LeadSignals(weeks, await team_figures(session, lead, now))


async def acted_recently(session: AsyncSession, lead: Member, now: datetime) -> bool:
    """In the past week the lead thanked someone, shared, or clicked a nudge."""
    since = now - timedelta(days=7)
    return any(
        [
            await session.scalar(
                select(Thanks.reply_id)
                .where(Thanks.member_id == lead.id, Thanks.created_at >= since)
                .limit(1)
            ),
            await session.scalar(
                select(Reply.id)
                .where(
                    Reply.member_id == lead.id,
                    Reply.prompt_id.is_(None),
                    Reply.created_at >= since,
                )
                .limit(1)
            ),
            await session.scalar(
                select(Nudge.id).where(Nudge.member_id == lead.id, Nudge.acted_at >= since).limit(1)
            ),
        ]
    )


async def team_figures(session: AsyncSession, lead: Member, now: datetime) -> TeamFigures:
    """Size, response rates of the last closed rounds, and unacknowledged answers."""
    units = list(await session.scalars(select(UnitLead.unit).where(UnitLead.member_id == lead.id)))
    team = select(Member.id).where(Member.unit.in_(units), Member.active, Member.id != lead.id)
    size = len(list(await session.scalars(team)))
    # Rates from one program, the one that asks this team most, so rounds are comparable.
    program_id = await session.scalar(
        select(Prompt.program_id)
        .where(Prompt.member_id.in_(team))
        .group_by(Prompt.program_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    rates = []
    for cycle in await session.scalars(
        select(Round.cycle)
        .where(Round.program_id == program_id)
        .order_by(Round.cycle.desc())
        .limit(5)
    ):
        statuses = list(
            await session.scalars(
                select(Prompt.status).where(
                    Prompt.program_id == program_id,
                    Prompt.cycle == cycle,
                    Prompt.member_id.in_(team),
                )
            )
        )
        if statuses:
            rates.append(statuses.count("answered") / len(statuses))
    acknowledged = select(HelpfulMark.reply_id).union(select(Thanks.reply_id))
    unacknowledged = (
        await session.scalar(
            select(func.count())
            .select_from(Reply)
            .where(
                Reply.member_id.in_(team),
                Reply.visibility != "private",
                Reply.created_at >= now - timedelta(days=7),
                Reply.id.not_in(acknowledged),
            )
        )
        or 0
    )
    average = sum(rates[1:]) / len(rates[1:]) if len(rates) > 1 else None
    return TeamFigures(size, rates[0] if rates else None, average, unacknowledged)


async def nudge_action(
    session: AsyncSession, member: Member, action_id: str, value: str, now: datetime, org_zone: str
) -> Response:
    """A click on a nudge: only for this week's nudge, and it counts as the lead acting."""
    nudge = await session.get(Nudge, int(value)) if value.isdigit() else None
    today = now.astimezone(resolve_zone(member.zone_name, org_zone)).date()
    if nudge is None or nudge.member_id != member.id or nudge.week != iso_week(today):
        return Response(text="That nudge is from an earlier week; nothing to do. Thank you!")
    nudge.acted_at = nudge.acted_at or now
    if action_id == "nudge.snooze":
        member.nudges_snoozed_until = today + SNOOZE
        return Response(
            text=f"Snoozed until {member.nudges_snoozed_until}. Your team can still "
            "see you share any time with `share`."
        )
    if action_id == "nudge.lesson":
        return Response(form=lesson_form())
    from bot.leaders.recognition import recognition_for

    return Response(message=await recognition_for(session, member, now))
