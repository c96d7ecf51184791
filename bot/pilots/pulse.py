"""The baseline pulse: three items in chat to a pilot's target and comparison units at launch
("baseline"), when each milestone week is over ("week N") and at its end ("end"), one row
per member per wave, answered one button at a time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import PILOT_PULSE
from bot.chat import Button, OutgoingMessage, Response
from bot.db.models import Member, Program, Workspace
from bot.db.pilot_baseline_models import PilotPulseAnswer
from bot.db.pilot_models import Pilot, PilotMilestone, PilotUnit
from bot.i18n import _, spoken
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.languages import member_language
from bot.pilots import messages
from bot.programs import lifecycle
from bot.schedule import is_paused, resolve_zone

BASELINE = "baseline"
END = "end"
HOURS = dict(messages.PULSE_HOURS)
SEND_AT = time(9, tzinfo=UTC)


def milestone_wave(week: int) -> str:
    return f"week {week}"


def pulse_message(answer_id: int, item: str, first: bool = False) -> OutgoingMessage:
    """One item with its buttons; the first also says what the survey is and who sees it."""
    if item == "hours":
        choices = [(str(hours), _(label)) for hours, label in messages.PULSE_HOURS]
        lines = [messages.pulse_question(item)]
    else:
        choices = [(str(n), str(n)) for n in range(1, 6)]
        lines = [messages.pulse_question(item), messages.pulse_scale()]
    if first:
        lines.insert(0, messages.pulse_intro())
    return OutgoingMessage(
        text="\n\n".join(lines),
        buttons=tuple(
            Button(PILOT_PULSE, label, f"{answer_id}:{item}:{value}") for value, label in choices
        ),
    )


async def send_wave(session: AsyncSession, pilot: Pilot, wave: str, now: datetime) -> int:
    """The wave's first item to every active, opted-in member of the target and comparison
    units who has not had it yet and is not paused (left out of this wave, as out of a
    prompt); how many it was sent to."""
    found = await session.execute(
        select(PilotUnit.unit, PilotUnit.role).where(PilotUnit.pilot_id == pilot.id)
    )
    units = {unit: role for unit, role in found}
    had = set(
        await session.scalars(
            select(PilotPulseAnswer.member_id).where(
                PilotPulseAnswer.pilot_id == pilot.id, PilotPulseAnswer.wave == wave
            )
        )
    )
    people = [
        m
        for m in await session.scalars(
            select(Member)
            .join(Workspace, Workspace.id == Member.workspace_id)
            .where(Member.unit.in_(units), Member.active.is_(True), Member.opted_out.is_(False))
            .where(Workspace.active.is_(True))
            .order_by(Member.id)
        )
        if m.id not in had and not _paused(m, now)
    ]
    rows = [
        PilotPulseAnswer(
            pilot_id=pilot.id, wave=wave, member_id=m.id, role=units[m.unit], sent_at=now
        )
        for m in people
    ]
    session.add_all(rows)
    await session.flush()
    await enqueue_messages(
        session,
        [
            Outgoing(
                f"pulse:{row.id}",
                "pulse",
                ToMember(m.workspace_id, m.id),
                spoken(member_language(m), pulse_message, row.id, "find", True),
            )
            for m, row in zip(people, rows, strict=True)
        ],
        now,
    )
    return len(rows)


def _paused(member: Member, now: datetime) -> bool:
    """A paused member (`pause`, a vacation) gets no wave sent while paused, as no prompt."""
    return is_paused(member.paused_until, now.astimezone(resolve_zone(member.zone_name)).date())


async def record_choice(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> Response:
    """Store one item's answer, then ask the next one (or thank)."""
    answer_id, _sep, rest = value.partition(":")
    item, _sep, choice = rest.partition(":")
    row = await session.get(PilotPulseAnswer, int(answer_id)) if answer_id.isdigit() else None
    valid = {"find": {"1", "2", "3", "4", "5"}, "ask": {"1", "2", "3", "4", "5"}}
    valid["hours"] = {str(h) for h in HOURS}
    if row is None or row.member_id != member.id or choice not in valid.get(item, ()):
        return Response(text=_(messages.PULSE_GONE))
    if item == "find":
        row.find_score = int(choice)
    elif item == "ask":
        row.ask_score = int(choice)
    else:
        row.hours_lost = float(choice)
    row.answered_at = now
    following = messages.PULSE_ITEMS.index(item) + 1
    if following < len(messages.PULSE_ITEMS):
        return Response(message=pulse_message(row.id, messages.PULSE_ITEMS[following]))
    return Response(text=messages.pulse_thanks())


def wave_times(program: Program, milestones: list[int]) -> dict[str, datetime]:
    """When each milestone wave goes: 09:00 UTC on the day after week N is over."""
    if program.starts_on is None:
        return {}
    return {
        milestone_wave(w): datetime.combine(program.starts_on + timedelta(days=7 * w), SEND_AT)
        for w in milestones
    }


async def send_due_waves(session: AsyncSession, now: datetime) -> int:
    """The milestone waves of active pilots whose day has come (each sent once)."""
    sent = 0
    pilots = await session.execute(
        select(Pilot, Program)
        .join(Program, Program.id == Pilot.program_id)
        .where(Program.status == lifecycle.ACTIVE)
    )
    for pilot, program in pilots:
        weeks = list(
            await session.scalars(
                select(PilotMilestone.week).where(PilotMilestone.pilot_id == pilot.id)
            )
        )
        for wave, at in wave_times(program, weeks).items():
            if at <= now and not await _wave_started(session, pilot, wave):
                sent += await send_wave(session, pilot, wave, now)
    return sent


async def _wave_started(session: AsyncSession, pilot: Pilot, wave: str) -> bool:
    found = await session.scalar(
        select(PilotPulseAnswer.id)
        .where(PilotPulseAnswer.pilot_id == pilot.id, PilotPulseAnswer.wave == wave)
        .limit(1)
    )
    return found is not None


async def next_wave_time(session: AsyncSession, now: datetime) -> datetime | None:
    """The next milestone wave's day among active pilots, for the calendar job's timer."""
    rows = await session.execute(
        select(Program, PilotMilestone.week)
        .join(Pilot, Pilot.program_id == Program.id)
        .join(PilotMilestone, PilotMilestone.pilot_id == Pilot.id)
        .where(Program.status == lifecycle.ACTIVE)
    )
    times = [t for program, week in rows for t in wave_times(program, [week]).values()]
    return min((t for t in times if t > now), default=None)


async def pilot_of(session: AsyncSession, program: Program) -> Pilot | None:
    return await session.scalar(select(Pilot).where(Pilot.program_id == program.id))
