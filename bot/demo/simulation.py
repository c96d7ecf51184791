"""`kmbot demo`: a simulated organisation runs through the real services on a fake clock."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.actions import (
    CHECKIN_COULD_NOT,
    CHECKIN_MET,
    CHECKIN_NOT_YET,
    LESSON_FORM,
    NUDGE_LESSON,
    PROMPT_ANSWER,
    REPLY_THANK,
)
from bot.chat import ActionClicked, FormSubmitted, MemberAddress
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Prompt, Reply
from bot.demo.checkin_figures import checkin_figures
from bot.demo.leader_figures import leader_figures
from bot.demo.report import DemoReport, WeekRow
from bot.people.directory import ensure_workspace, upsert_member
from bot.people.roles import set_role
from bot.programs.programs import ProgramSpec, create_program, set_program_active
from bot.prompts.messages import field_id
from jobs.fast_forward import fast_forward

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
STEP = timedelta(hours=1)
UNITS = (
    ("Engineering", "Europe/Lisbon"),
    ("Sales", "America/New_York"),
    ("Operations", "Asia/Tokyo"),
    ("Research", "America/Los_Angeles"),
)
WORKSPACE = "acme"
FEED = "C-learning"
SNIPPETS = (
    "Writing the plan down before the kickoff saved us a week of back-and-forth.",
    "The support team already had a script for this; asking first beat building it.",
    "Small demos every Friday surfaced the misunderstanding early.",
    "A checklist from the last release caught two mistakes before customers did.",
    "Pairing with someone from another unit showed me a faster way to test.",
    "Customers care more about the export than the dashboard; we had it backwards.",
)


@dataclass(frozen=True)
class DemoOptions:
    members: int = 40
    weeks: int = 6
    seed: int = 1
    db: str | None = None


@dataclass
class SimulatedMember:
    """A colleague with a seeded habit: how likely they answer, and how fast."""

    user: str
    name: str
    unit: str
    zone: str
    lead: bool
    propensity: float


@dataclass(order=True)
class PlannedAnswer:
    """A simulated reaction: answer a prompt, or click a check-in follow-up button."""

    at: datetime
    user: str = field(compare=False)
    prompt_id: int = field(compare=False)
    action_id: str = field(default=PROMPT_ANSWER, compare=False)


def simulated_members(count: int, rng: random.Random) -> list[SimulatedMember]:
    members = []
    for index in range(count):
        unit, zone = UNITS[index % len(UNITS)]
        lead = index < len(UNITS)
        propensity = 0.9 if lead else rng.uniform(0.35, 0.85)
        members.append(
            SimulatedMember(
                f"U{index + 1:04d}", f"Colleague {index + 1}", unit, zone, lead, propensity
            )
        )
    return members


class Simulation:
    """Runs the jobs on a fake clock, and lets members react to what they are sent."""

    def __init__(
        self,
        core: Core,
        platform: InMemoryPlatform,
        clock: FakeClock,
        members: list[SimulatedMember],
        rng: random.Random,
    ) -> None:
        self.core = core
        self.platform = platform
        self.clock = clock
        self.members = {m.user: m for m in members}
        self.rng = rng
        self.planned: list[PlannedAnswer] = []
        self.seen = 0
        self.answered_prompts: set[int] = set()

    async def run(self, until: datetime) -> None:
        """Move to `until` hour by hour, stopping only where a job or a member has work."""
        await fast_forward(
            self.core, self.clock, until, STEP, after_jobs=self._members_act, run_at_end=False
        )

    async def _members_act(self) -> datetime | None:
        """Members read what arrived and act on what they planned; returns their next act."""
        self._react(self.platform.transcript[self.seen :])
        self.seen = len(self.platform.transcript)
        await self._answer_due()
        return min((p.at for p in self.planned), default=None)

    def _react(self, new: list[Sent]) -> None:
        for sent in new:
            if not isinstance(sent.to, MemberAddress) or not sent.message.buttons:
                continue
            member = self.members[sent.to.user]
            first = sent.message.buttons[0].action_id
            if first == CHECKIN_MET:
                self._react_to_checkin(sent, member)
                continue
            if first in (NUDGE_LESSON, REPLY_THANK):
                self._react_as_lead(sent, member, first)
                continue
            if sent.message.buttons[0].action_id != PROMPT_ANSWER:
                continue
            prompt_id = int(sent.message.buttons[0].value)
            reminder = sent.message.text.startswith("A friendly reminder")
            chance = 0.5 if reminder else member.propensity
            if prompt_id in self.answered_prompts or self.rng.random() >= chance:
                continue
            delay = timedelta(hours=self.rng.uniform(0.5, 8 if reminder else 30))
            self.planned.append(PlannedAnswer(self.clock.now() + delay, member.user, prompt_id))
            self.answered_prompts.add(prompt_id)

    def _react_to_checkin(self, sent: Sent, member: SimulatedMember) -> None:
        """Answer a follow-up (not the intro) as often as this colleague answers anything."""
        if "how did it go" not in sent.message.title or self.rng.random() >= member.propensity:
            return
        roll = self.rng.random()
        action = (
            CHECKIN_MET if roll < 0.75 else CHECKIN_NOT_YET if roll < 0.9 else CHECKIN_COULD_NOT
        )
        delay = timedelta(hours=self.rng.uniform(0.5, 6))
        self.planned.append(
            PlannedAnswer(
                self.clock.now() + delay, member.user, int(sent.message.buttons[0].value), action
            )
        )

    def _react_as_lead(self, sent: Sent, member: SimulatedMember, action: str) -> None:
        """Leads act on about half their nudges (a lesson) and thank someone in most digests."""
        if self.rng.random() >= (0.5 if action == NUDGE_LESSON else 0.7):
            return
        delay = timedelta(hours=self.rng.uniform(0.5, 4))
        self.planned.append(
            PlannedAnswer(
                self.clock.now() + delay, member.user, int(sent.message.buttons[0].value), action
            )
        )

    async def _answer_due(self) -> None:
        now = self.clock.now()
        due = sorted(p for p in self.planned if p.at <= now)
        self.planned = [p for p in self.planned if p.at > now]
        for planned in due:
            if planned.action_id != PROMPT_ANSWER:
                await self._click(planned)
                continue
            roll = self.rng.random()
            visibility = "shared" if roll < 0.7 else "anonymous" if roll < 0.9 else "private"
            fields = {field_id(i): self.rng.choice(SNIPPETS) for i in range(4)}
            fields["visibility"] = visibility
            await self.core.inbound.handle(
                FormSubmitted(
                    f"demo-{planned.prompt_id}",
                    MemberAddress("memory", WORKSPACE, planned.user),
                    PROMPT_ANSWER,
                    str(planned.prompt_id),
                    fields,
                )
            )

    async def _click(self, planned: PlannedAnswer) -> None:
        """Click a button; a lesson form that opens is filled in and submitted."""
        who = MemberAddress("memory", WORKSPACE, planned.user)
        key = f"demo-{planned.action_id}-{planned.prompt_id}-{planned.user}"
        reply = await self.core.inbound.handle(
            ActionClicked(key, who, planned.action_id, str(planned.prompt_id))
        )
        if reply is not None and reply.form is not None and reply.form.form_id == LESSON_FORM:
            await self.core.inbound.handle(
                FormSubmitted(
                    f"{key}-lesson",
                    who,
                    LESSON_FORM,
                    "",
                    {
                        "q0": "What the last release taught us",
                        "q1": self.rng.choice(SNIPPETS),
                        "q2": self.rng.choice(SNIPPETS),
                        "visibility": "shared",
                    },
                )
            )


async def run_demo(options: DemoOptions) -> DemoReport:
    """Run the whole simulation and return its report."""
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        upgrade(url)
        engine = make_engine(url, pool_size=1, max_overflow=0)
        try:
            return await _simulate(options, url, engine)
        finally:
            await engine.dispose()


async def _simulate(options: DemoOptions, url: str, engine: object) -> DemoReport:
    rng = random.Random(options.seed)
    clock = FakeClock(START)
    platform = InMemoryPlatform(clock)
    sessions = make_sessions(engine)  # type: ignore[arg-type]
    core = build_core(sessions, clock, "UTC", {"memory": platform})
    await core.seed()
    members = simulated_members(options.members, rng)
    async with sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", WORKSPACE, clock.now(), "Acme")
        for m in members:
            member = await upsert_member(
                session, workspace, m.user, clock.now(), display_name=m.name, unit=m.unit, tz=m.zone
            )
            if m.lead:
                await set_role(session, member, "lead")
        await create_program(
            session,
            ProgramSpec(
                name="Weekly learning",
                purpose="We learn faster when we share what we learn.",
                weekday="thu",
                send_time="15:00",
                share_mode="digest",
                feed=f"memory:{WORKSPACE}:{FEED}",
                checkins=True,
                checkin_cadence_weeks=2,
                checkin_weekday="mon",
                checkin_time="10:00",
            ),
            clock.now(),
        )
    simulation = Simulation(core, platform, clock, members, rng)
    await simulation.run(START + timedelta(weeks=options.weeks))
    async with sessions.begin() as session:
        await set_program_active(session, "Weekly learning", False)
    await simulation.run(START + timedelta(weeks=options.weeks, days=4))
    return await _report(core, platform, options, simulation)


async def _report(
    core: Core, platform: InMemoryPlatform, options: DemoOptions, simulation: Simulation
) -> DemoReport:
    rows = []
    async with core.sessions() as session:
        for cycle in range(options.weeks):
            statuses = dict(
                (
                    await session.execute(
                        select(Prompt.status, func.count())
                        .where(Prompt.cycle == cycle)
                        .group_by(Prompt.status)
                    )
                ).all()
            )
            late = await session.scalar(
                select(func.count())
                .select_from(Reply)
                .join(Prompt, Reply.prompt_id == Prompt.id)
                .where(Prompt.cycle == cycle, Reply.late.is_(True))
            )
            rows.append(
                WeekRow(
                    cycle + 1,
                    sum(statuses.values()),
                    statuses.get("answered", 0) - (late or 0),
                    late or 0,
                    statuses.get("skipped", 0),
                    statuses.get("missed", 0),
                )
            )
        replies = (
            await session.scalar(
                select(func.count()).select_from(Reply).where(Reply.prompt_id.is_not(None))
            )
            or 0
        )
        checkins = await checkin_figures(session)
        leaders = await leader_figures(session)
    prompts = [s for s in platform.transcript if _prompt_kind(s) == "prompt"]
    reminders = [s for s in platform.transcript if _prompt_kind(s) == "reminder"]
    return DemoReport(
        weeks=options.weeks,
        members=options.members,
        seed=options.seed,
        prompts_sent=len(prompts),
        reminders_sent=len(reminders),
        replies=replies,
        digests_posted=sum("what we learned" in s.message.title for s in platform.posted_in(FEED)),
        rows=rows,
        checkins_groups=checkins.groups,
        checkins_met=checkins.met,
        repeat_pairs=checkins.repeat_pairs,
        checkin_intros_sent=sum(
            "peer check-in with" in s.message.title for s in platform.transcript
        ),
        lead_nudges_sent=sum("go first" in s.message.title for s in platform.transcript),
        lessons_by_leads=leaders.lessons_by_leads,
        lead_first_rate=leaders.lead_first_rate,
    )


def _prompt_kind(sent: Sent) -> str | None:
    """'prompt' or 'reminder' for a weekly-question DM in the transcript, else None."""
    buttons = sent.message.buttons
    if (
        not isinstance(sent.to, MemberAddress)
        or not buttons
        or buttons[0].action_id != PROMPT_ANSWER
    ):
        return None
    return "reminder" if sent.message.text.startswith("A friendly reminder") else "prompt"
