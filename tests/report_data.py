"""Known data for report tests: members, rounds and answers written straight to the database,
so each figure the report prints can be counted by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.models import Member, Prompt, Question, Reply, Round
from bot.people.directory import ensure_workspace, upsert_member
from bot.people.roles import set_role
from bot.programs.programs import ProgramSpec, create_program

MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
FEED = "memory:acme:C-feed"


@dataclass
class KnownData:
    session: AsyncSession
    members: dict[str, Member] = field(default_factory=dict)

    async def people(self, unit: str, *names: str, lead: str | None = None) -> None:
        workspace = await ensure_workspace(self.session, "memory", "acme", MONDAY)
        for name in (*names, *([lead] if lead else [])):
            self.members[name] = await upsert_member(
                self.session, workspace, name, MONDAY, display_name=name.title(), unit=unit
            )
        if lead:
            await set_role(self.session, self.members[lead], "lead")

    async def program(self, name: str) -> int:
        spec = ProgramSpec(
            name=name,
            purpose="p",
            weekday="thu",
            send_time="15:00",
            share_mode="digest",
            feed=FEED,
        )
        return (await create_program(self.session, spec, MONDAY)).id

    async def round(
        self,
        program_id: int,
        cycle: int,
        outcomes: dict[str, str],
        *,
        opened: datetime | None = None,
        closed: bool = True,
    ) -> None:
        """`outcomes`: name -> shared | anonymous | private | late | missed | skipped | open.

        Each prompt opens at `opened` (Thursday of week `cycle`); answers come an hour later.
        """
        question = await self.session.scalar(select(Question.id).order_by(Question.id))
        assert question is not None
        opened = opened or MONDAY + timedelta(weeks=cycle, days=3)
        for name, outcome in outcomes.items():
            answered = outcome in ("shared", "anonymous", "private", "late")
            prompt = Prompt(
                program_id=program_id,
                cycle=cycle,
                member_id=self.members[name].id,
                question_id=question,
                status="answered" if answered else outcome,
                opened_at=opened,
                closes_at=opened + timedelta(days=3),
                answered_at=opened + timedelta(hours=1) if answered else None,
            )
            self.session.add(prompt)
            await self.session.flush()
            if answered:
                await self.answer(program_id, name, prompt.id, outcome, opened)
        if closed:
            self.session.add(Round(program_id=program_id, cycle=cycle, closed_at=opened))
        await self.session.flush()

    async def answer(
        self,
        program_id: int,
        name: str,
        prompt_id: int | None,
        outcome: str,
        opened: datetime,
        text: str = "",
        helpful: int = 0,
        label: str = "What did you learn?",
    ) -> Reply:
        late = outcome == "late"
        reply = Reply(
            prompt_id=prompt_id,
            program_id=program_id,
            member_id=self.members[name].id,
            answers=[{"label": label, "text": text or f"{name} learned"}],
            visibility="shared" if late else outcome,
            late=late,
            helpful_count=helpful,
            created_at=opened + timedelta(hours=1),
        )
        self.session.add(reply)
        await self.session.flush()
        return reply

    async def checkin_round(
        self, program_id: int, cycle: int, groups: list[dict[str, str | None]]
    ) -> None:
        """`groups`: each a name -> outcome (met, not_yet, could_not or None)."""
        planned = MONDAY + timedelta(weeks=cycle)
        round_ = CheckinRound(program_id=program_id, cycle=cycle, week="w", planned_at=planned)
        self.session.add(round_)
        await self.session.flush()
        for outcomes in groups:
            group = CheckinGroup(round_id=round_.id)
            self.session.add(group)
            await self.session.flush()
            for name, outcome in outcomes.items():
                self.session.add(
                    CheckinParticipant(
                        group_id=group.id,
                        member_id=self.members[name].id,
                        intro_at=planned,
                        followup_at=planned,
                        outcome=outcome,
                    )
                )
        await self.session.flush()
