"""A review's decision: Continue at once, Adjust or Stop with a reason; the first decision on
a review stands, is logged in the program's history, and reaches the other reviewers. Stop
ends the program (the lifecycle's end)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions
from bot.chat import FormSubmitted, Response
from bot.db.models import Member, Program
from bot.db.pilot_models import Pilot
from bot.db.pilot_review_models import PilotDecision
from bot.db.upsert import insert_new
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.pilots import review_messages as words
from bot.pilots.forms import required_text
from bot.pilots.reviews import is_reviewer, reviewers
from bot.privacy.audit import actor_of, record
from bot.programs import lifecycle

CHOICES = {
    actions.PILOT_CONTINUE: "continue",
    actions.PILOT_ADJUST: "adjust",
    actions.PILOT_STOP: "stop",
}


async def _review_of(
    session: AsyncSession, member: Member, value: str
) -> tuple[Pilot, Program, int] | Response:
    """The pilot, program and week a button names, or what to tell someone who may not decide."""
    pilot_id, _sep, week = value.partition(":")
    pilot = await session.get(Pilot, int(pilot_id)) if pilot_id.isdigit() else None
    program = await session.get(Program, pilot.program_id) if pilot else None
    if pilot is None or program is None or not week.isdigit():
        return Response(text=_(words.GONE))
    if not await is_reviewer(session, pilot, member):
        return Response(text=_(words.NOT_A_REVIEWER))
    return pilot, program, int(week)


async def _earlier(session: AsyncSession, pilot: Pilot, week: int) -> PilotDecision | None:
    return await session.scalar(
        select(PilotDecision).where(PilotDecision.pilot_id == pilot.id, PilotDecision.week == week)
    )


async def choose(
    session: AsyncSession, member: Member, action_id: str, value: str, now: datetime
) -> Response:
    """A click: Continue is recorded; Adjust and Stop open the reason form first."""
    found = await _review_of(session, member, value)
    if isinstance(found, Response):
        return found
    pilot, program, week = found
    earlier = await _earlier(session, pilot, week)
    if earlier is not None:
        return Response(
            text=words.already_decided(program.name, earlier.decided_by, earlier.choice)
        )
    if action_id != actions.PILOT_CONTINUE:
        return Response(form=words.reason_form(action_id, value))
    return await _decide(session, member, (pilot, program, week), "continue", "", now)


async def submit_reason(
    session: AsyncSession, member: Member, event: FormSubmitted, now: datetime
) -> Response:
    """The reason form of Adjust or Stop: a reason is needed, and kept."""
    found = await _review_of(session, member, event.value)
    if isinstance(found, Response):
        return found
    reason = required_text(event, "reason", words.REASON_MAX_CHARS, words.REASON_NEEDED)
    if isinstance(reason, Response):
        return reason
    return await _decide(session, member, found, CHOICES[event.form_id], reason, now)


async def _decide(
    session: AsyncSession,
    member: Member,
    review: tuple[Pilot, Program, int],
    choice: str,
    reason: str,
    now: datetime,
) -> Response:
    pilot, program, week = review
    who = member.display_name or member.external_id
    row = {"pilot_id": pilot.id, "week": week, "choice": choice, "reason": reason}
    row |= {"member_id": member.id, "decided_by": who, "decided_at": now}
    if not await insert_new(session, PilotDecision, [row], returning=[PilotDecision.id]):
        earlier = await _earlier(session, pilot, week)
        assert earlier is not None  # a concurrent decision came first
        return Response(
            text=words.already_decided(program.name, earlier.decided_by, earlier.choice)
        )
    actor = actor_of(member)
    detail = {"choice": choice, "review": "final" if week == 0 else f"week {week}"}
    await record(session, now, actor, "pilot.decision", program.name, {**detail, "reason": reason})
    if choice == "stop" and program.status == lifecycle.ACTIVE:
        lifecycle.end(program)
        why = _("stopped on its review: {reason}").format(reason=reason)
        await record(session, now, actor, "program.end", program.name, {"reason": why})
    for other in await reviewers(session, pilot):
        if other.id == member.id:
            continue
        with speaking(member_language(other)):
            note = words.decided_note(program.name, week, who, choice, reason)
        key = f"pilot-decision:{pilot.id}:{week}:{other.id}"
        await enqueue_message(
            session, key, "pilot_decision", ToMember(other.workspace_id, other.id), note, now
        )
    said = {"continue": words.CONTINUED, "adjust": words.ADJUSTED, "stop": words.STOPPED}
    return Response(text=_(said[choice]))
