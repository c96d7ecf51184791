"""Optional check-ins after an event (`--checkins`): attendees from different units are
introduced in pairs, so the people an event brought together keep talking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import MemberAddress, PersonLink
from bot.checkins.matching.planner import Candidate, MatchRules, plan_groups
from bot.db.event_models import Event, EventInvite
from bot.db.models import Member, Workspace
from bot.events import messages as words
from bot.events.store import GOING, member_zone
from bot.i18n import _, speaking
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.languages import member_language


async def introduce_attendees(session: AsyncSession, event: Event, now: datetime) -> int:
    """Pair those going across units (the check-in matcher, preferring mixed units) and queue
    an introduction to each member of every pair from two units; same-unit pairs are skipped."""
    rows = list(
        await session.execute(
            select(Member, Workspace)
            .join(EventInvite, EventInvite.member_id == Member.id)
            .join(Workspace, Workspace.id == Member.workspace_id)
            .where(
                EventInvite.event_id == event.id,
                EventInvite.status == GOING,
                Member.active.is_(True),
                Member.opted_out.is_(False),
            )
            .order_by(Member.id)
        )
    )
    people = {str(m.id): (m, w) for m, w in rows}
    candidates = [Candidate(str(m.id), m.unit, member_zone(m, event)) for m, _ in rows]
    plan = plan_groups(candidates, [], seed=event.id, rules=MatchRules(prefer_cross_unit=True))
    outgoing = []
    for group in plan.groups:
        members = [people[i] for i in group]
        if len({m.unit for m, _ in members}) < 2:
            continue
        for member, _workspace in members:
            with speaking(member_language(member)):
                colleague = _("a colleague")
                others = [
                    (PersonLink(MemberAddress(w.platform, w.external_id, m.external_id),
                                m.display_name or colleague, m.email or ""), m.unit)
                    for m, w in members
                    if m.id != member.id
                ]  # fmt: skip
                intro = words.attendee_intro(event.title, others)
            outgoing.append(
                Outgoing(
                    f"event-pair:{event.id}:{member.id}",
                    "event",
                    ToMember(member.workspace_id, member.id),
                    intro,
                )
            )
    await enqueue_messages(session, outgoing, now)
    return len(outgoing)
