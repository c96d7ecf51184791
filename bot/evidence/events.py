"""Events and participation: for those who went to an event, the share of a program's prompts
they answered in the 4 weeks after it against the 4 weeks before, with Wilson intervals and
nothing shown behind fewer than 5 people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.event_models import Event, EventInvite
from bot.db.models import Prompt
from bot.evidence.figures import Difference, Period, Proportion
from bot.evidence.render import percent, points
from bot.evidence.scope import Selection
from bot.evidence.stats import difference, proportion

WINDOW = timedelta(weeks=4)
SETTLED = ("answered", "skipped", "missed")  # an open prompt is not counted yet


@dataclass(frozen=True)
class EventEffect:
    """One event: how many went, and their participation before and after it."""

    event_id: int
    title: str
    day: date
    went: int
    before: Proportion
    after: Proportion
    change: Difference


async def event_effects(
    session: AsyncSession, program_id: int, period: Period, now: datetime
) -> list[EventEffect]:
    """Each event for `program_id` (or for units, with no program) that is over, held in
    `period`, oldest first; prompts of `program_id` count, settled ones only."""
    conditions = [
        Event.status != "cancelled",
        Event.ends_at <= now,
        or_(Event.program_id == program_id, Event.program_id.is_(None)),
        *Selection(program_id, period).within(Event.starts_at),
    ]
    events = list(await session.scalars(select(Event).where(*conditions).order_by(Event.starts_at)))
    return [await _effect(session, program_id, event) for event in events]


async def _effect(session: AsyncSession, program_id: int, event: Event) -> EventEffect:
    went = select(EventInvite.member_id).where(
        EventInvite.event_id == event.id, EventInvite.status == "going"
    )
    people = len(list(await session.scalars(went)))
    before_p = await _answered(session, program_id, went, event.starts_at - WINDOW, event.starts_at)
    after_p = await _answered(session, program_id, went, event.ends_at, event.ends_at + WINDOW)
    return EventEffect(
        event.id,
        event.title,
        event.starts_at.date(),
        people,
        before_p,
        after_p,
        difference(after_p, before_p),
    )


async def _answered(
    session: AsyncSession, program_id: int, went: Select[int], start: datetime, end: datetime
) -> Proportion:
    """Answered of asked among the settled prompts opened from `start` to `end`, behind the
    people who had one (fewer than 5: no figure)."""
    answered, asked, people = (
        await session.execute(
            select(
                func.count().filter(Prompt.status == "answered"),
                func.count(),
                func.count(distinct(Prompt.member_id)),
            ).where(
                Prompt.program_id == program_id,
                Prompt.member_id.in_(went),
                Prompt.status.in_(SETTLED),
                Prompt.opened_at >= start,
                Prompt.opened_at < end,
            )
        )
    ).one()
    return proportion(int(answered), int(asked), people=int(people))


def events_text(effects: list[EventEffect]) -> str:
    """The report's events section: one line an event."""
    if not effects:
        return ""
    lines = ["Events (those who went; their prompts 4 weeks before → 4 weeks after):"]
    for e in effects:
        lines.append(
            f"  {e.day.isoformat()} {e.title}: {e.went} went; answered "
            f"{percent(e.before)} before, {percent(e.after)} after; change {points(e.change)}"
        )
    return "\n".join(lines)


def events_json(effects: list[EventEffect]) -> list[dict[str, object]]:
    """The events section as JSON: counts and rates, none behind fewer than 5 people."""

    def share(p: Proportion) -> dict[str, object]:
        if p.too_few:
            return {"too_few": True}
        return {"answered": p.k, "asked": p.n, "rate": p.rate, "low": p.low, "high": p.high}

    return [
        {
            "event_id": e.event_id,
            "title": e.title,
            "date": e.day.isoformat(),
            "went": e.went,
            "before": share(e.before),
            "after": share(e.after),
            "change": None
            if e.change.too_few
            else {"estimate": e.change.estimate, "low": e.change.low, "high": e.change.high},
        }
        for e in effects
    ]
