"""The demo's figures: a weekly table for people and one JSON object for machines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
            "checkins_met": self.checkins_met,
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
        }


def render_table(report: DemoReport) -> str:
    header = (
        f"{'week':>4}  {'prompts':>7}  {'on time':>7}  {'late':>4}  {'skipped':>7}  "
        f"{'missed':>6}  {'response':>8}"
    )
    lines = [
        f"kmbot demo: {report.members} members, {report.weeks} weeks, seed {report.seed}",
        "",
        header,
        "-" * len(header),
    ]
    for r in report.rows:
        lines.append(
            f"{r.week:>4}  {r.prompts:>7}  {r.answered_on_time:>7}  "
            f"{r.answered_late:>4}  {r.skipped:>7}  {r.missed:>6}  "
            f"{r.response_rate:>8.0%}"
        )
    lines += [
        "",
        f"prompts sent: {report.prompts_sent}   reminders sent: {report.reminders_sent}   "
        f"replies: {report.replies}   digests posted: {report.digests_posted}",
        f"peer check-ins: {report.checkins_groups} groups, {report.checkins_met} met, "
        f"{report.repeat_pairs} repeat pairs",
        f"leads: {report.lead_nudges_sent} nudges, {report.lessons_by_leads} lessons, "
        f"went first in {report.lead_first_rate:.0%} of their teams' rounds",
        "Members' behaviour is simulated (seeded); the figures show the mechanics, not a finding.",
    ]
    return "\n".join(lines)
