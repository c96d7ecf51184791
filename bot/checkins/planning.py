"""Matching a check-in round from the database: who is eligible, their history, the plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.working_days import calendar_for, on_working_day
from bot.checkins.matching.cost import round_reference
from bot.checkins.matching.explain import last_met, why_matched
from bot.checkins.matching.planner import Candidate, MatchRules, PairingPlan, PastGroup, plan_groups
from bot.db.checkin_models import (
    CheckinGroup,
    CheckinParticipant,
    CheckinRound,
    CheckinSkip,
    DoNotPair,
)
from bot.db.models import Member, Program
from bot.people.directory import member_zone_column
from bot.programs.programs import audience_query
from bot.schedule import Cadence, is_paused, iso_week, parse_local_time, resolve_zone


def checkin_cadence(program: Program) -> Cadence:
    return Cadence(
        program.checkin_anchor_week or program.anchor_week,
        program.checkin_cadence_weeks,
        program.checkin_weekday,
        parse_local_time(program.checkin_time),
    )


def rules_of(program: Program) -> MatchRules:
    return MatchRules(
        prefer_cross_unit=program.checkin_cross_unit,
        mix_seniority=program.checkin_mix_seniority,
        prefer_overlapping_hours=program.checkin_overlap_hours,
        lookback_weeks=program.checkin_lookback_weeks,
    )


@dataclass(frozen=True)
class Eligible:
    member_id: int
    unit: str
    zone: str
    level: int | None
    intro_at: datetime


async def preview_round(
    session: AsyncSession, program: Program, now: datetime, org_zone: str
) -> PairingPlan:
    """Plan the program's next round as the scheduler would, without storing it."""
    latest = checkin_cadence(program).latest_cycle(now, resolve_zone(program.timezone, org_zone))
    cycle = 0 if latest is None else latest + 1
    eligible = await eligible_members(session, program, cycle, now, org_zone)
    return (await match_round(session, program, cycle, eligible, now)).plan


async def eligible_members(
    session: AsyncSession, program: Program, cycle: int, now: datetime, org_zone: str
) -> list[Eligible]:
    """Who can be matched this cycle: in the audience, not paused, skipping or moved out."""
    skipping = set(
        await session.scalars(
            select(CheckinSkip.member_id).where(
                CheckinSkip.program_id == program.id, CheckinSkip.cycle == cycle
            )
        )
    )
    rows = await session.execute(
        audience_query(
            program,
            Member.id,
            Member.unit,
            member_zone_column(),
            Member.level,
            Member.paused_until,
            Member.country,
        ).where(Member.checkins_paused.is_(False))
    )
    cadence = checkin_cadence(program)
    eligible = []
    for member_id, unit, tz, level, paused_until, country in rows:
        zone = resolve_zone(tz, program.timezone, org_zone)
        if member_id in skipping or is_paused(paused_until, now.astimezone(zone).date()):
            continue
        calendar = calendar_for(country, program.blackout_dates)
        intro_at = on_working_day(cadence.send_at(cycle, zone), zone, calendar)
        eligible.append(Eligible(member_id, unit, zone.key, level, intro_at))
    return eligible


@dataclass(frozen=True)
class MatchedRound:
    """The matcher's plan and, for each group, the reasons in the matcher's own words."""

    plan: PairingPlan
    reasons: list[list[str]]
    units: list[list[str]]


async def match_round(
    session: AsyncSession, program: Program, cycle: int, eligible: list[Eligible], now: datetime
) -> MatchedRound:
    """Run the matcher over the eligible members, their do-not-pair lists and history."""
    ids = [e.member_id for e in eligible]
    blocked: dict[int, set[str]] = defaultdict(set)
    for member_id, other in await session.execute(
        select(DoNotPair.member_id, DoNotPair.other_member_id).where(DoNotPair.member_id.in_(ids))
    ):
        blocked[member_id].add(str(other))
    candidates = [
        Candidate(str(e.member_id), e.unit, e.zone, e.level, frozenset(blocked[e.member_id]))
        for e in eligible
    ]
    week = iso_week(checkin_cadence(program).local_send_date(cycle))
    history = await round_history(session, program, now)
    rules = rules_of(program)
    plan = plan_groups(
        candidates,
        history,
        group_size=program.checkin_group_size,
        seed=program.id * 100_003 + cycle,
        rules=rules,
        week=week,
    )
    by_id = {c.id: c for c in candidates}
    met = last_met(history, rules.lookback_weeks, week)
    groups = [[by_id[i] for i in ids] for ids in plan.groups]
    return MatchedRound(
        plan,
        [why_matched(g, met, rules, round_reference(week)) for g in groups],
        [[c.unit for c in g] for g in groups],
    )


async def round_history(session: AsyncSession, program: Program, now: datetime) -> list[PastGroup]:
    """The program's groups within the lookback, as the matcher reads them."""
    since = now - timedelta(weeks=program.checkin_lookback_weeks + 1)
    groups: dict[int, tuple[str, list[str]]] = {}
    for group_id, week, member_id in await session.execute(
        select(CheckinGroup.id, CheckinRound.week, CheckinParticipant.member_id)
        .join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
        .join(CheckinParticipant, CheckinParticipant.group_id == CheckinGroup.id)
        .where(CheckinRound.program_id == program.id, CheckinRound.planned_at >= since)
    ):
        groups.setdefault(group_id, (week, []))[1].append(str(member_id))
    return [PastGroup(week, tuple(members)) for week, members in groups.values()]
