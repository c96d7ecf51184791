"""The weekly round: open due prompts, remind once, close the round and share its digest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.working_days import calendar_for
from bot.clock import Clock
from bot.db.models import Program, Prompt, Round
from bot.db.upsert import insert_new
from bot.i18n import resolve, speaking
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.programs.programs import cadence_of
from bot.prompts.closing import unclosed_rounds
from bot.prompts.due import (
    DuePrompt,
    OpeningPlan,
    open_cycle,
    plan_openings,
    reminder_moment,
)
from bot.prompts.groups import audience_groups
from bot.prompts.messages import prompt_message
from bot.prompts.opening import open_in_chunks, prepare_opening, prompt_contents
from bot.prompts.reminders import Unreminded, unreminded
from bot.prompts.sharing import enqueue_digest
from bot.schedule import resolve_zone

StarterQuestions = Callable[[AsyncSession, Program, list[DuePrompt]], Awaitable[dict[int, int]]]
"""Member id -> the question a due member gets instead of the rotation's (bot.newcomers)."""


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
    starters: StarterQuestions | None = None  # newcomers' first questions, when wired

    async def open_due_prompts(self) -> int:
        """Create each due member's prompt and its delivery; returns how many were opened."""
        now = self.clock.now()
        opened = 0
        for program in await self._active_programs():
            async with self.sessions.begin() as session:
                plan = await self._plan(session, program, now)
                if not plan.due:
                    continue
                opening = await prepare_opening(session, program, plan.due, self.privacy_url)
                if self.starters is not None:
                    opening.starters.update(await self.starters(session, program, plan.due))
                writers = 2 if session.get_bind().dialect.name == "postgresql" else 1
            opened += await open_in_chunks(self.sessions, plan.due, now, opening, writers)
        return opened

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
        groups = await audience_groups(session, program, self.org_zone)
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
                    contents = await prompt_contents(session, row.program, {row.question_id})
                    with speaking(resolve(row.language, row.locale)):
                        message = prompt_message(
                            row.prompt_id,
                            contents[row.question_id],
                            reminder=True,
                            privacy_url=self.privacy_url,
                        )
                    reminders.append(
                        Outgoing(
                            f"reminder:{row.prompt_id}",
                            "reminder",
                            ToMember(row.workspace_id, row.member_id),
                            message,
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
