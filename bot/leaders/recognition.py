"""Recognition: each lead sees the team's answers with a Thank button; champions get a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import Image, OutgoingMessage, Response
from bot.clock import Clock
from bot.db.leader_models import Thanks, UnitLead
from bot.db.models import Delivery, Member, Prompt, Reply
from bot.db.upsert import insert_new
from bot.evidence.links import ChartLinks, ChartSlot
from bot.evidence.summary import programs_summary, team_summary
from bot.i18n import _, speaking
from bot.leaders.messages import recognition_message, summary_message, thanked_message
from bot.leaders.rules import RECENT
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.prompts.scope import shown_in_team_views
from bot.schedule import WORKDAY_START, iso_week, resolve_zone, within_working_hours


def _team_answers_since(since: datetime, *columns: Any) -> Select[Any]:
    """Open answers written since `since`, each beside the lead of its author's unit."""
    return (
        select(*columns)
        .select_from(UnitLead)
        .join(Member, Member.unit == UnitLead.unit)
        .join(Reply, Reply.member_id == Member.id)
        .where(
            Member.id != UnitLead.member_id,
            Reply.created_at >= since,
            shown_in_team_views(),
        )
    )


async def team_answers(
    session: AsyncSession, lead: Member, since: datetime
) -> list[tuple[int, str, str]]:
    """(reply id, author, text) of the lead's team's open answers since `since`."""
    rows = await session.execute(
        _team_answers_since(since, Reply.id, Reply.visibility, Member.display_name, Reply.answers)
        .where(UnitLead.member_id == lead.id)
        .order_by(Reply.created_at)
    )
    return [
        (rid, name if visibility == "shared" else "Anonymous", answers[0]["text"])
        for rid, visibility, name, answers in rows
    ]


async def leads_with_team_answers(
    session: AsyncSession, lead_ids: list[int], since: datetime
) -> set[int]:
    """Which of these leads have an open answer from their team since `since` (one query)."""
    query = _team_answers_since(since, UnitLead.member_id).where(UnitLead.member_id.in_(lead_ids))
    return set(await session.scalars(query.distinct()))


async def recognition_for(
    session: AsyncSession,
    lead: Member,
    now: datetime,
    weekly: bool = False,
    links: ChartLinks | None = None,
) -> OutgoingMessage:
    """The team's open answers with Thank buttons; the `weekly` (Monday) one leads with the
    team's figures, and a chart of them and the dashboard's address when kmbot serves them."""
    answers = await team_answers(session, lead, now - RECENT)
    if not weekly:
        return recognition_message(_("Your team"), iso_week(now.date()), answers)
    led = select(UnitLead.unit).where(UnitLead.member_id == lead.id)
    units = sorted(await session.scalars(led))
    lines, program_ids = await team_summary(session, units, now)
    chart = _chart(links, program_ids, tuple(units), now, _("your team's participation"))
    dashboard = links.dashboard_url if links else ""
    return recognition_message(
        _("Your team"), iso_week(now.date()), answers, lines, chart, dashboard
    )


def _chart(
    links: ChartLinks | None,
    program_ids: list[int],
    units: tuple[str, ...] | None,
    now: datetime,
    what: str,
) -> Image | None:
    if links is None or not links.images_shown or not program_ids:
        return None
    url = links.chart_url(tuple(program_ids), units, now)
    alt = _("A chart of {what} per round over the past weeks, with 95% intervals")
    return Image(url, alt.format(what=what))


async def thank(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """A thank-you reaches the author, once per answer and person."""
    reply = await session.get(Reply, int(value)) if value.isdigit() else None
    if reply is None:
        return Response(text=_("That answer is no longer available."))
    added = await insert_new(
        session,
        Thanks,
        [{"reply_id": reply.id, "member_id": member.id, "created_at": now}],
        returning=[Thanks.reply_id],
    )
    if not added:
        return Response(text=_("You already thanked them for this one."))
    author = await session.get(Member, reply.member_id)
    if author is not None and author.id != member.id:
        with speaking(member_language(author)):
            name = member.display_name or _("A colleague")
            message = thanked_message(name, reply.answers[0]["text"])
        to = ToMember(author.workspace_id, author.id)
        await enqueue_message(session, f"thanks:{reply.id}:{member.id}", "thanks", to, message, now)
    return Response(text=_("Thank-you sent. They'll know it was you."))


async def _any_round_ran(session: AsyncSession) -> bool:
    """Whether any program ever sent a prompt (the summary lists only running programs)."""
    return await session.scalar(select(Prompt.id).limit(1)) is not None


@dataclass(frozen=True)
class Recognition:
    """Weekly digests to leads and weekly summaries to champions and admins."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    charts: ChartSlot = field(default_factory=ChartSlot)

    async def send_weekly(self) -> int:
        """On Mondays in each person's working hours: leads' digests, champions' summaries."""
        now = self.clock.now()
        queued = 0
        links = self.charts.links
        async with self.sessions.begin() as session:
            summaries: dict[str, tuple[list[str], list[int]]] = {}
            for person, week, key in await self._open_now(session, now):
                language = member_language(person)
                with speaking(language):
                    if person.role == "lead":
                        message = await recognition_for(session, person, now, True, links)
                        if not message.buttons:
                            continue
                    else:  # the summary's figures are worked out once per language
                        if language not in summaries:
                            summaries[language] = await programs_summary(session, now)
                        lines, ids = summaries[language]
                        chart = _chart(links, ids, None, now, _("each program's participation"))
                        dashboard = links.dashboard_url if links else ""
                        ran = not lines and await _any_round_ran(session)
                        message = summary_message(week, lines, chart, dashboard, ran)
                to = ToMember(person.workspace_id, person.id)
                queued += await enqueue_message(session, key, "digest", to, message, now)
        return queued

    async def next_weekly(self, session: AsyncSession) -> datetime | None:
        """When `send_weekly` next has a digest or a summary to send.

        Only a Monday window open right now needs the outbox and the answers read; otherwise
        it is each person's next Monday morning.
        """
        now = self.clock.now()
        people = await self._people(session)
        later = {p.id: self._next_monday(p, now) for p in people}
        unsent = {p.id for p, _, _ in await self._open_now(session, now, people)}
        open_leads = [p.id for p in people if later[p.id] == now and p.role == "lead"]
        answered = (
            await leads_with_team_answers(session, open_leads, now - RECENT)
            if open_leads
            else set()
        )
        moments = []
        for person in people:
            if later[person.id] > now:
                moments.append(later[person.id])
            elif person.id not in unsent:  # sent this week: next Monday
                moments.append(self._next_monday(person, now + timedelta(days=1)))
            elif person.role != "lead" or person.id in answered:
                return now
            # A lead without team answers of the past week gets nothing on a later Monday
            # either, unless someone answers (a database change).
        return min(moments, default=None)

    async def _people(self, session: AsyncSession) -> list[Member]:
        return list(
            await session.scalars(
                select(Member).where(
                    Member.active,
                    Member.opted_out.is_(False),
                    Member.role.in_(("lead", "champion", "admin")),
                )
            )
        )

    def _next_monday(self, person: Member, now: datetime) -> datetime:
        """The first moment from `now` inside the person's Monday working hours."""
        zone = resolve_zone(person.zone_name, self.org_zone)
        local = now.astimezone(zone)
        days = (7 - local.weekday()) % 7
        monday = local.date() + timedelta(days=days)
        moment = max(now, datetime.combine(monday, WORKDAY_START, tzinfo=zone))
        if moment.astimezone(zone).date() != monday or not within_working_hours(moment, zone):
            moment = datetime.combine(monday + timedelta(weeks=1), WORKDAY_START, tzinfo=zone)
        return moment.astimezone(UTC)

    async def _open_now(
        self, session: AsyncSession, now: datetime, people: list[Member] | None = None
    ) -> list[tuple[Member, str, str]]:
        """(person, week, key) of everyone in their Monday working hours now whose weekly
        message is not in the outbox yet."""
        people = people if people is not None else await self._people(session)
        due = []
        for person in people:
            if self._next_monday(person, now) == now:
                zone = resolve_zone(person.zone_name, self.org_zone)
                week = iso_week(now.astimezone(zone).date())
                kind = "recognition" if person.role == "lead" else "summary"
                due.append((person, week, f"{kind}:{person.id}:{week}"))
        if not due:
            return []
        sent = set(
            await session.scalars(
                select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_([k for _, _, k in due]))
            )
        )
        return [entry for entry in due if entry[2] not in sent]
