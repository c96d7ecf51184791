"""Sending each pilot's reviews once: at every milestone week and when the pilot ends.

Who reviews: the pilot's sponsor (a member) and its KM lead, which kmbot reads as every
active admin and champion (the people who run programs). Each review goes through the
outbox under one key per pilot, review and person, so replicas running the job at the same
moment send it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import Image, OutgoingMessage
from bot.clock import Clock
from bot.db.models import Delivery, Member, Program
from bot.db.pilot_models import Pilot, PilotMilestone
from bot.evidence.figures import Period
from bot.evidence.links import ChartSlot
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.pilots import review_messages
from bot.pilots.review_figures import MetricLine, business_metric_line, units_of
from bot.pilots.review_figures import review_lines as figures
from bot.pilots.sponsor_words import ask_sponsor
from bot.programs import lifecycle
from bot.schedule import WORKDAY_START, next_working_moment, resolve_zone

FINAL = 0  # the week number of the final review
KM_LEAD_ROLES = ("admin", "champion")
STALE = timedelta(weeks=2)  # a review not sent by then (kmbot was down, a new admin) is not


@dataclass(frozen=True)
class DueReview:
    pilot: Pilot
    program: Program
    week: int  # the milestone's week, or FINAL
    at: datetime
    milestone: PilotMilestone | None = None

    def key(self, member_id: int) -> str:
        return f"pilot-review:{self.pilot.id}:{self.week}:{member_id}"


async def reviewers(session: AsyncSession, pilot: Pilot) -> list[Member]:
    """The sponsor and the KM lead (active admins and champions), each once."""
    query = select(Member).where(
        Member.active,
        or_(Member.id == pilot.sponsor_member_id, Member.role.in_(KM_LEAD_ROLES)),
    )
    return list(await session.scalars(query.order_by(Member.id)))


async def is_reviewer(session: AsyncSession, pilot: Pilot, member: Member) -> bool:
    return member.id in {m.id for m in await reviewers(session, pilot)}


def _milestone_at(program: Program, week: int, zone_name: str) -> datetime:
    """Week N's review: the first working moment N weeks after the start."""
    zone = resolve_zone(program.timezone, zone_name)
    assert program.starts_on is not None
    day: date = program.starts_on + timedelta(weeks=week)
    return next_working_moment(datetime.combine(day, WORKDAY_START, tzinfo=zone), zone)


async def scheduled_reviews(session: AsyncSession, org_zone: str) -> list[DueReview]:
    """Every review of every launched pilot: milestones while it runs, the final once it ended."""
    rows = await session.execute(
        select(Pilot, Program)
        .join(Program, Program.id == Pilot.program_id)
        .where(Program.starts_on.is_not(None))
    )
    reviews = []
    for pilot, program in rows.all():
        if program.status == lifecycle.ACTIVE:
            milestones = await session.scalars(
                select(PilotMilestone).where(PilotMilestone.pilot_id == pilot.id)
            )
            reviews += [
                DueReview(pilot, program, m.week, _milestone_at(program, m.week, org_zone), m)
                for m in milestones
            ]
        if pilot.final_review_due_at is not None:
            reviews.append(DueReview(pilot, program, FINAL, pilot.final_review_due_at))
    return reviews


@dataclass(frozen=True)
class PilotReviews:
    """The `pilots.review` job."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    charts: ChartSlot = field(default_factory=ChartSlot)
    metric_line: MetricLine = business_metric_line

    async def send_due(self) -> int:
        """Queue every due review not queued yet; how many messages were queued."""
        now = self.clock.now()
        queued = 0
        async with self.sessions.begin() as session:
            for review, people in await self._unsent(session, now):
                for person in people:
                    with speaking(member_language(person)):
                        message = await self.message(session, review, now)
                    to = ToMember(person.workspace_id, person.id)
                    key = review.key(person.id)
                    queued += await enqueue_message(session, key, "pilot_review", to, message, now)
                    if review.week == FINAL and person.id == review.pilot.sponsor_member_id:
                        queued += await ask_sponsor(session, review.pilot, review.program, now)
        return queued

    async def message(
        self, session: AsyncSession, review: DueReview, now: datetime
    ) -> OutgoingMessage:
        program = review.program
        period = Period(program.starts_on, review.at.date())
        lines = await figures(
            session, review.pilot, program, review.milestone, period, self.metric_line
        )
        links = self.charts.links
        chart = None
        if links is not None and links.images_shown:
            units = tuple(await units_of(session, review.pilot, "target")) or None
            alt = _("A chart of the pilot's participation per round, with 95% intervals")
            chart = Image(links.chart_url((program.id,), units, now), alt)
        dashboard = links.dashboard_url if links else ""
        return review_messages.review_message(
            review.pilot.id, review.week, program.name, lines, chart, dashboard
        )

    async def next_due(self, session: AsyncSession) -> datetime | None:
        now = self.clock.now()
        if await self._unsent(session, now):
            return now
        later = [r.at for r in await scheduled_reviews(session, self.org_zone) if r.at > now]
        return min(later, default=None)

    async def _unsent(
        self, session: AsyncSession, now: datetime
    ) -> list[tuple[DueReview, list[Member]]]:
        reviews = await scheduled_reviews(session, self.org_zone)
        due = [r for r in reviews if now - STALE < r.at <= now]
        found = []
        for review in due:
            people = await reviewers(session, review.pilot)
            keys = [review.key(p.id) for p in people]
            sent = set(
                await session.scalars(
                    select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_(keys))
                )
            )
            unsent = [p for p in people if review.key(p.id) not in sent]
            if unsent:
                found.append((review, unsent))
        return found
