"""Nudges to leads: the facts are read here, the rule in bot.leaders.rules decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.actions import NUDGE_LESSON, NUDGE_SNOOZE
from bot.calendar.working_days import calendar_for
from bot.chat import Response
from bot.clock import Clock
from bot.db.leader_models import Nudge, Thanks, UnitLead
from bot.db.models import HelpfulMark, Member, Prompt, Question, Reply, Round
from bot.db.upsert import insert_new
from bot.i18n import N_, _, speaking
from bot.leaders.messages import figures_text, nudge_message, reason_text
from bot.leaders.recognition import recognition_for
from bot.leaders.rules import (
    RECENT,
    LeadFacts,
    NudgeRules,
    TeamFacts,
    gates_open,
    next_nudge_at,
    nudge_reasons_at,
    signals_at,
)
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.prompts.lessons import lesson_form
from bot.schedule import iso_week, resolve_zone

SNOOZE = timedelta(weeks=2)
FALLBACK_QUESTION = N_("What did you learn this week?")  # translated at use, like the bank's


@dataclass(frozen=True)
class Nudging:
    """The look at each lead's signals (the job runs every half hour)."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    rules: NudgeRules = field(default_factory=NudgeRules)

    async def nudge_leads(self) -> int:
        """Nudge every lead whose rule says so now; returns how many were nudged."""
        now = self.clock.now()
        sent = 0
        async with self.sessions.begin() as session:
            for lead, facts in await self._leads(session):
                if gates_open(facts, now):  # the team is read only when it can matter
                    facts = replace(facts, team=await team_facts(session, lead, now))
                    sent += await self._nudge(session, lead, facts, now)
        return sent

    async def next_nudge(self, session: AsyncSession) -> datetime | None:
        """When `nudge_leads` next has a lead to nudge."""
        now = self.clock.now()
        moments = []
        for lead, facts in await self._leads(session):
            moment = next_nudge_at(facts, now, self.rules)
            if moment == now:  # the gates are open: do the signals fire, or when?
                team = await team_facts(session, lead, now)
                moment = next_nudge_at(replace(facts, team=team), now, self.rules)
            moments.append(moment)
        return min(moments, default=None)

    async def _nudge(
        self, session: AsyncSession, lead: Member, facts: LeadFacts, now: datetime
    ) -> int:
        reasons = nudge_reasons_at(facts, now, self.rules)
        if not reasons or facts.team is None:
            return 0
        week = iso_week(now.astimezone(facts.zone).date())
        created = await insert_new(
            session,
            Nudge,
            [{"member_id": lead.id, "week": week, "signals": ",".join(reasons), "created_at": now}],
            returning=[Nudge.id],
        )
        if not created:  # nudged already this week, by another replica
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
            or FALLBACK_QUESTION
        )
        signals = signals_at(facts, facts.team, now)
        with speaking(member_language(lead)):
            message = nudge_message(
                nudge_id,
                [reason_text(r, signals, self.rules) for r in reasons],
                figures_text(signals.team, self.rules),
                question,
            )
        to = ToMember(lead.workspace_id, lead.id)
        return int(await enqueue_message(session, f"nudge:{nudge_id}", "nudge", to, message, now))

    async def _leads(self, session: AsyncSession) -> list[tuple[Member, LeadFacts]]:
        """Every active lead with the facts the rule needs, but for the team (a few queries)."""
        leads = list(
            await session.scalars(
                select(Member)
                .join(UnitLead, UnitLead.member_id == Member.id)
                .where(Member.active, Member.opted_out.is_(False))
                .distinct()
                .order_by(Member.id)
            )
        )
        ids = [lead.id for lead in leads]
        acted, shared = await _last_acted_and_shared(session, ids)
        first_prompts = await first_team_prompts(session, ids)
        nudged: dict[int, set[str]] = {}
        for member_id, week in await session.execute(
            select(Nudge.member_id, Nudge.week).where(Nudge.member_id.in_(ids))
        ):
            nudged.setdefault(member_id, set()).add(week)
        return [
            (
                lead,
                LeadFacts(
                    zone=resolve_zone(lead.zone_name, self.org_zone),
                    snoozed_until=lead.nudges_snoozed_until,
                    last_acted=acted.get(lead.id),
                    nudged_weeks=frozenset(nudged.get(lead.id, ())),
                    last_shared=shared.get(lead.id),
                    calendar=calendar_for(lead.country),
                    first_team_prompt=first_prompts.get(lead.id),
                ),
            )
            for lead in leads
        ]


async def first_team_prompts(session: AsyncSession, lead_ids: Sequence[int]) -> dict[int, datetime]:
    """When each lead's team (their units, the lead aside) had its first prompt."""
    colleague = aliased(Member)
    rows = await session.execute(
        select(UnitLead.member_id, func.min(Prompt.opened_at))
        .join(colleague, colleague.unit == UnitLead.unit)
        .join(Prompt, Prompt.member_id == colleague.id)
        .where(UnitLead.member_id.in_(lead_ids), colleague.id != UnitLead.member_id)
        .group_by(UnitLead.member_id)
    )
    return {lead_id: first for lead_id, first in rows}


async def _last_acted_and_shared(
    session: AsyncSession, member_ids: Sequence[int]
) -> tuple[dict[int, datetime], dict[int, datetime]]:
    """When each member last acted (a thank-you, a lesson, a click on a nudge) and last
    shared (any answer or lesson that is not private), in one query."""
    moments = union_all(
        select(literal("acted").label("kind"), Thanks.member_id, Thanks.created_at.label("at")),
        select(literal("acted"), Reply.member_id, Reply.created_at).where(
            Reply.prompt_id.is_(None)
        ),
        select(literal("acted"), Nudge.member_id, Nudge.acted_at),
        select(literal("shared"), Reply.member_id, Reply.created_at).where(
            Reply.visibility != "private"
        ),
    ).subquery()
    rows = await session.execute(
        select(moments.c.kind, moments.c.member_id, func.max(moments.c.at))
        .where(moments.c.member_id.in_(member_ids), moments.c.at.is_not(None))
        .group_by(moments.c.kind, moments.c.member_id)
    )
    latest: dict[str, dict[int, datetime]] = {"acted": {}, "shared": {}}
    for kind, member_id, moment in rows:
        latest[kind][member_id] = moment
    return latest["acted"], latest["shared"]


async def team_facts(session: AsyncSession, lead: Member, now: datetime) -> TeamFacts:
    """Size, response rates of the last closed rounds, and the week's unacknowledged answers."""
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
    last_rounds = (
        select(Round.cycle)
        .where(Round.program_id == program_id)
        .order_by(Round.cycle.desc())
        .limit(5)
        .scalar_subquery()
    )
    answered = func.sum(case((Prompt.status == "answered", 1), else_=0))
    counts = [
        (int(answers or 0), int(asked))
        for _, asked, answers in await session.execute(
            select(Prompt.cycle, func.count(), answered)
            .where(
                Prompt.program_id == program_id,
                Prompt.cycle.in_(last_rounds),
                Prompt.member_id.in_(team),
            )
            .group_by(Prompt.cycle)
            .order_by(Prompt.cycle.desc())
        )
    ]
    rates = [answers / asked for answers, asked in counts]
    acknowledged = select(HelpfulMark.reply_id).union(select(Thanks.reply_id))
    unacknowledged = tuple(
        await session.scalars(
            select(Reply.created_at).where(
                Reply.member_id.in_(team),
                Reply.visibility != "private",
                Reply.created_at >= now - RECENT,
                Reply.id.not_in(acknowledged),
            )
        )
    )
    average = sum(rates[1:]) / len(rates[1:]) if len(rates) > 1 else None
    before = (sum(a for a, _ in counts[1:]), sum(n for _, n in counts[1:]))
    return TeamFacts(
        size,
        rates[0] if rates else None,
        average,
        unacknowledged,
        counts[0] if counts else (0, 0),
        before,
    )


async def nudge_action(
    session: AsyncSession, member: Member, action_id: str, value: str, now: datetime, org_zone: str
) -> Response:
    """A click on a nudge: only for this week's nudge, and it counts as the lead acting."""
    nudge = await session.get(Nudge, int(value)) if value.isdigit() else None
    today = now.astimezone(resolve_zone(member.zone_name, org_zone)).date()
    if nudge is None or nudge.member_id != member.id or nudge.week != iso_week(today):
        return Response(text=_("That nudge is from an earlier week; nothing to do. Thank you!"))
    nudge.acted_at = nudge.acted_at or now
    if action_id == NUDGE_SNOOZE:
        member.nudges_snoozed_until = today + SNOOZE
        return Response(
            text=_(
                "Snoozed until {date}. Your team can still see you share any time with `share`."
            ).format(date=member.nudges_snoozed_until)
        )
    if action_id == NUDGE_LESSON:
        return Response(form=lesson_form())
    return Response(message=await recognition_for(session, member, now))
