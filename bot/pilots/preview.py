"""`kmbot program preview NAME`: who gets what, when, in the next two weeks, by the rules the
jobs use (the cycles of bot.calendar.cycles, the rotation, the reminder's delay)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program, Prompt, Question
from bot.pilots import messages
from bot.programs import lifecycle
from bot.programs.programs import cadence_of
from bot.programs.questions import question_pool
from bot.prompts.due import group_cycles, reminder_time
from bot.prompts.groups import audience_groups
from bot.prompts.rotation import choose_question
from bot.schedule import Cadence, week_monday

HORIZON = timedelta(weeks=2)


@dataclass(frozen=True)
class Sending:
    """One prompt going out: to whom, which question, when it opens, reminds and closes."""

    member_id: int
    cycle: int
    question_id: int
    opens: datetime
    remind_at: datetime | None
    closes: datetime


def planned_cadence(program: Program, today: date) -> Cadence:
    """The cycles as they will run: a draft's as if launched today, a scheduled one's from its
    start (launching re-anchors cycle 0 on the launch week)."""
    cadence = cadence_of(program)
    if program.status == lifecycle.DRAFT:
        return replace(cadence, anchor_week=week_monday(max(today, program.starts_on or today)))
    if program.status == lifecycle.SCHEDULED and program.starts_on is not None:
        return replace(cadence, anchor_week=week_monday(program.starts_on))
    return cadence


async def sendings(
    session: AsyncSession, program: Program, now: datetime, org_zone: str
) -> list[Sending]:
    """Every prompt the program would send from `now` to `now + HORIZON`, earliest first."""
    if program.status in (lifecycle.ENDED, lifecycle.ARCHIVED):
        return []
    cadence = planned_cadence(program, now.date())
    window = timedelta(hours=program.answer_window_hours)
    first_day = program.starts_on if program.status != lifecycle.ACTIVE else None
    pool = await question_pool(session, program.id)
    history: dict[int, dict[int, int]] = defaultdict(dict)
    sent: set[tuple[int, int]] = set()
    for member_id, question_id, cycle in await session.execute(
        select(Prompt.member_id, Prompt.question_id, func.max(Prompt.cycle))
        .where(Prompt.program_id == program.id)
        .group_by(Prompt.member_id, Prompt.question_id)
    ):
        history[member_id][question_id] = cycle
        sent.add((member_id, cycle))
    found = []
    for group in await audience_groups(session, program, org_zone):
        cycles = group_cycles(cadence, group, window)
        latest = cadence.latest_cycle(now, group.zone)
        start = max((latest or 0) - 1, 0)
        for cycle in range(start, start + 2 * 12 + 2):
            times = cycles.times(cycle)
            if times is None or times.opens >= now + HORIZON:
                continue
            if times.closes <= now or (first_day and times.send_at.date() < first_day):
                continue
            remind = (
                reminder_time(
                    times.opens, timedelta(hours=program.reminder_delay_hours), times.closes
                )
                if program.reminder_delay_hours
                else None
            )
            opens = max(times.opens, now)  # a window open now: the next tick sends it
            for member in group.members:
                if (member.id, cycle) in sent:
                    continue
                asked = history[member.id]
                question = choose_question(pool, cycle, asked, program.no_repeat_cycles)
                found.append(Sending(member.id, cycle, question, opens, remind, times.closes))
    return sorted(found, key=lambda s: (s.opens, s.member_id))


async def preview_text(
    session: AsyncSession, program: Program, now: datetime, org_zone: str
) -> str:
    """The preview, one line per moment and question, with whom it reaches."""
    planned = await sendings(session, program, now, org_zone)
    header = messages.preview_header(
        program.name, lifecycle.status_label(program), now, now + HORIZON
    )
    if not planned:
        return f"{header}\n{messages.PREVIEW_NOTHING}"
    ids = {s.member_id for s in planned}
    names = {
        member_id: name or external
        for member_id, name, external in await session.execute(
            select(Member.id, Member.display_name, Member.external_id).where(Member.id.in_(ids))
        )
    }
    texts: dict[int, str] = {
        question_id: text
        for question_id, text in await session.execute(
            select(Question.id, Question.text).where(
                Question.id.in_({s.question_id for s in planned})
            )
        )
    }
    moments: dict[tuple[datetime, int, int], list[Sending]] = defaultdict(list)
    for sending in planned:
        moments[(sending.opens, sending.cycle, sending.question_id)].append(sending)
    lines = [header]
    for (opens, cycle, question_id), group in moments.items():
        people = sorted(names[s.member_id] for s in group)
        lines.append(messages.preview_line(opens, cycle, texts[question_id], people))
        lines.append(
            messages.preview_followups(group[0].remind_at, group[0].closes, program.share_mode)
        )
    return "\n".join(lines)
