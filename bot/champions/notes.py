"""Each champion's weekly note about their own unit (a champion's unit is their member unit),
sent once a week, Monday in their working hours, through the outbox (one key a champion and
week, so replicas send it once)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.champions.messages import Answer, QuietRound, champion_note
from bot.clock import Clock
from bot.db.archive_models import ReuseEvent
from bot.db.leader_models import Thanks
from bot.db.models import Delivery, Member, Program, Prompt, Reply
from bot.evidence.figures import MIN_PEOPLE
from bot.i18n import speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.schedule import WORKDAY_START, iso_week, next_working_moment, resolve_zone, week_monday

WEEK = timedelta(days=7)
RECENT_ROUNDS = 4  # the rounds a unit's last one is compared with
QUIET_DROP = 0.2  # "well below": 20 points under the recent rounds' average
SHOWN = 5  # unacknowledged answers listed at most


async def quiet_rounds(session: AsyncSession, unit: str) -> list[QuietRound]:
    """Programs whose last closed round in `unit` fell well below its recent ones; only
    rounds where at least MIN_PEOPLE of the unit were asked count."""
    answered = func.sum(case((Prompt.status == "answered", 1), else_=0))
    rows = await session.execute(
        select(Program.name, Prompt.cycle, func.count(), answered)
        .join(Member, Member.id == Prompt.member_id)
        .join(Program, Program.id == Prompt.program_id)
        .where(Member.unit == unit, Prompt.status != "open")
        .group_by(Program.name, Prompt.cycle)
        .order_by(Program.name, Prompt.cycle)
    )
    rates: dict[str, list[float]] = defaultdict(list)
    for program, _cycle, asked, done in rows:
        if asked >= MIN_PEOPLE:
            rates[str(program)].append(int(done or 0) / int(asked))
    quiet = []
    for program, shares in rates.items():
        if len(shares) < 2:
            continue
        last, before = shares[-1], shares[-1 - RECENT_ROUNDS : -1]
        usual = sum(before) / len(before)
        if last <= usual - QUIET_DROP:
            quiet.append(QuietRound(program, last, usual))
    return quiet


def _shared_in(unit: str, since: datetime) -> Any:
    return (
        select(Reply.id, Member.display_name, Reply.answers, Reply.helpful_count)
        .join(Member, Member.id == Reply.member_id)
        .where(
            Member.unit == unit,
            Member.role != "champion",
            Reply.visibility == "shared",  # named: never a private or anonymous answer
            Reply.created_at >= since,
        )
    )


async def unacknowledged(session: AsyncSession, unit: str, since: datetime) -> list[Answer]:
    """Shared answers since `since` with no Helpful, no reuse and no thanks."""
    query = _shared_in(unit, since).where(
        Reply.helpful_count == 0,
        ~exists().where(Thanks.reply_id == Reply.id),
        ~exists().where(ReuseEvent.reply_id == Reply.id),
    )
    rows = await session.execute(query.order_by(Reply.created_at).limit(SHOWN))
    return [Answer(name or "", answers[0]["text"]) for _, name, answers, _n in rows]


async def lesson_of_the_week(session: AsyncSession, unit: str, since: datetime) -> Answer | None:
    """The most Helpful named answer since `since`."""
    query = _shared_in(unit, since).where(Reply.helpful_count > 0)
    row = (
        await session.execute(query.order_by(Reply.helpful_count.desc(), Reply.id).limit(1))
    ).first()
    return None if row is None else Answer(row[1] or "", row[2][0]["text"], int(row[3]))


@dataclass(frozen=True)
class ChampionNotes:
    """The `champions.weekly` job."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    def _moment(self, champion: Member, now: datetime) -> datetime:
        """This week's Monday morning (the first working moment of the week) for them."""
        zone = resolve_zone(champion.zone_name, self.org_zone)
        monday = week_monday(now.astimezone(zone).date())
        start = datetime.combine(monday, WORKDAY_START, tzinfo=zone)
        return next_working_moment(start, zone, weekdays_only=True).astimezone(UTC)

    def _key(self, champion: Member, now: datetime) -> str:
        zone = resolve_zone(champion.zone_name, self.org_zone)
        return f"champion-note:{champion.id}:{iso_week(now.astimezone(zone).date())}"

    async def _champions(self, session: AsyncSession) -> list[Member]:
        query = select(Member).where(Member.active, Member.role == "champion", Member.unit != "")
        return list(await session.scalars(query.order_by(Member.id)))

    async def _due(self, session: AsyncSession, now: datetime) -> list[Member]:
        champions = [c for c in await self._champions(session) if self._moment(c, now) <= now]
        keys = [self._key(c, now) for c in champions]
        sent = set(
            await session.scalars(select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_(keys)))
        )
        return [c for c in champions if self._key(c, now) not in sent]

    async def send_due(self) -> int:
        now = self.clock.now()
        queued = 0
        async with self.sessions.begin() as session:
            for champion in await self._due(session, now):
                unit = str(champion.unit)
                since = now - WEEK
                with speaking(member_language(champion)):
                    message = champion_note(
                        unit,
                        iso_week(now.date()),
                        await quiet_rounds(session, unit),
                        await unacknowledged(session, unit, since),
                        await lesson_of_the_week(session, unit, since),
                    )
                to = ToMember(champion.workspace_id, champion.id)
                key = self._key(champion, now)
                queued += await enqueue_message(session, key, "champion_note", to, message, now)
        return queued

    async def next_due(self, session: AsyncSession) -> datetime | None:
        now = self.clock.now()
        if await self._due(session, now):
            return now
        moments = []
        for champion in await self._champions(session):
            moment = self._moment(champion, now)
            moments.append(moment if moment > now else self._moment(champion, now + WEEK))
        return min(moments, default=None)
