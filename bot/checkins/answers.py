"""What members say about check-ins: met or not, what they learned, skip, rejoin, never-pair."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.checkins.messages import OUTCOMES, learning_form
from bot.db.checkin_models import (
    CheckinGroup,
    CheckinParticipant,
    CheckinRound,
    CheckinSkip,
    DoNotPair,
)
from bot.db.models import Member, Program, Reply
from bot.db.upsert import insert_new
from bot.evidence.checkins import LEARNING_LABEL
from bot.i18n import N_, _, speaking
from bot.prompts.messages import feed_post
from bot.prompts.sharing import author_name, post_to_feed

OLD_ROUND = N_("That check-in round is over. A new match is coming with the next round.")


async def _participant(
    session: AsyncSession, member: Member, value: str
) -> tuple[CheckinParticipant, CheckinRound] | None:
    if not value.isdigit():
        return None
    row = (
        await session.execute(
            select(CheckinParticipant, CheckinRound)
            .join(CheckinGroup, CheckinParticipant.group_id == CheckinGroup.id)
            .join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
            .where(
                CheckinParticipant.group_id == int(value), CheckinParticipant.member_id == member.id
            )
        )
    ).first()
    return (row[0], row[1]) if row else None


async def _is_latest(session: AsyncSession, round_: CheckinRound) -> bool:
    latest = await session.scalar(
        select(CheckinRound.cycle)
        .where(CheckinRound.program_id == round_.program_id)
        .order_by(CheckinRound.cycle.desc())
    )
    return latest == round_.cycle


async def record_outcome(
    session: AsyncSession, member: Member, action_id: str, value: str, now: datetime
) -> Response:
    """Met / not yet / could not, for the member's group in the current round."""
    found = await _participant(session, member, value)
    if found is None or not await _is_latest(session, found[1]):
        return Response(text=_(OLD_ROUND))
    participant, _round = found
    participant.outcome = OUTCOMES[action_id]
    participant.answered_at = now
    if participant.outcome == "met":
        return Response(
            text=_("Great, thanks for meeting!"), form=learning_form(participant.group_id)
        )
    if participant.outcome == "not_yet":
        return Response(text=_("No problem. There's still time before the next round."))
    return Response(text=_("Thanks for telling me. You'll get a new match next round."))


async def record_learning(
    session: AsyncSession, member: Member, value: str, fields: dict[str, str], now: datetime
) -> Response:
    """The optional one-line learning, stored as a lesson and shared only if the member says so."""
    found = await _participant(session, member, value)
    if found is None:
        return Response(text=_(OLD_ROUND))
    text = fields.get("q0", "").strip()
    if len(text) > 300:
        return Response(
            text=_("That is {length} characters; the limit is 300.").format(length=len(text)),
            field_errors={"q0": _("300 characters at most")},
        )
    if not text:
        return Response(text=_("Thanks! Nothing to record this time."))
    visibility = fields.get("visibility") or "private"
    program = await session.get(Program, found[1].program_id)
    reply = Reply(
        prompt_id=None,
        program_id=found[1].program_id,
        member_id=member.id,
        answers=[{"label": LEARNING_LABEL, "text": text}],
        visibility=visibility if visibility in ("shared", "anonymous") else "private",
        late=False,
        helpful_count=0,
        created_at=now,
    )
    session.add(reply)
    await session.flush()
    if reply.visibility != "private" and program is not None:
        with speaking(program.language):  # a channel reads the program's language
            message = feed_post(
                reply.id,
                program.name,
                LEARNING_LABEL,
                author_name(member, reply.visibility),
                reply.answers,
            )
        if await post_to_feed(session, program, f"checkin-lesson:{reply.id}", "feed", message, now):
            return Response(text=_("Thanks! Shared with your colleagues."))
    return Response(text=_("Thanks! Kept private."))


async def skip_next_round(session: AsyncSession, member: Member, value: str) -> Response:
    found = await _participant(session, member, value)
    if found is None:
        return Response(text=_(OLD_ROUND))
    round_ = found[1]
    await insert_new(
        session,
        CheckinSkip,
        [{"program_id": round_.program_id, "cycle": round_.cycle + 1, "member_id": member.id}],
    )
    return Response(text=_("You'll sit out the next round. See you in the one after."))


def rejoin(member: Member, now: datetime) -> Response:
    """Back in; silences before now no longer count towards moving them out."""
    member.checkins_paused = False
    member.checkins_rejoined_at = now
    return Response(text=_("Welcome back! You'll be matched in the next round."))


async def never_pair(session: AsyncSession, member: Member, who: str) -> Response:
    """`nopair NAME`: a private list; `nopair` alone shows it; `nopair -NAME` removes."""
    if not who:
        names = list(
            await session.scalars(
                select(Member.display_name)
                .join(DoNotPair, DoNotPair.other_member_id == Member.id)
                .where(DoNotPair.member_id == member.id)
                .order_by(Member.display_name)
            )
        )
        return Response(
            text=_(
                "Your private do-not-pair list: {names}. Add with `nopair NAME`, remove with "
                "`nopair -NAME`."
            ).format(names=", ".join(names) or _("empty"))
        )
    remove = who.startswith("-")
    name = who.lstrip("-").lstrip("@").strip()
    other = await session.scalar(
        select(Member).where(
            Member.workspace_id == member.workspace_id,
            Member.id != member.id,
            (Member.display_name == name) | (Member.external_id == name),
        )
    )
    if other is None:
        return Response(
            text=_("I couldn't find a colleague called {name}.").format(name=repr(name))
        )
    if remove:
        await session.execute(
            delete(DoNotPair).where(
                DoNotPair.member_id == member.id, DoNotPair.other_member_id == other.id
            )
        )
        return Response(
            text=_("{name} is off your do-not-pair list.").format(name=other.display_name)
        )
    await insert_new(session, DoNotPair, [{"member_id": member.id, "other_member_id": other.id}])
    return Response(
        text=_("Got it: you won't be paired with {name}. Nobody else can see this list.").format(
            name=other.display_name
        )
    )
