"""What `kmbot demo --pilot` prints: the assumption first, the steps, each review as its
sponsor read it (the bot's own message), the decisions, and `pilot show`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.pilot_review_models import PilotDecision
from bot.demo.pilot_members import ReviewSeen
from bot.demo.pilot_plan import BASELINE_WEEKS, COMPARISON, PILOT, TARGET

FINAL_LEFT_OPEN = "no decision: the demo ends with the final review in its reviewers' hands"


Step = tuple[datetime, str, str]  # when, an admin command the demo ran, its answer's first line


@dataclass(frozen=True)
class PilotDemoReport:
    members: int
    weeks: int
    seed: int
    assumed_effect: float
    assumption: str
    steps: list[Step]
    reviews: list[ReviewSeen]
    decisions: list[PilotDecision]  # as recorded, read after the demo
    shown: str  # `pilot show` at the end
    history: str  # `program history` at the end
    transcript: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "pilot": PILOT,
            "target": TARGET,
            "comparison": COMPARISON,
            "members": self.members,
            "baseline_weeks": BASELINE_WEEKS,
            "weeks": self.weeks,
            "seed": self.seed,
            "assumed_effect": self.assumed_effect,
            "assumption": self.assumption,
            "steps": [
                {"at": at.isoformat(), "command": command, "answer": answer}
                for at, command, answer in self.steps
            ],
            "reviews": [
                {"at": r.at.isoformat(), "title": r.title, "text": r.text, "decision": r.decision}
                for r in self.reviews
            ],
            "decisions": [
                {
                    "week": d.week,
                    "review": _review_name(d.week),
                    "choice": d.choice,
                    "by": d.decided_by,
                    "at": d.decided_at.isoformat(),
                }
                for d in self.decisions
            ],
            "pilot_show": self.shown,
            "program_history": self.history,
        }


def _review_name(week: int) -> str:
    return "final" if week == 0 else f"week {week}"


def _when(at: datetime) -> str:
    return f"{at:%a %Y-%m-%d %H:%M} UTC"


def render_pilot(report: PilotDemoReport) -> str:
    """The assumption, what happened in order, the reviews, the decisions, `pilot show`."""
    lines = [
        f"kmbot demo --pilot: {report.members} members, {BASELINE_WEEKS} weeks of baseline, "
        f"{report.weeks} weeks of pilot, seed {report.seed}",
        "",
        report.assumption,
        "",
        "What the KM lead did (the admin commands, as in chat or the CLI):",
        *(f"  {_when(at)}  {command}\n      → {answer}" for at, command, answer in report.steps),
        "",
    ]
    for review in report.reviews:
        lines += [f"{_when(review.at)}  the sponsor got: {review.title}", ""]
        lines += [f"    {line}" for line in review.text.splitlines()]
        lines += ["", f"    → {review.decision or FINAL_LEFT_OPEN}", ""]
    lines.append("Decisions recorded:")
    lines += [
        f"  {_review_name(d.week)} review: {d.choice}, by {d.decided_by}, {_when(d.decided_at)}"
        for d in report.decisions
    ] or ["  none"]
    lines += ["", f'kmbot program history "{PILOT}":', report.history]
    lines += ["", f'kmbot pilot show "{PILOT}":', report.shown, "", report.assumption]
    return "\n".join(lines)
