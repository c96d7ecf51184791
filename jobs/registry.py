"""The scheduled jobs: an id, how often, one call into the core, and when it next has work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.champions.notes import ChampionNotes
from bot.core import Core
from bot.events.followups import EventFollowups
from bot.evidence.summaries import any_pending, summarise_pending
from bot.pilots.calendar_job import ProgramCalendar
from bot.pilots.reviews import PilotReviews
from bot.privacy.retention import Retention
from bot.questions.notes import QuestionNotes
from bot.sponsors.summaries import SponsorSummaries


@dataclass(frozen=True)
class JobSpec:
    """`run` does the work that is due; `next_due` says when there will be some.

    `next_due` is the earliest moment, from now, at which `run` may do anything, if nothing
    in the database changes first (None: only a change can give it work), read in the
    session it is given. It must never be later than the real work: a fake clock jumps from
    one such moment to the next (jobs.fast_forward).
    """

    id: str
    description: str
    every_seconds: int
    run: Callable[[Core], Awaitable[object]]
    next_due: Callable[[Core, AsyncSession], Awaitable[datetime | None]]


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "prompts.open",
        "open each member's weekly prompt at their local time",
        60,
        lambda core: core.prompting.open_due_prompts(),
        lambda core, session: core.prompting.next_opening(session),
    ),
    JobSpec(
        "prompts.remind",
        "send the one polite reminder in local working hours",
        300,
        lambda core: core.prompting.send_reminders(),
        lambda core, session: core.prompting.next_reminder(session),
    ),
    JobSpec(
        "rounds.close",
        "mark missed prompts and close finished rounds (digest)",
        300,
        lambda core: core.prompting.close_rounds(),
        lambda core, session: core.prompting.next_closing(session),
    ),
    JobSpec(
        "evidence.sum",
        "sum closed rounds (and rounds changed since) for the report, dashboard and chart",
        300,
        lambda core: summarise_pending(core.sessions),
        lambda core, session: summing_due(core, session),
    ),
    JobSpec(
        "checkins.plan",
        "match the next round of peer check-ins",
        300,
        lambda core: core.checkins.plan_due_rounds(),
        lambda core, session: core.checkins.next_planning(session),
    ),
    JobSpec(
        "checkins.intro",
        "introduce matched colleagues at their local time",
        60,
        lambda core: core.checkins.send_intros(),
        lambda core, session: core.checkins.next_intro(session),
    ),
    JobSpec(
        "checkins.followup",
        "ask pairs whether they met, in working hours",
        300,
        lambda core: core.checkins.send_followups(),
        lambda core, session: core.checkins.next_followup(session),
    ),
    JobSpec(
        "leads.nudge",
        "nudge leads on real signals, at most once a week",
        1800,
        lambda core: core.nudging.nudge_leads(),
        lambda core, session: core.nudging.next_nudge(session),
    ),
    JobSpec(
        "leads.weekly",
        "Monday digests to leads, summaries to champions",
        1800,
        lambda core: core.recognition.send_weekly(),
        lambda core, session: core.recognition.next_weekly(session),
    ),
    JobSpec(
        "privacy.retention",
        "delete answers older than their program's --retention-months",
        3600,
        lambda core: Retention(core.sessions, core.clock).apply(),
        lambda core, session: Retention(core.sessions, core.clock).next_expiry(session),
    ),
    JobSpec(
        "archive.tell",
        "tell authors, in one message a day at most, whom their answers helped",
        3600,
        lambda core: core.reuse.tell_authors(),
        lambda core, session: core.reuse.next_telling(session),
    ),
    JobSpec(
        "events.remind",
        "remind those going to an event, the day before at 09:00 their time",
        300,
        lambda core: EventFollowups(core.sessions, core.clock).send_reminders(),
        lambda core, session: EventFollowups(core.sessions, core.clock).next_reminder(session),
    ),
    JobSpec(
        "events.capture",
        "after an event, ask those who went what they will use",
        300,
        lambda core: EventFollowups(core.sessions, core.clock).send_captures(),
        lambda core, session: EventFollowups(core.sessions, core.clock).next_capture(session),
    ),
    JobSpec(
        "sponsors.monthly",
        "each sponsor's monthly summary, the first weekday of a month at 09:00 their time",
        3600,
        lambda core: SponsorSummaries(core.sessions, core.clock, core.org_zone).send_due(),
        lambda core, session: SponsorSummaries(
            core.sessions, core.clock, core.org_zone
        ).next_summary(session),
    ),
    JobSpec(
        "newcomers.welcome",
        "welcome each newcomer in their working hours, once",
        300,
        lambda core: core.newcomers.send_welcomes(),
        lambda core, session: core.newcomers.next_welcome(session),
    ),
    JobSpec(
        "newcomers.partner",
        "introduce each newcomer to a colleague of another unit in their second week",
        300,
        lambda core: core.newcomers.introduce_partners(),
        lambda core, session: core.newcomers.next_partner(session),
    ),
    JobSpec(
        "questions.notes",
        "Monday's vote on proposed questions; the monthly “you said, we did” note",
        1800,
        lambda core: QuestionNotes(core.sessions, core.clock, core.org_zone).send_due(),
        lambda core, session: QuestionNotes(core.sessions, core.clock, core.org_zone).next_due(
            session
        ),
    ),
    JobSpec(
        "programs.calendar",
        "start scheduled programs on their day, end them after their last day",
        900,
        lambda core: ProgramCalendar(core.sessions, core.clock, core.org_zone).apply(),
        lambda core, session: ProgramCalendar(core.sessions, core.clock, core.org_zone).next_change(
            session
        ),
    ),
    JobSpec(
        "pilots.review",
        "each pilot's review at its milestone weeks and its end, to its sponsor and KM lead",
        900,
        lambda core: pilot_reviews(core).send_due(),
        lambda core, session: pilot_reviews(core).next_due(session),
    ),
    JobSpec(
        "champions.weekly",
        "each champion's private Monday note on their unit: going quiet, unacknowledged, a lesson",
        1800,
        lambda core: ChampionNotes(core.sessions, core.clock, core.org_zone).send_due(),
        lambda core, session: ChampionNotes(core.sessions, core.clock, core.org_zone).next_due(
            session
        ),
    ),
    JobSpec(
        "outbox.dispatch",
        "send due deliveries from the outbox",
        5,
        lambda core: core.dispatcher.dispatch_due(),
        lambda core, session: core.dispatcher.next_dispatch(session),
    ),
)


def job_by_id(job_id: str) -> JobSpec:
    for job in JOBS:
        if job.id == job_id:
            return job
    known = ", ".join(j.id for j in JOBS)
    raise KeyError(f"unknown job {job_id!r} (known: {known})")


async def summing_due(core: Core, session: AsyncSession) -> datetime | None:
    """Now when a closed round has no summary (new, or changed since), else only a change."""
    return core.clock.now() if await any_pending(session) else None


def pilot_reviews(core: Core) -> PilotReviews:
    """The review job, with the Monday summary's chart links (when kmbot serves charts)."""
    return PilotReviews(core.sessions, core.clock, core.org_zone, core.recognition.charts)
