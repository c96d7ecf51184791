"""The demo's figures: a weekly table for people and one JSON object for machines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.evidence.figures import ProgramReport
from bot.evidence.render import render_text, report_json


@dataclass(frozen=True)
class WeekRow:
    week: int
    prompts: int
    answered_on_time: int
    answered_late: int
    skipped: int
    missed: int

    @property
    def response_rate(self) -> float:
        answered = self.answered_on_time + self.answered_late
        return round(answered / self.prompts, 3) if self.prompts else 0.0


@dataclass(frozen=True)
class DemoReport:
    weeks: int
    members: int
    seed: int
    prompts_sent: int
    reminders_sent: int
    replies: int
    digests_posted: int
    rows: list[WeekRow]
    checkins_groups: int = 0
    checkins_met: int = 0
    repeat_pairs: int = 0
    checkin_intros_sent: int = 0
    lead_nudges_sent: int = 0
    lessons_by_leads: int = 0
    lead_first_rate: float = 0.0
    transcript: str = ""  # what each member saw, when asked for (not in the JSON)
    program: ProgramReport | None = None  # the program's figures, as `kmbot report` has them

    def as_json(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "members": self.members,
            "seed": self.seed,
            "prompts_sent": self.prompts_sent,
            "replies": self.replies,
            "reminders_sent": self.reminders_sent,
            "digests_posted": self.digests_posted,
            "response_rate_by_week": [row.response_rate for row in self.rows],
            "checkins_groups": self.checkins_groups,
            "checkins_met": self.checkins_met,  # groups where everyone said they met
            "repeat_pairs": self.repeat_pairs,
            "checkin_intros_sent": self.checkin_intros_sent,
            "lead_nudges_sent": self.lead_nudges_sent,
            "lessons_by_leads": self.lessons_by_leads,
            "lead_first_rate": self.lead_first_rate,
            "by_week": [
                {
                    "week": r.week,
                    "prompts": r.prompts,
                    "answered_on_time": r.answered_on_time,
                    "answered_late": r.answered_late,
                    "skipped": r.skipped,
                    "missed": r.missed,
                }
                for r in self.rows
            ],
            "report": report_json(self.program) if self.program else None,
        }


def render_table(report: DemoReport) -> str:
    """The program's report (the same text as `kmbot report`), then what the demo did."""
    lines = [f"kmbot demo: {report.members} members, {report.weeks} weeks, seed {report.seed}", ""]
    if report.program is not None:
        lines += [render_text(report.program), ""]
    lines += [
        f"The demo sent {report.prompts_sent} prompts and {report.reminders_sent} reminders; "
        f"{report.replies} replies; {report.digests_posted} digests posted; "
        f"{report.checkin_intros_sent} check-in intros ({report.repeat_pairs} repeat pairs); "
        f"{report.lead_nudges_sent} nudges to leads, {report.lessons_by_leads} lessons by leads.",
        "Members' behaviour is simulated (seeded); the figures show the mechanics, not a finding.",
    ]
    return "\n".join(lines)
