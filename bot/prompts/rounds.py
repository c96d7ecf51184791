"""The weekly round: open due prompts, remind once, close the round and share its digest."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import Member, Program, Prompt, Question, Round
from bot.db.upsert import insert_new
from bot.outbox.codec import message_to_dict
from bot.outbox.dispatch import delivery_row, enqueue
from bot.people.directory import is_paused, member_zone_column
from bot.programs.programs import audience_query
from bot.programs.questions import question_pool
from bot.prompts.lead_first import LEAD_EARLY_NOTE, lead_notes, lead_units
from bot.prompts.messages import PromptContent, prompt_message, with_prompt_id
from bot.prompts.rotation import choose_question
from bot.prompts.sharing import enqueue_digest
from bot.schedule import Cadence, parse_local_time, resolve_zone, within_working_hours


def cadence_of(program: Program) -> Cadence:
    return Cadence(
        program.anchor_week,
        program.cadence_weeks,
        program.weekday,
        parse_local_time(program.send_time),
    )


def content_of(program: Program, question: Question) -> PromptContent:
    return PromptContent(
        program.name, program.purpose, question.text, tuple(question.fields), program.share_mode
    )


class Prompting:
    """Scheduled work of the weekly prompt; every method is safe to run twice or in parallel."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, org_zone: str
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._org_zone = org_zone

    async def open_due_prompts(self) -> int:
        """Create each due member's prompt and its delivery; returns how many were opened."""
        now = self._clock.now()
        async with self._sessions() as session:
            programs = list(await session.scalars(select(Program).where(Program.active)))
        opened = 0
        for program in programs:
            async with self._sessions.begin() as session:
                opened += await self._open_for(session, program, now)
        return opened

    async def _open_for(self, session: AsyncSession, program: Program, now: datetime) -> int:
        cadence = cadence_of(program)
        window = timedelta(hours=program.answer_window_hours)
        audience = (
            await session.execute(
                audience_query(
                    program,
                    Member.id,
                    member_zone_column(),
                    Member.workspace_id,
                    Member.paused_until,
                    Member.unit,
                )
            )
        ).all()
        leads = await lead_units(session)
        early = timedelta(hours=program.lead_first_hours)
        by_zone: dict[tuple[str | None, bool], list[Any]] = defaultdict(list)
        for row in audience:
            by_zone[(row.tz, row.id in leads)].append(row)
        due: list[tuple[Any, int, datetime]] = []
        for (tz, lead), members in by_zone.items():
            zone = resolve_zone(tz, program.timezone, self._org_zone)
            ahead = early if lead else timedelta(0)  # leads go first
            cycle = cadence.due_cycle(now + ahead, zone, window + ahead)
            if cycle is None:
                continue
            send_at = cadence.send_at(cycle, zone)
            today = now.astimezone(zone).date()
            due += [(m, cycle, send_at) for m in members if not is_paused(m.paused_until, today)]
        if not due:
            return 0
        cycles = {cycle for _, cycle, _ in due}
        existing = {
            (member_id, cycle)
            for member_id, cycle in await session.execute(
                select(Prompt.member_id, Prompt.cycle).where(
                    Prompt.program_id == program.id, Prompt.cycle.in_(cycles)
                )
            )
        }
        due = [d for d in due if (d[0].id, d[1]) not in existing]
        if not due:
            return 0
        return await self._create_prompts(session, program, due, now)

    async def _create_prompts(
        self,
        session: AsyncSession,
        program: Program,
        due: list[tuple[Any, int, datetime]],
        now: datetime,
    ) -> int:
        pool = await question_pool(session, program.id)
        last_asked = await self._recent_questions(session, program, min(c for _, c, _ in due))
        window = timedelta(hours=program.answer_window_hours)
        remind = timedelta(hours=program.reminder_delay_hours)
        rows = [
            {
                "program_id": program.id,
                "cycle": cycle,
                "member_id": m.id,
                "question_id": choose_question(
                    pool, cycle, last_asked.get(m.id, {}), program.no_repeat_cycles
                ),
                "status": "open",
                "opened_at": now,
                "closes_at": send_at + window,
                "remind_at": reminder_time(max(send_at, now), remind, send_at + window)
                if program.reminder_delay_hours
                else None,
            }
            for m, cycle, send_at in due
        ]
        created = await insert_new(
            session, Prompt, rows, returning=[Prompt.id, Prompt.member_id, Prompt.question_id]
        )
        note_of = await self._lead_first_notes(session, program, due)
        questions = {
            q.id: q
            for q in await session.scalars(
                select(Question).where(Question.id.in_({q for _, _, q in created}))
            )
        }
        templates: dict[tuple[int, str], dict[str, Any]] = {}
        deliveries = []
        workspace_of = {m.id: m.workspace_id for m, _, _ in due}
        for prompt_id, member_id, question_id in created:
            key = (question_id, note_of.get(member_id, ""))
            if key not in templates:  # built once per question and note, then stamped
                templates[key] = message_to_dict(
                    prompt_message(0, content_of(program, questions[question_id]), lead_note=key[1])
                )
            deliveries.append(
                delivery_row(
                    f"prompt:{prompt_id}",
                    "prompt",
                    workspace_of[member_id],
                    with_prompt_id(templates[key], prompt_id),
                    now,
                    member_id=member_id,
                    prompt_id=prompt_id,
                )
            )
        await enqueue(session, deliveries)
        return len(created)

    async def _lead_first_notes(
        self, session: AsyncSession, program: Program, due: list[tuple[Any, int, datetime]]
    ) -> dict[int, str]:
        """Member id -> the lead-first line their prompt carries (if any)."""
        leads = await lead_units(session, [m.id for m, _, _ in due])
        notes = {
            cycle: await lead_notes(session, program.id, cycle) for cycle in {c for _, c, _ in due}
        }
        return {
            m.id: LEAD_EARLY_NOTE if m.id in leads else notes[cycle].get(m.unit, "")
            for m, cycle, _ in due
            if m.id in leads or m.unit in notes[cycle]
        }

    async def _recent_questions(
        self, session: AsyncSession, program: Program, first_cycle: int
    ) -> dict[int, dict[int, int]]:
        rows = await session.execute(
            select(Prompt.member_id, Prompt.question_id, func.max(Prompt.cycle))
            .where(
                Prompt.program_id == program.id,
                Prompt.cycle >= first_cycle - program.no_repeat_cycles,
            )
            .group_by(Prompt.member_id, Prompt.question_id)
        )
        recent: dict[int, dict[int, int]] = defaultdict(dict)
        for member_id, question_id, cycle in rows:
            recent[member_id][question_id] = cycle
        return recent

    async def _templates(
        self,
        session: AsyncSession,
        program: Program,
        question_ids: set[int],
        *,
        reminder: bool = False,
    ) -> dict[int, dict[str, Any]]:
        questions = await session.scalars(select(Question).where(Question.id.in_(question_ids)))
        return {
            q.id: message_to_dict(prompt_message(0, content_of(program, q), reminder=reminder))
            for q in questions
        }

    async def send_reminders(self) -> int:
        """One reminder per open prompt after the program's delay, only in local working hours."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(
                        Prompt.id,
                        Prompt.question_id,
                        Member.id.label("member_id"),
                        member_zone_column(),
                        Member.workspace_id,
                        Member.paused_until,
                        Program,
                    )
                    .join(Member, Prompt.member_id == Member.id)
                    .join(Program, Prompt.program_id == Program.id)
                    .where(
                        Prompt.status == "open",
                        Prompt.reminded_at.is_(None),
                        Prompt.remind_at <= now,
                        Prompt.closes_at > now,
                        Member.opted_out.is_(False),
                        Program.active.is_(True),
                    )
                )
            ).all()
            wanted = [
                row
                for row in rows
                if _reminder_allowed(
                    now,
                    resolve_zone(row.tz, row.Program.timezone, self._org_zone),
                    row.paused_until,
                )
            ]
            if not wanted:
                return 0
            claimed = set(
                await session.scalars(
                    update(Prompt)
                    .where(Prompt.id.in_([r.id for r in wanted]), Prompt.reminded_at.is_(None))
                    .values(reminded_at=now)
                    .returning(Prompt.id)
                )
            )
            deliveries = []
            for row in wanted:
                if row.id not in claimed:
                    continue
                template = (
                    await self._templates(session, row.Program, {row.question_id}, reminder=True)
                )[row.question_id]
                deliveries.append(
                    delivery_row(
                        f"reminder:{row.id}",
                        "reminder",
                        row.workspace_id,
                        with_prompt_id(template, row.id),
                        now,
                        member_id=row.member_id,
                        prompt_id=row.id,
                    )
                )
            return await enqueue(session, deliveries)

    async def close_rounds(self) -> int:
        """Mark unanswered prompts past their window as missed; close finished rounds."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await session.execute(
                update(Prompt)
                .where(Prompt.status == "open", Prompt.closes_at <= now)
                .values(status="missed")
            )
            candidates = (
                await session.execute(
                    select(Prompt.program_id, Prompt.cycle)
                    .outerjoin(
                        Round,
                        (Round.program_id == Prompt.program_id) & (Round.cycle == Prompt.cycle),
                    )
                    .where(Round.id.is_(None))
                    .group_by(Prompt.program_id, Prompt.cycle)
                    .having(func.max(Prompt.closes_at) <= now)
                )
            ).all()
            closed = 0
            for program_id, cycle in candidates:
                program = await session.get(Program, program_id)
                if program is None or now < await self._round_end(session, program, cycle):
                    continue
                if await insert_new(
                    session,
                    Round,
                    [{"program_id": program_id, "cycle": cycle, "closed_at": now}],
                    returning=[Round.id],
                ):
                    closed += 1
                    if program.share_mode == "digest":
                        await enqueue_digest(session, program, cycle, now)
            return closed

    async def _round_end(self, session: AsyncSession, program: Program, cycle: int) -> datetime:
        """When the last zone in the audience closes this cycle's window."""
        cadence = cadence_of(program)
        zones = set(await session.scalars(audience_query(program, member_zone_column()).distinct()))
        ends = [
            cadence.send_at(cycle, resolve_zone(tz, program.timezone, self._org_zone))
            for tz in zones or {None}
        ]
        return max(ends) + timedelta(hours=program.answer_window_hours)


def reminder_time(opened: datetime, delay: timedelta, closes: datetime) -> datetime | None:
    """The reminder is due `delay` after the prompt really opened, if still inside the window.

    A prompt that opens late (after a pause, or for a newcomer) waits its own delay.
    """
    due = opened + delay
    return due if due < closes else None


def _reminder_allowed(now: datetime, zone: ZoneInfo, paused_until: Any) -> bool:
    return within_working_hours(now, zone) and not is_paused(
        paused_until, now.astimezone(zone).date()
    )
