"""Simulated colleagues: they read what kmbot sends them and react, by a seeded habit."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.actions import (
    CHECKIN_COULD_NOT,
    CHECKIN_MET,
    CHECKIN_NOT_YET,
    DRAFT_SAVE,
    LESSON_FORM,
    NUDGE_LESSON,
    PROMPT_ANSWER,
    QUESTION_APPROVE,
    QUESTION_CONFIRM,
    QUESTION_VOTE,
    REPLY_THANK,
)
from bot.chat import ActionClicked, FormSubmitted, MemberAddress, MessageReceived, Response
from bot.clock import FakeClock
from bot.core import Core
from bot.demo.organisation import WORKSPACE, SimulatedMember
from bot.prompts.messages import field_id
from jobs.fast_forward import fast_forward

STEP = timedelta(hours=1)
SNIPPETS = (
    "Writing the plan down before the kickoff saved us a week of back-and-forth.",
    "The support team already had a script for this; asking first beat building it.",
    "Small demos every Friday surfaced the misunderstanding early.",
    "A checklist from the last release caught two mistakes before customers did.",
    "Pairing with someone from another unit showed me a faster way to test.",
    "Customers care more about the export than the dashboard; we had it backwards.",
)
DID = {
    PROMPT_ANSWER: "answered the question",
    CHECKIN_MET: "clicked: we met",
    CHECKIN_NOT_YET: "clicked: not yet",
    CHECKIN_COULD_NOT: "clicked: we could not",
    NUDGE_LESSON: "chose to post a lesson",
    REPLY_THANK: "thanked a colleague",
    LESSON_FORM: "posted a lesson",
    QUESTION_VOTE: "voted for a proposed question",
    QUESTION_APPROVE: "approved a proposed question",
}


@dataclass(order=True)
class PlannedAnswer:
    """A simulated reaction: answer a prompt, or click a check-in follow-up button."""

    at: datetime
    user: str = field(compare=False)
    prompt_id: int = field(compare=False)
    action_id: str = field(default=PROMPT_ANSWER, compare=False)


@dataclass(frozen=True)
class Act:
    """Something a simulated member did, and what kmbot answered."""

    at: datetime
    user: str
    did: str
    answer: str


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
        self.acts: list[Act] = []
        self.proposers: set[str] = set()
        self.typists = {m.user for m in members if not m.lead}  # reply in chat, then Save

    async def run(self, until: datetime, step: timedelta = STEP) -> None:
        """Move to `until` step by step, stopping only where a job or a member has work."""
        await fast_forward(
            self.core, self.clock, until, step, after_jobs=self.members_act, run_at_end=False
        )

    async def members_act(self) -> datetime | None:
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
            if first in (QUESTION_VOTE, QUESTION_APPROVE):
                self._react_to_proposal(sent, member, first)
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

    def _react_to_proposal(self, sent: Sent, member: SimulatedMember, action: str) -> None:
        """The keener colleagues vote two hours after the note; a champion approves once votes
        are in (21 hours after the review: Monday's note goes out ten hours after it). No
        random draw, so the rest of the simulation plays as it would without proposals."""
        if action == QUESTION_VOTE and (member.user in self.proposers or member.propensity < 0.5):
            return
        delay = timedelta(hours=2 if action == QUESTION_VOTE else 21)
        self.planned.append(
            PlannedAnswer(
                self.clock.now() + delay, member.user, int(sent.message.buttons[0].value), action
            )
        )

    async def propose(self, user: str, question: str) -> None:
        """`user` types `propose QUESTION` and proposes it with their name."""
        self.proposers.add(user)
        who = MemberAddress("memory", WORKSPACE, user)
        offered = await self.core.inbound.handle(
            MessageReceived(f"demo-propose-{user}", who, f"D-{user}", f"propose {question}")
        )
        self._note(user, f"typed: propose {question}", offered)
        if offered is None or offered.message is None:
            return
        value = offered.message.buttons[0].value
        reply = await self.core.inbound.handle(
            ActionClicked(f"demo-confirm-{user}", who, QUESTION_CONFIRM, value)
        )
        self._note(user, "clicked: Propose with my name", reply)

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
            if planned.user in self.typists:
                await self._type_answer(planned, fields[field_id(0)])
                continue
            response = await self.core.inbound.handle(
                FormSubmitted(
                    f"demo-{planned.prompt_id}",
                    MemberAddress("memory", WORKSPACE, planned.user),
                    PROMPT_ANSWER,
                    str(planned.prompt_id),
                    fields,
                )
            )
            self._note(planned.user, f"{DID[PROMPT_ANSWER]} ({visibility})", response)

    async def _type_answer(self, planned: PlannedAnswer, text: str) -> None:
        """Reply in chat; kmbot says where the answer will go, and Save stores it."""
        who = MemberAddress("memory", WORKSPACE, planned.user)
        offered = await self.core.inbound.handle(
            MessageReceived(f"demo-type-{planned.prompt_id}", who, f"D-{planned.user}", text)
        )
        message = offered.message if offered is not None else None
        stated = message.text.splitlines()[-1] if message and message.text else ""
        self.acts.append(Act(self.clock.now(), planned.user, "replied in chat", stated))
        save = (
            next((b for b in message.buttons if b.action_id == DRAFT_SAVE), None)
            if message
            else None
        )
        if save is None:
            return
        reply = await self.core.inbound.handle(
            ActionClicked(f"demo-save-{planned.prompt_id}", who, DRAFT_SAVE, save.value)
        )
        self._note(planned.user, f"{DID[PROMPT_ANSWER]} (clicked Save)", reply)

    async def _click(self, planned: PlannedAnswer) -> None:
        """Click a button; a lesson form that opens is filled in and submitted."""
        who = MemberAddress("memory", WORKSPACE, planned.user)
        key = f"demo-{planned.action_id}-{planned.prompt_id}-{planned.user}"
        reply = await self.core.inbound.handle(
            ActionClicked(key, who, planned.action_id, str(planned.prompt_id))
        )
        self._note(planned.user, DID[planned.action_id], reply)
        if reply is not None and reply.form is not None and reply.form.form_id == LESSON_FORM:
            lesson = await self.core.inbound.handle(
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
            self._note(planned.user, DID[LESSON_FORM], lesson)

    def _note(self, user: str, did: str, response: Response | None) -> None:
        answer = ""
        if response is not None:
            answer = response.text or (response.message.text if response.message else "")
            answer = answer or (f"(a form opened: {response.form.title})" if response.form else "")
        self.acts.append(Act(self.clock.now(), user, did, answer))
