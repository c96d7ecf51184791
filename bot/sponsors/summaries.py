"""The sponsors' monthly summary: on the first weekday of a month, from 09:00 their time,
each sponsor gets last month's summary of each program they endorse, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import Member
from bot.db.sponsor_models import ProgramEndorsement, SponsorSummary
from bot.db.upsert import insert_new
from bot.i18n import speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.schedule import resolve_zone
from bot.sponsors.figures import month_bounds, monthly_figures, next_month
from bot.sponsors.messages import summary_message

SEND_AT = time(9, 0)
SATURDAY = 5


def summary_moment(month: date, zone: ZoneInfo) -> datetime:
    """When `month`'s summary is due: 09:00 local on the first weekday of the next month."""
    day = next_month(month)
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return datetime.combine(day, SEND_AT, tzinfo=zone).astimezone(UTC)


def month_before(moment: datetime, zone: ZoneInfo) -> date:
    """The first day of the month before the one `moment` falls in, locally."""
    this_month = moment.astimezone(zone).date().replace(day=1)
    return (this_month - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Sponsorship:
    """A program's sponsor and the month whose summary they get next."""

    endorsement: ProgramEndorsement
    sponsor: Member
    month: date
    due_at: datetime


@dataclass(frozen=True)
class SponsorSummaries:
    """Sends each sponsor their monthly summaries (the `sponsors.monthly` job)."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def send_due(self) -> int:
        """Queue every summary due now and not sent yet; the unique row keeps each one once."""
        now = self.clock.now()
        queued = 0
        async with self.sessions.begin() as session:
            for due in await self._sponsorships(session, now):
                if due.due_at > now:
                    continue
                program_id, sponsor = due.endorsement.program_id, due.sponsor
                row = {"program_id": program_id, "member_id": sponsor.id, "month": due.month}
                created = await insert_new(
                    session, SponsorSummary, [{**row, "sent_at": now, "thanked": 0}],
                    returning=[SponsorSummary.id],
                )  # fmt: skip
                if not created:
                    continue
                summary_id = created[0][0]
                with speaking(member_language(sponsor)):  # the sponsor's language
                    figures = await monthly_figures(session, program_id, due.month, sponsor.id)
                    message = summary_message(summary_id, figures)
                to = ToMember(sponsor.workspace_id, sponsor.id)
                key = f"sponsor-summary:{summary_id}"
                queued += await enqueue_message(session, key, "sponsor_summary", to, message, now)
        return queued

    async def next_summary(self, session: AsyncSession) -> datetime | None:
        """When `send_due` next has a summary to send."""
        now = self.clock.now()
        return min((d.due_at for d in await self._sponsorships(session, now)), default=None)

    async def _sponsorships(self, session: AsyncSession, now: datetime) -> list[Sponsorship]:
        """Each active sponsor's next summary: last month's when it is not sent yet and the
        program was endorsed before that month ended, else this month's."""
        rows = await session.execute(
            select(ProgramEndorsement, Member)
            .join(Member, Member.id == ProgramEndorsement.member_id)
            .where(Member.active, Member.opted_out.is_(False))
        )
        sent = {
            tuple(row)
            for row in await session.execute(
                select(SponsorSummary.program_id, SponsorSummary.member_id, SponsorSummary.month)
            )
        }
        found = []
        for endorsement, sponsor in rows:
            zone = resolve_zone(sponsor.zone_name, self.org_zone)
            month = month_before(now, zone)
            key = (endorsement.program_id, sponsor.id, month)
            if key in sent or endorsement.set_at >= month_bounds(month)[1]:
                month = next_month(month)
            found.append(Sponsorship(endorsement, sponsor, month, summary_moment(month, zone)))
        return found
