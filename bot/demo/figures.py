"""The demo's figures, read from the database and the in-memory platform's transcript."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.actions import PROMPT_ANSWER
from bot.chat import MemberAddress
from bot.core import Core
from bot.db.models import Reply
from bot.demo.checkin_figures import checkin_figures
from bot.demo.leader_figures import lessons_by_leads
from bot.demo.organisation import FEED, PROGRAM, DemoOptions
from bot.demo.report import DemoReport, WeekRow
from bot.evidence.report import program_id_named, program_report


async def demo_report(core: Core, platform: InMemoryPlatform, options: DemoOptions) -> DemoReport:
    """Every figure of the report, each counted from what really happened; the program's
    figures through the same code as `kmbot report` (bot.evidence)."""
    async with core.sessions() as session:
        program = await program_report(session, await program_id_named(session, PROGRAM))
        replies = (
            await session.scalar(
                select(func.count()).select_from(Reply).where(Reply.prompt_id.is_not(None))
            )
            or 0
        )
        checkins = await checkin_figures(session)
        lessons = await lessons_by_leads(session)
    rows = [
        WeekRow(
            week,
            row.outcomes.asked,
            row.outcomes.on_time,
            row.outcomes.late,
            row.outcomes.skipped,
            row.outcomes.missed,
        )
        for week, row in enumerate(program.rows, start=1)
    ]
    prompts = [s for s in platform.transcript if _prompt_kind(s) == "prompt"]
    reminders = [s for s in platform.transcript if _prompt_kind(s) == "reminder"]
    went_first = program.leads.went_first
    return DemoReport(
        weeks=options.weeks,
        members=options.members,
        seed=options.seed,
        prompts_sent=len(prompts),
        reminders_sent=len(reminders),
        replies=replies,
        digests_posted=sum("what we learned" in s.message.title for s in platform.posted_in(FEED)),
        rows=rows,
        checkins_groups=program.checkins.groups,
        checkins_met=program.checkins.both_confirmed,
        repeat_pairs=checkins.repeat_pairs,
        checkin_intros_sent=sum(
            "peer check-in with" in s.message.title for s in platform.transcript
        ),
        lead_nudges_sent=sum("go first" in s.message.title for s in platform.transcript),
        lessons_by_leads=lessons,
        lead_first_rate=round(went_first.k / went_first.n, 3) if went_first.n else 0.0,
        program=program,
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
