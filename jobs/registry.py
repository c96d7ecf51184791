"""The scheduled jobs: an id, how often, and one call into the core."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core import Core


@dataclass(frozen=True)
class JobSpec:
    id: str
    description: str
    every_seconds: int
    run: Callable[[Core], Awaitable[object]]


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "prompts.open",
        "open each member's weekly prompt at their local time",
        60,
        lambda core: core.prompting.open_due_prompts(),
    ),
    JobSpec(
        "prompts.remind",
        "send the one polite reminder in local working hours",
        300,
        lambda core: core.prompting.send_reminders(),
    ),
    JobSpec(
        "rounds.close",
        "mark missed prompts and close finished rounds (digest)",
        300,
        lambda core: core.prompting.close_rounds(),
    ),
    JobSpec(
        "checkins.plan",
        "match the next round of peer check-ins",
        300,
        lambda core: core.checkins.plan_due_rounds(),
    ),
    JobSpec(
        "checkins.intro",
        "introduce matched colleagues at their local time",
        60,
        lambda core: core.checkins.send_intros(),
    ),
    JobSpec(
        "checkins.followup",
        "ask pairs whether they met, in working hours",
        300,
        lambda core: core.checkins.send_followups(),
    ),
    JobSpec(
        "leads.nudge",
        "nudge leads on real signals, at most once a week",
        1800,
        lambda core: core.nudging.nudge_leads(),
    ),
    JobSpec(
        "leads.weekly",
        "Monday digests to leads, summaries to champions",
        1800,
        lambda core: core.recognition.send_weekly(),
    ),
    JobSpec(
        "outbox.dispatch",
        "send due deliveries from the outbox",
        5,
        lambda core: core.dispatcher.dispatch_due(),
    ),
)


def job_by_id(job_id: str) -> JobSpec:
    for job in JOBS:
        if job.id == job_id:
            return job
    known = ", ".join(j.id for j in JOBS)
    raise KeyError(f"unknown job {job_id!r} (known: {known})")
