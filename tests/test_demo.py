"""`kmbot demo`: its figures agree with what the in-memory platform and database saw."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.db.checkin_models import CheckinGroup, CheckinParticipant
from bot.db.engine import make_engine, make_sessions
from bot.db.leader_models import Nudge
from bot.db.models import Delivery, Prompt, Reply
from bot.demo.organisation import PROGRAM, DemoOptions
from bot.demo.report import render_table
from bot.demo.run import run_demo
from bot.evidence.render import render_text
from bot.evidence.report import program_id_named, program_report


async def test_three_weeks_of_twelve_members_agree_with_the_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    report = await run_demo(DemoOptions(members=12, weeks=3, seed=1, db=url))

    engine = make_engine(url)
    async with engine.connect() as connection:

        async def count(query: object) -> int:
            return int(await connection.scalar(query) or 0)  # type: ignore[arg-type]

        prompts = await count(select(func.count()).select_from(Prompt))
        per_member_week = await count(
            select(func.count()).select_from(
                select(Prompt.member_id, Prompt.cycle)
                .group_by(Prompt.member_id, Prompt.cycle)
                .having(func.count() > 1)
                .subquery()
            )
        )
        sent_prompts = await count(
            select(func.count()).where(Delivery.kind == "prompt", Delivery.status == "sent")
        )
        sent_reminders = await count(
            select(func.count()).where(Delivery.kind == "reminder", Delivery.status == "sent")
        )
        replies = await count(
            select(func.count()).select_from(Reply).where(Reply.prompt_id.is_not(None))
        )
        lead_lessons = await count(
            select(func.count()).select_from(Reply).where(Reply.prompt_id.is_(None))
        )
        nudges = await count(select(func.count()).select_from(Nudge))
        participants = await count(select(func.count()).select_from(CheckinParticipant))
        groups = await count(select(func.count()).select_from(CheckinGroup))
        outcomes: dict[int, list[str | None]] = {}
        for group_id, outcome in await connection.execute(
            select(CheckinParticipant.group_id, CheckinParticipant.outcome)
        ):
            outcomes.setdefault(group_id, []).append(outcome)
        all_met = sum(all(o == "met" for o in group) for group in outcomes.values())
    async with make_sessions(engine)() as session:
        program = await program_report(session, await program_id_named(session, PROGRAM))
    await engine.dispose()

    assert render_text(program) in render_table(report)  # the demo prints `kmbot report`
    assert report.as_json()["report"]["total"]["participation"]["k"] == replies

    figures = report.as_json()
    assert figures["prompts_sent"] == prompts == sent_prompts == 12 * 3
    assert per_member_week == 0
    assert figures["reminders_sent"] == sent_reminders
    assert figures["replies"] == replies
    assert figures["digests_posted"] == 3
    assert figures["checkins_groups"] == groups == 2 * 6  # 12 people, pairs, 2 rounds
    assert figures["checkin_intros_sent"] == participants == 2 * 12
    assert figures["checkins_met"] == all_met  # a group met only when everyone says so
    assert figures["repeat_pairs"] == 0
    assert figures["lead_nudges_sent"] == nudges > 0
    assert figures["lessons_by_leads"] == lead_lessons > 0
    assert 0 < figures["lead_first_rate"] <= 1
    rates = figures["response_rate_by_week"]
    assert len(rates) == 3 and all(0 < rate <= 1 for rate in rates)
    assert sum(w["answered_on_time"] + w["answered_late"] for w in figures["by_week"]) == replies


async def test_the_transcript_shows_each_member_what_they_saw_and_did_in_order() -> None:
    report = await run_demo(DemoOptions(members=8, weeks=1, seed=1, transcript=True))

    sections = report.transcript.split("\n\n")
    headers = [section.splitlines()[0] for section in sections]
    assert [h.split(" (")[0] for h in headers[:8]] == [f"Colleague {n}" for n in range(1, 9)]
    assert headers[8].startswith("#C-learning")
    for section in sections[:8]:
        lines = section.splitlines()[1:]
        assert any("this week's question" in line for line in lines)
        moments = [
            datetime.strptime(f"2026 {line.split('  ')[1]}", "%Y %a %d %b %H:%M") for line in lines
        ]
        assert moments == sorted(moments)  # in the order the member lived it
    answered = report.transcript.count("you: answered the question")
    assert answered == report.replies > 0
    assert "what we learned" in sections[8]  # the round's digest in the feed
    proposer = next(s for s in sections if s.startswith("Colleague 2 "))
    assert "you: clicked: Propose with my name  → Thanks! Your question is proposed" in proposer
    assert "you: voted for a proposed question  → Thanks, your vote is counted" in report.transcript
    assert "you: approved a proposed question  → Approved: it joins the rotation" in sections[7]
    assert "this week's question (Proposed by Colleague 2)" in sections[0]  # asked, credited
    typed = "you: replied in chat  → It will be shared with your name in the round's digest"
    assert typed in report.transcript  # a reply typed in chat says where it goes; Save stores it
    assert "you: answered the question (clicked Save)  → Saved as your answer." in report.transcript
    assert "you: edited the answer  → Your answer is updated." in report.transcript
    assert "you: gave a reason: No time  → Thanks for telling us." in report.transcript
    helper = next(s for s in sections if s.startswith("Colleague 3 "))
    assert "you: typed: search checklist" in helper
    assert "you: clicked: This helped me (1)  → Thanks! The author will hear" in helper
    assert "kmbot: Your sharing helps" in report.transcript  # and the author hears it
    assert "↳ kmbot: More answers" in sections[8]  # the digest's other answers, in its thread


def test_the_command_prints_one_json_object(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--weeks", "1", "--members", "8", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert {
        "weeks",
        "members",
        "prompts_sent",
        "replies",
        "reminders_sent",
        "response_rate_by_week",
    } <= set(figures)
    assert figures["prompts_sent"] == 8
