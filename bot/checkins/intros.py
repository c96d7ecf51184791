"""Intro and follow-up messages for a batch of check-in participants, loaded in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import MemberAddress, OutgoingMessage
from bot.checkins.messages import Partner, followup_message, intro_message, names_text
from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.models import Member, Program, Question, Reply, Workspace
from bot.i18n import N_, _
from bot.schedule import resolve_zone

STARTER_CATEGORIES = ("across-teams", "lessons-learned", "surprises")
DEFAULT_STARTER = N_("What are you working on that surprised you lately?")


@dataclass(frozen=True)
class GroupContext:
    program: Program
    reason: str
    cycle: int
    people: list[tuple[Member, str, str]]  # member, platform, workspace


async def group_contexts(
    session: AsyncSession, group_ids: Sequence[int]
) -> dict[int, GroupContext]:
    """Program, reason, cycle and people of each group, in three queries."""
    groups = {
        gid: (program, reason, cycle)
        for gid, reason, cycle, program in await session.execute(
            select(CheckinGroup.id, CheckinGroup.reason, CheckinRound.cycle, Program)
            .join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
            .join(Program, CheckinRound.program_id == Program.id)
            .where(CheckinGroup.id.in_(group_ids))
        )
    }
    people: dict[int, list[tuple[Member, str, str]]] = defaultdict(list)
    for group_id, member, platform, workspace in await session.execute(
        select(CheckinParticipant.group_id, Member, Workspace.platform, Workspace.external_id)
        .join(Member, CheckinParticipant.member_id == Member.id)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(CheckinParticipant.group_id.in_(group_ids))
        .order_by(Member.id)
    ):
        people[group_id].append((member, platform, workspace))
    return {
        gid: GroupContext(program, reason, cycle, people[gid])
        for gid, (program, reason, cycle) in groups.items()
    }


async def latest_shared(session: AsyncSession, member_ids: Sequence[int]) -> dict[int, str]:
    """Each member's most recent openly shared answer (first 140 characters)."""
    newest = (
        select(Reply.member_id, func.max(Reply.created_at).label("at"))
        .where(Reply.member_id.in_(member_ids), Reply.visibility == "shared")
        .group_by(Reply.member_id)
        .subquery()
    )
    rows = await session.execute(
        select(Reply.member_id, Reply.answers).join(
            newest, (Reply.member_id == newest.c.member_id) & (Reply.created_at == newest.c.at)
        )
    )
    return {member_id: answers[-1]["text"][:140] for member_id, answers in rows}


async def starters(session: AsyncSession) -> list[str]:
    return list(
        await session.scalars(
            select(Question.text)
            .where(Question.category.in_(STARTER_CATEGORIES))
            .order_by(Question.id)
        )
    )


def checkin_message(
    kind: str,
    group_id: int,
    member_id: int,
    context: GroupContext,
    shared: dict[int, str],
    starter_texts: list[str],
    org_zone: str,
) -> OutgoingMessage:
    """The intro or follow-up one participant gets, naming the others in the group."""
    program = context.program
    partners = [
        Partner(
            MemberAddress(platform, workspace, member.external_id),
            member.display_name or _("a colleague"),
            member.unit,
            resolve_zone(member.zone_name, program.timezone, org_zone).key,
            shared.get(member.id, ""),
            member.email or "",
        )
        for member, platform, workspace in context.people
        if member.id != member_id
    ]
    if kind == "followup":
        return followup_message(group_id, names_text([p.name for p in partners]))
    starter = (
        starter_texts[context.cycle % len(starter_texts)] if starter_texts else DEFAULT_STARTER
    )
    return intro_message(group_id, program.name, partners, context.reason, starter)
