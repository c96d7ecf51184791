"""Writing a tick's openings: prompts and their deliveries, in chunks of `OPEN_CHUNK`.

Each chunk's prompts and deliveries commit together; a crash between chunks leaves the rest
due, and the next tick opens them (the unique keys keep each one once). Per row only what
differs is computed: a member's question is chosen once per distinct recent history, and
each delivery's payload is its kind of prompt's encoded template with the prompt's id put in
(bot.outbox.templates.SharedPayloads).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import OutgoingMessage
from bot.db.bulk import JsonText, insert_new_bulk
from bot.db.models import Program, Prompt, Question
from bot.i18n import resolve, speaking
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.outbox.templates import SharedPayloads
from bot.programs.questions import question_pool
from bot.prompts.content import content_of
from bot.prompts.due import DuePrompt, reminder_time
from bot.prompts.lead_first import LEAD_EARLY, LeadNote, lead_note_text, lead_notes, lead_units
from bot.prompts.messages import PromptContent, prompt_message
from bot.prompts.rotation import choose_question
from bot.questions.credits import fresh_adopted, proposal_credits
from bot.sponsors.endorsements import endorsement_line

OPEN_CHUNK = 5_000  # prompts opened (with their deliveries) per transaction


@dataclass(frozen=True)
class Opening:
    """What every chunk of one program's openings shares: the rotation, the units' leads and
    their lines, and what was already worked out (wordings, choices, payload templates)."""

    program: Program
    privacy_url: str
    pool: list[int]
    last_asked: dict[int, dict[int, int]]  # member id -> question id -> last cycle asked
    leads: dict[int, set[str]]
    notes: dict[int, dict[str, LeadNote]]  # cycle -> unit -> the note its team's prompts carry
    contents: dict[int, PromptContent] = field(default_factory=dict)  # by question id
    chosen: dict[tuple[int, frozenset[tuple[int, int]]], int] = field(default_factory=dict)
    payloads: SharedPayloads = field(default_factory=SharedPayloads)
    starters: dict[int, int] = field(default_factory=dict)  # member id -> a newcomer's question
    first: list[int] = field(default_factory=list)  # adopted proposals not yet asked

    def lead_first_notes(self, due: list[DuePrompt]) -> dict[int, LeadNote]:
        """Member id -> the lead-first note their prompt carries (if any)."""
        leads, notes = self.leads, self.notes
        return {
            d.member.id: LEAD_EARLY if d.member.id in leads else notes[d.cycle][d.member.unit]
            for d in due
            if d.member.id in leads or d.member.unit in notes[d.cycle]
        }

    def question_for(self, due: DuePrompt) -> int:
        """The rotation's question for this member (members with the same history share it)."""
        if due.member.id in self.starters:
            return self.starters[due.member.id]
        history = self.last_asked.get(due.member.id, {})
        key = (due.cycle, frozenset(history.items()))
        question = self.chosen.get(key)
        if question is None:
            question = self.chosen[key] = choose_question(
                self.pool, due.cycle, history, self.program.no_repeat_cycles, self.first
            )
        return question

    def payload(
        self, prompt_id: int, question_id: int, note: LeadNote | None, language: str
    ) -> JsonText:
        """The prompt's delivery payload in the member's language, from its kind's template."""
        content, privacy_url = self.contents[question_id], self.privacy_url

        def make(n: int) -> OutgoingMessage:
            with speaking(language):
                line = lead_note_text(note) if note is not None else ""
                return prompt_message(n, content, lead_note=line, privacy_url=privacy_url)

        return self.payloads.payload((question_id, note, language), prompt_id, make)


async def prepare_opening(
    session: AsyncSession, program: Program, due: list[DuePrompt], privacy_url: str
) -> Opening:
    """Read once what every chunk of `program`'s openings needs."""
    leads = await lead_units(session)  # every lead: few, and no IN list of 100,000 ids
    notes = {
        cycle: await lead_notes(session, program.id, cycle) for cycle in {d.cycle for d in due}
    }
    pool = await question_pool(session, program.id)
    recent = await _recent_questions(session, program, due)
    opening = Opening(program, privacy_url, pool, recent, leads, notes)
    cycle = min(d.cycle for d in due)
    opening.first.extend(await fresh_adopted(session, program.id, cycle))
    return opening


async def open_in_chunks(
    sessions: async_sessionmaker[AsyncSession],
    due: list[DuePrompt],
    now: datetime,
    opening: Opening,
    writers: int,
) -> int:
    """Open `due` in chunks; on PostgreSQL two `writers` have a chunk in flight each, so one
    chunk is built while the database stores the other (SQLite's chunks go one by one)."""
    chunks = [due[start : start + OPEN_CHUNK] for start in range(0, len(due), OPEN_CHUNK)]
    chunks.reverse()

    async def writer() -> int:
        opened = 0
        while chunks:
            chunk = chunks.pop()
            async with sessions.begin() as session:
                opened += await _create_prompts(session, chunk, now, opening)
        return opened

    return sum(await asyncio.gather(*(writer() for _ in range(min(writers, len(chunks))))))


async def _create_prompts(
    session: AsyncSession, due: list[DuePrompt], now: datetime, opening: Opening
) -> int:
    program = opening.program
    remind = timedelta(hours=program.reminder_delay_hours)
    rows = [
        {
            "program_id": program.id,
            "cycle": d.cycle,
            "member_id": d.member.id,
            "question_id": opening.question_for(d),
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
    missing = {q for _, _, q in created} - opening.contents.keys()
    if missing:
        opening.contents.update(await prompt_contents(session, program, missing))
    workspace_of = {d.member.id: d.member.workspace_id for d in due}
    language_of = {d.member.id: resolve(d.member.language, d.member.locale) for d in due}
    await enqueue_messages(
        session,
        (
            Outgoing(
                f"prompt:{prompt_id}",
                "prompt",
                ToMember(workspace_of[member_id], member_id),
                opening.payload(
                    prompt_id, question_id, note_of.get(member_id), language_of[member_id]
                ),
                prompt_id=prompt_id,
            )
            for prompt_id, member_id, question_id in created
        ),
        now,
    )
    return len(created)


async def prompt_contents(
    session: AsyncSession, program: Program, question_ids: set[int]
) -> dict[int, PromptContent]:
    """Question id -> the wording its prompts carry in `program`."""
    questions = await session.scalars(select(Question).where(Question.id.in_(question_ids)))
    endorsement = await endorsement_line(session, program.id)
    credits = await proposal_credits(session, question_ids)
    return {
        q.id: replace(content_of(program, q, endorsement), credit=credits.get(q.id))
        for q in questions
    }


async def _recent_questions(
    session: AsyncSession, program: Program, due: list[DuePrompt]
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
