"""The weekly round: open due prompts, remind once, close the round and share its digest."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.working_days import calendar_for
from bot.clock import Clock
from bot.db.bulk import insert_new_bulk
from bot.db.models import Member, Program, Prompt, Question, Round
from bot.db.upsert import insert_new
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.directory import member_zone_column
from bot.programs.programs import audience_query, cadence_of
from bot.programs.questions import question_pool
from bot.prompts.closing import unclosed_rounds
from bot.prompts.content import content_of
from bot.prompts.due import (
    AudienceMember,
    DuePrompt,
    OpeningPlan,
    group_audience,
    open_cycle,
    plan_openings,
    reminder_moment,
    reminder_time,
)
from bot.prompts.lead_first import LEAD_EARLY_NOTE, lead_notes, lead_units
from bot.prompts.messages import PromptContent, prompt_message
from bot.prompts.reminders import Unreminded, unreminded
from bot.prompts.rotation import choose_question
from bot.prompts.sharing import enqueue_digest
from bot.schedule import resolve_zone

OPEN_CHUNK = 5_000  # prompts opened (with their deliveries) per transaction


@dataclass(frozen=True)
class _Opening:
    """The question rotation, the units' leads and their lines for one program's openings."""

    pool: list[int]
    last_asked: dict[int, dict[int, int]]  # member id -> question id -> last cycle asked
    leads: dict[int, set[str]]
    notes: dict[int, dict[str, str]]  # cycle -> unit -> the line its team's prompts carry
    contents: dict[int, PromptContent]  # question id -> wording, filled as questions are used

    def lead_first_notes(self, due: list[DuePrompt]) -> dict[int, str]:
        """Member id -> the lead-first line their prompt carries (if any)."""
        leads, notes = self.leads, self.notes
        return {
            d.member.id: LEAD_EARLY_NOTE if d.member.id in leads else notes[d.cycle][d.member.unit]
            for d in due
            if d.member.id in leads or d.member.unit in notes[d.cycle]
        }


@dataclass(frozen=True)
class Prompting:
    """Scheduled work of the weekly prompt; every method is safe to run twice or in parallel.

    Each job has a `next_…` twin: the earliest moment it may have work, computed by the same
    rules, so a fake clock can jump there instead of ticking.
    """

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    privacy_url: str = ""  # the /privacy page each prompt links to ("": no link)

    async def open_due_prompts(self) -> int:
        """Create each due member's prompt and its delivery; returns how many were opened."""
        now = self.clock.now()
        opened = 0
        for program in await self._active_programs():
            async with self.sessions.begin() as session:
                plan = await self._plan(session, program, now)
                if not plan.due:
                    continue
                opening = await self._opening(session, program, plan.due)
                writers = 2 if session.get_bind().dialect.name == "postgresql" else 1
            opened += await self._open_in_chunks(program, plan.due, now, opening, writers)
        return opened

    async def _open_in_chunks(
        self,
        program: Program,
        due: list[DuePrompt],
        now: datetime,
        opening: _Opening,
        writers: int,
    ) -> int:
        """Each chunk's prompts and deliveries commit together; a crash between chunks leaves
        the rest due, and the next tick opens them (the unique keys keep each one once).

        On PostgreSQL two `writers` have a chunk in flight each, so one chunk is built while the
        database stores the other; SQLite has one writer, so its chunks go one after another.
        """
        chunks = [due[start : start + OPEN_CHUNK] for start in range(0, len(due), OPEN_CHUNK)]
        chunks.reverse()

        async def writer() -> int:
            opened = 0
            while chunks:
                chunk = chunks.pop()
                async with self.sessions.begin() as session:
                    opened += await self._create_prompts(session, program, chunk, now, opening)
            return opened

        return sum(await asyncio.gather(*(writer() for _ in range(min(writers, len(chunks))))))

    async def next_opening(self, session: AsyncSession) -> datetime | None:
        """When `open_due_prompts` next has someone to prompt."""
        now = self.clock.now()
        moments = [
            (await self._plan(session, program, now)).next_at
            for program in await session.scalars(select(Program).where(Program.active))
        ]
        return min((m for m in moments if m is not None), default=None)

    async def _active_programs(self) -> list[Program]:
        async with self.sessions() as session:
            return list(await session.scalars(select(Program).where(Program.active)))

    def _zone(self, tz: str | None, program: Program) -> ZoneInfo:
        return resolve_zone(tz, program.timezone, self.org_zone)

    async def _plan(self, session: AsyncSession, program: Program, now: datetime) -> OpeningPlan:
        audience = [
            AudienceMember(*row)
            for row in await session.execute(
                audience_query(
                    program,
                    Member.id,
                    member_zone_column(),
                    Member.workspace_id,
                    Member.paused_until,
                    Member.unit,
                    Member.country,
                )
            )
        ]
        groups = group_audience(
            audience,
            await lead_units(session),
            lambda tz: self._zone(tz, program),
            timedelta(hours=program.lead_first_hours),
            lambda country: calendar_for(country, program.blackout_dates),
        )
        cadence = cadence_of(program)
        window = timedelta(hours=program.answer_window_hours)
        cycles = {open_cycle(cadence, group, window, now) for group in groups} - {None}
        prompted: set[tuple[int, int]] = set()
        if cycles:
            rows = await session.execute(
                select(Prompt.member_id, Prompt.cycle).where(
                    Prompt.program_id == program.id, Prompt.cycle.in_(cycles)
                )
            )
            prompted = {(member_id, cycle) for member_id, cycle in rows}
        return plan_openings(cadence, groups, window, prompted, now)

    async def _opening(
        self, session: AsyncSession, program: Program, due: list[DuePrompt]
    ) -> _Opening:
        """What every chunk of a program's openings shares: the rotation and the leads' lines."""
        leads = await lead_units(session)  # every lead: few, and no IN list of 100,000 ids
        notes = {
            cycle: await lead_notes(session, program.id, cycle) for cycle in {d.cycle for d in due}
        }
        return _Opening(
            await question_pool(session, program.id),
            await self._recent_questions(session, program, due),
            leads,
            notes,
            {},
        )

    async def _create_prompts(
        self,
        session: AsyncSession,
        program: Program,
        due: list[DuePrompt],
        now: datetime,
        opening: _Opening,
    ) -> int:
        last_asked = opening.last_asked
        remind = timedelta(hours=program.reminder_delay_hours)
        rows = [
            {
                "program_id": program.id,
                "cycle": d.cycle,
                "member_id": d.member.id,
                "question_id": choose_question(
                    opening.pool, d.cycle, last_asked.get(d.member.id, {}), program.no_repeat_cycles
                ),
                "status": "open",
                "opened_at": now,
                "closes_at": d.closes_at,
                "remind_at": reminder_time(max(d.send_at, now), remind, d.closes_at)
                if program.reminder_delay_hours
                else None,
            }
            for d in due
        ]
        created = await insert_new_bulk(
            session, Prompt, rows, returning=[Prompt.id, Prompt.member_id, Prompt.question_id]
        )
        del rows
        note_of = opening.lead_first_notes(due)
        contents = opening.contents
        missing = {q for _, _, q in created} - contents.keys()
        if missing:
            contents.update(await self._contents(session, program, missing))
        workspace_of = {d.member.id: d.member.workspace_id for d in due}
        await enqueue_messages(
            session,
            (
                Outgoing(
                    f"prompt:{prompt_id}",
                    "prompt",
                    ToMember(workspace_of[member_id], member_id),
                    prompt_message(
                        prompt_id,
                        contents[question_id],
                        lead_note=note_of.get(member_id, ""),
                        privacy_url=self.privacy_url,
                    ),
                    prompt_id=prompt_id,
                )
                for prompt_id, member_id, question_id in created
            ),
            now,
        )
        return len(created)

    async def _contents(
        self, session: AsyncSession, program: Program, question_ids: set[int]
    ) -> dict[int, PromptContent]:
        questions = await session.scalars(select(Question).where(Question.id.in_(question_ids)))
        return {q.id: content_of(program, q) for q in questions}

    async def _recent_questions(
        self, session: AsyncSession, program: Program, due: list[DuePrompt]
    ) -> dict[int, dict[int, int]]:
        """Member id -> question id -> the last cycle they were asked it (recent cycles)."""
        first_cycle = min(d.cycle for d in due)
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

    async def send_reminders(self) -> int:
        """One reminder per open prompt after the program's delay, only in local working hours."""
        now = self.clock.now()
        async with self.sessions.begin() as session:
            wanted = [
                row
                for row in await unreminded(session, now)
                if self._reminder_moment(row, now) == now
            ]
            if not wanted:
                return 0
            claimed = set(
                await session.scalars(
                    update(Prompt)
                    .where(
                        Prompt.id.in_([r.prompt_id for r in wanted]), Prompt.reminded_at.is_(None)
                    )
                    .values(reminded_at=now)
                    .returning(Prompt.id)
                )
            )
            reminders = []
            for row in wanted:
                if row.prompt_id in claimed:
                    contents = await self._contents(session, row.program, {row.question_id})
                    reminders.append(
                        Outgoing(
                            f"reminder:{row.prompt_id}",
                            "reminder",
                            ToMember(row.workspace_id, row.member_id),
                            prompt_message(
                                row.prompt_id,
                                contents[row.question_id],
                                reminder=True,
                                privacy_url=self.privacy_url,
                            ),
                            prompt_id=row.prompt_id,
                        )
                    )
            return await enqueue_messages(session, reminders, now)

    async def next_reminder(self, session: AsyncSession) -> datetime | None:
        """When `send_reminders` next has a reminder to send."""
        now = self.clock.now()
        moments = [self._reminder_moment(row, now) for row in await unreminded(session, now)]
        return min((m for m in moments if m is not None), default=None)

    def _reminder_moment(self, row: Unreminded, now: datetime) -> datetime | None:
        zone = self._zone(row.tz, row.program)
        calendar = calendar_for(row.country, row.program.blackout_dates)
        return reminder_moment(row.remind_at, row.closes_at, zone, row.paused_until, now, calendar)

    async def close_rounds(self) -> int:
        """Mark unanswered prompts past their window as missed; close finished rounds."""
        now = self.clock.now()
        async with self.sessions.begin() as session:
            await session.execute(
                update(Prompt)
                .where(Prompt.status == "open", Prompt.closes_at <= now)
                .values(status="missed")
            )
            closed = 0
            for program, cycle, ends in await unclosed_rounds(session, self._zone):
                if ends > now:
                    continue
                if await insert_new(
                    session,
                    Round,
                    [{"program_id": program.id, "cycle": cycle, "closed_at": now}],
                    returning=[Round.id],
                ):
                    closed += 1
                    if program.share_mode == "digest":
                        await enqueue_digest(session, program, cycle, now)
            return closed

    async def next_closing(self, session: AsyncSession) -> datetime | None:
        """When `close_rounds` next has a prompt to mark missed or a round to close."""
        moments = [ends for _, _, ends in await unclosed_rounds(session, self._zone)]
        first_miss = await session.scalar(  # also in closed rounds: a latecomer's prompt
            select(func.min(Prompt.closes_at)).where(Prompt.status == "open")
        )
        return min([*moments, first_miss] if first_miss else moments, default=None)
