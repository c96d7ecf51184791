"""The notes proposals bring: each Monday at 10:00 (the organisation's zone) the week's new
proposals go to the program's members for a vote, at most one note a week per program; on
the first of each month the program hears "you said, we did" about the month before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import OutgoingMessage
from bot.clock import Clock
from bot.db.models import Delivery, Member, Program, Question, Workspace
from bot.db.question_models import QuestionProposal, QuestionRetirement
from bot.i18n import resolve, speaking
from bot.outbox.enqueue import Recipient, ToChannel, ToMember, enqueue_message
from bot.programs.programs import audience_query
from bot.questions import messages, vote_messages
from bot.schedule import resolve_zone

NOTE_AT = time(10, 0)
NOTED = ("pending", "approved")  # proposals a vote note still shows
MONTHLY = "question_month"


def next_monday(after: datetime, zone_name: str) -> datetime:
    """The first Monday 10:00 (in `zone_name`) after `after`."""
    zone = resolve_zone(zone_name, zone_name)
    local = after.astimezone(zone)
    day = local.date() + timedelta(days=(7 - local.weekday()) % 7)
    moment = datetime.combine(day, NOTE_AT, tzinfo=zone)
    return moment if moment > after else moment + timedelta(days=7)


def next_first_of_month(after: datetime, zone_name: str) -> datetime:
    """The first day of a month at 10:00 (in `zone_name`) after `after`."""
    zone = resolve_zone(zone_name, zone_name)
    local = after.astimezone(zone)
    moment = datetime.combine(local.date().replace(day=1), NOTE_AT, tzinfo=zone)
    if moment > after:
        return moment
    following = (local.date().replace(day=28) + timedelta(days=4)).replace(day=1)
    return datetime.combine(following, NOTE_AT, tzinfo=zone)


@dataclass(frozen=True)
class QuestionNotes:
    """The weekly vote notes and the monthly "you said, we did" notes."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def send_due(self) -> int:
        """Enqueue the notes that are due; how many were enqueued."""
        now = self.clock.now()
        async with self.sessions.begin() as session:
            sent = 0
            for program, proposals in await self._due_votes(session, now):
                sent += await _vote_note(session, program, proposals, now)
            if await self._month_due(session, now):
                sent += await _monthly_notes(session, now, self.org_zone)
            return sent

    async def next_due(self, session: AsyncSession) -> datetime | None:
        now = self.clock.now()
        moments = [m for m in (await self._vote_moments(session)).values()]
        month = await self._month_moment(session)
        if month is not None:
            moments.append(month)
        return max(min(moments), now) if moments else None

    async def _vote_moments(self, session: AsyncSession) -> dict[int, datetime]:
        """Program id -> when its next vote note is due (programs with proposals to show)."""
        waiting = await session.execute(
            select(QuestionProposal.program_id, func.min(QuestionProposal.created_at))
            .where(QuestionProposal.status.in_(NOTED), QuestionProposal.noted_at.is_(None))
            .group_by(QuestionProposal.program_id)
        )
        last = dict(
            (
                await session.execute(
                    select(QuestionProposal.program_id, func.max(QuestionProposal.noted_at))
                    .where(QuestionProposal.noted_at.is_not(None))
                    .group_by(QuestionProposal.program_id)
                )
            ).all()
        )
        return {
            program_id: next_monday(max(first, last.get(program_id) or first), self.org_zone)
            for program_id, first in waiting.all()
        }

    async def _due_votes(
        self, session: AsyncSession, now: datetime
    ) -> list[tuple[Program, list[QuestionProposal]]]:
        due = []
        for program_id, moment in (await self._vote_moments(session)).items():
            if moment > now:
                continue
            program = await session.get_one(Program, program_id)
            proposals = await session.scalars(
                select(QuestionProposal)
                .where(
                    QuestionProposal.program_id == program_id,
                    QuestionProposal.status.in_(NOTED),
                    QuestionProposal.noted_at.is_(None),
                )
                .order_by(QuestionProposal.id)
                .limit(vote_messages.NOTE_PROPOSALS)
            )
            due.append((program, list(proposals)))
        return due

    async def _month_moment(self, session: AsyncSession) -> datetime | None:
        """When the next monthly note is due: the month after the latest proposal or
        retirement, unless that month's notes went out already."""
        latest = [
            await session.scalar(
                select(func.max(QuestionProposal.created_at)).where(
                    QuestionProposal.status != "draft"
                )
            ),
            await session.scalar(select(func.max(QuestionProposal.decided_at))),
            await session.scalar(select(func.max(QuestionRetirement.retired_at))),
        ]
        known = [moment for moment in latest if moment is not None]
        if not known:
            return None
        moment = next_first_of_month(max(known), self.org_zone)
        sent = await session.scalar(
            select(func.count()).where(Delivery.kind == MONTHLY, Delivery.created_at >= moment)
        )
        return None if sent else moment

    async def _month_due(self, session: AsyncSession, now: datetime) -> bool:
        moment = await self._month_moment(session)
        return moment is not None and moment <= now


async def _audience(session: AsyncSession, program: Program) -> list[tuple[int, int, str]]:
    """(member id, workspace id, the language they read) of the program's audience."""
    rows = await session.execute(
        audience_query(program, Member.id, Member.workspace_id, Member.language, Member.locale)
    )
    return [
        (member_id, workspace_id, resolve(language, locale))
        for member_id, workspace_id, language, locale in rows.all()
    ]


async def _vote_note(
    session: AsyncSession, program: Program, proposals: list[QuestionProposal], now: datetime
) -> int:
    names = dict(
        (
            await session.execute(
                select(Member.id, Member.display_name).where(
                    Member.id.in_([p.member_id for p in proposals])
                )
            )
        ).all()
    )
    notes: dict[str, OutgoingMessage] = {}  # one note per language read

    def note_in(language: str) -> OutgoingMessage:
        if language not in notes:
            with speaking(language):
                entries = [
                    vote_messages.NoteEntry(
                        p.id, p.text, messages.credit_of(names.get(p.member_id, ""), p.anonymous)
                    )
                    for p in proposals
                ]
                notes[language] = vote_messages.vote_note(program.name, entries)
        return notes[language]

    week = now.date().isoformat()
    sent = 0
    for member_id, workspace_id, language in await _audience(session, program):
        key = f"question.vote:{program.id}:{week}:{member_id}"
        to = ToMember(workspace_id, member_id)
        sent += await enqueue_message(session, key, "question_vote", to, note_in(language), now)
    for proposal in proposals:
        proposal.noted_at = now
    return sent


async def month_in_review(
    session: AsyncSession, program: Program, start: datetime, end: datetime
) -> messages.MonthInReview:
    """What was proposed, adopted and retired for `program` between `start` and `end`."""
    mine = QuestionProposal.program_id == program.id
    proposed = await session.scalar(
        select(func.count()).where(
            mine,
            QuestionProposal.status != "draft",
            QuestionProposal.created_at >= start,
            QuestionProposal.created_at < end,
        )
    )
    adopted = await session.scalars(
        select(QuestionProposal.text)
        .where(
            mine,
            QuestionProposal.status == "approved",
            QuestionProposal.decided_at >= start,
            QuestionProposal.decided_at < end,
        )
        .order_by(QuestionProposal.id)
    )
    retired = await session.scalars(
        select(Question.text)
        .join(QuestionRetirement, QuestionRetirement.question_id == Question.id)
        .where(
            (Question.program_id == program.id) | Question.program_id.is_(None),
            QuestionRetirement.retired_at >= start,
            QuestionRetirement.retired_at < end,
        )
        .order_by(Question.id)
    )
    return messages.MonthInReview(int(proposed or 0), tuple(adopted), tuple(retired))


async def _monthly_notes(session: AsyncSession, now: datetime, org_zone: str) -> int:
    zone = resolve_zone(org_zone, org_zone)
    first = now.astimezone(zone).date().replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    start = datetime.combine(previous, time(0), tzinfo=zone)
    end = datetime.combine(first, time(0), tzinfo=zone)
    sent = 0
    for program in await session.scalars(select(Program).where(Program.active.is_(True))):
        review = await month_in_review(session, program, start, end)
        if not (review.proposed or review.adopted or review.retired):
            continue
        for key, to, language in await _monthly_recipients(session, program, previous):
            with speaking(language):
                note = messages.monthly_note(program.name, previous, review)
            sent += await enqueue_message(session, key, MONTHLY, to, note, now)
    return sent


async def _monthly_recipients(
    session: AsyncSession, program: Program, month: date
) -> list[tuple[str, Recipient, str | None]]:
    """The program's feed channel (in the program's language), or (without one) each of its
    members (in theirs)."""
    key = f"question.month:{program.id}:{month:%Y-%m}"
    if program.feed_channel and program.feed_platform and program.feed_workspace:
        workspace = await session.scalar(
            select(Workspace.id).where(
                Workspace.platform == program.feed_platform,
                Workspace.external_id == program.feed_workspace,
            )
        )
        if workspace is not None:
            return [(key, ToChannel(workspace, program.feed_channel), program.language)]
    return [
        (f"{key}:{member_id}", ToMember(workspace_id, member_id), language)
        for member_id, workspace_id, language in await _audience(session, program)
    ]
