"""The demo's figures, read from the database and the in-memory platform's transcript."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.actions import PROMPT_ANSWER
from bot.chat import MemberAddress
from bot.core import Core
from bot.db.models import Prompt, Reply
from bot.demo.checkin_figures import checkin_figures
from bot.demo.leader_figures import leader_figures
from bot.demo.organisation import FEED, DemoOptions
from bot.demo.report import DemoReport, WeekRow


async def demo_report(core: Core, platform: InMemoryPlatform, options: DemoOptions) -> DemoReport:
    """Every figure of the report, each counted from what really happened."""
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
