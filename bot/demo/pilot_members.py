"""The pilot demo's colleagues: they answer the pilot's pulse, and its sponsor decides on each
milestone review with the review's own buttons (the real decision code)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from adapters.memory.platform import Sent
from bot.actions import PILOT_CONTINUE, PILOT_PULSE
from bot.chat import ActionClicked, MemberAddress, Response
from bot.demo.members import Act, Simulation
from bot.demo.organisation import WORKSPACE

FINAL_WEEK = "0"  # a review's value is PILOT:WEEK; week 0 is the final review


@dataclass(frozen=True)
class PilotClick:
    at: datetime
    user: str
    action_id: str
    value: str
    review: int | None = None  # the index of the review a decision is for


@dataclass(frozen=True)
class ReviewSeen:
    """A review as its sponsor read it (the message kmbot sent), and what they decided."""

    sent: Sent
    decision: str = ""

    @property
    def at(self) -> datetime:
        return self.sent.at

    @property
    def title(self) -> str:
        return self.sent.message.title

    @property
    def text(self) -> str:
        return self.sent.message.text


class PilotSimulation(Simulation):
    """The demo's simulation, plus the pulse and the sponsor's reviews."""

    def __init__(self, sponsor: str, *simulation: Any) -> None:
        super().__init__(*simulation)
        self.sponsor = sponsor
        self.read = 0
        self.clicks: list[PilotClick] = []
        self.reviews: list[ReviewSeen] = []

    async def members_act(self) -> datetime | None:
        for sent in self.platform.transcript[self.read :]:
            buttons = sent.message.buttons
            if not isinstance(sent.to, MemberAddress) or not buttons:
                continue
            if buttons[0].action_id == PILOT_PULSE:
                self._plan_pulse(sent.to.user, buttons[0].value)
            elif buttons[0].action_id == PILOT_CONTINUE and sent.to.user == self.sponsor:
                self._read_review(sent, buttons[0].value)
        self.read = len(self.platform.transcript)
        await self._click_due()
        later = await super().members_act()
        return min([*(c.at for c in self.clicks), *([later] if later else [])], default=None)

    def _plan_pulse(self, user: str, value: str) -> None:
        """As often as this colleague answers anything, a few hours later, every item."""
        if self.rng.random() >= self.members[user].propensity:
            return
        delay = timedelta(hours=self.rng.uniform(0.5, 20))
        self.clicks.append(PilotClick(self.clock.now() + delay, user, PILOT_PULSE, value))

    def _read_review(self, sent: Sent, value: str) -> None:
        """The sponsor reads each review; on a milestone's, two hours later, Continue."""
        self.reviews.append(ReviewSeen(sent))
        if value.partition(":")[2] != FINAL_WEEK:
            later = sent.at + timedelta(hours=2)
            self.clicks.append(
                PilotClick(later, self.sponsor, PILOT_CONTINUE, value, len(self.reviews) - 1)
            )

    async def _click_due(self) -> None:
        now = self.clock.now()
        due = sorted((c for c in self.clicks if c.at <= now), key=lambda c: c.at)
        self.clicks = [c for c in self.clicks if c.at > now]
        for click in due:
            if click.action_id == PILOT_PULSE:
                await self._answer_pulse(click)
                continue
            reply = await self._send(click, click.value)
            said = reply.text if reply and reply.text else ""
            self.acts.append(Act(now, click.user, "clicked Continue on the review", said))
            if click.review is not None:
                self.reviews[click.review] = replace(self.reviews[click.review], decision=said)

    async def _answer_pulse(self, click: PilotClick) -> None:
        """Each item in turn (kmbot asks the next as it records one), by a seeded choice."""
        value = click.value
        for _item in range(3):
            answer_id, item, _first = value.split(":")
            scale = (2, 3, 3, 4, 4, 5) if item != "hours" else (0, 1, 2, 2, 3, 5)
            choice = str(self.rng.choice(scale))
            reply = await self._send(click, f"{answer_id}:{item}:{choice}")
            message = reply.message if reply is not None else None
            if message is None or not message.buttons:
                break
            value = message.buttons[0].value
        self.acts.append(Act(self.clock.now(), click.user, "answered the pilot's pulse", ""))

    async def _send(self, click: PilotClick, value: str) -> Response | None:
        who = MemberAddress("memory", WORKSPACE, click.user)
        key = f"demo-{click.action_id}-{value}-{click.user}"
        return await self.core.inbound.handle(ActionClicked(key, who, click.action_id, value))
