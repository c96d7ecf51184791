"""`kmbot demo --pilot`: a pilot and a comparison unit through the baseline, the milestone
reviews and the final review, on the real code; the effect it shows is its own assumption."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.engine import make_engine, make_sessions
from bot.db.pilot_baseline_models import PilotMetricValue, PilotPulseAnswer
from bot.db.privacy_models import AuditEntry
from bot.demo.organisation import DemoOptions
from bot.demo.pilot_plan import PILOT
from bot.demo.pilot_report import render_pilot
from bot.demo.pilot_run import run_pilot_demo
from tests.demo_dashboard import cli, overview_for

SPONSOR = "memory:acme:U0002"  # the demo's second colleague leads Sales, the target unit
ASSUMPTION = "Assumption of the demo, not a finding"


async def test_the_pilot_runs_from_its_baseline_to_its_final_review(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'pilot.db'}"
    report = await run_pilot_demo(DemoOptions(members=24, weeks=3, seed=1, db=url, pilot=True))
    text = render_pilot(report)

    assert [r.title for r in report.reviews] == [
        f"{PILOT}: week 1 review",
        f"{PILOT}: week 2 review",
        f"{PILOT}: the pilot's final review",
    ]
    assert [(d.week, d.choice, d.decided_by) for d in report.decisions] == [
        (1, "continue", "Colleague 2"),
        (2, "continue", "Colleague 2"),
    ]
    assert report.reviews[0].decision == "Recorded: the pilot continues as planned."
    final = report.reviews[-1].text
    assert "more in the pilot than in the comparison (95% interval" in final
    assert text.startswith("kmbot demo --pilot") and text.count(ASSUMPTION) == 2
    assert "adds 5 points to Sales's first-call resolution" in text
    assert "status: ended" in report.shown and "pulse, baseline: target" in report.shown

    engine = make_engine(url)
    async with make_sessions(engine)() as session:
        waves = set(await session.scalars(select(PilotPulseAnswer.wave).distinct()))
        values = await session.scalar(select(func.count()).select_from(PilotMetricValue))
        logged = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    await engine.dispose()
    assert waves == {"baseline", "week 1", "week 2", "end"}
    assert values == 2 * 5 * (4 + 3)  # two units, five working days, baseline and pilot weeks
    assert logged.count("pilot.decision") == 2 and "program.launch" in logged


async def test_with_no_assumed_effect_the_difference_is_inconclusive() -> None:
    report = await run_pilot_demo(
        DemoOptions(members=24, weeks=3, seed=1, pilot=True, assumed_effect=0)
    )
    lines = [
        line
        for review in report.reviews
        for line in review.text.splitlines()
        if "first-call resolution" in line
    ]
    assert len(lines) == 3
    assert all("is inconclusive: the interval" in line for line in lines)
    intervals = [re.search(r"(-?[\d.]+)% to (-?[\d.]+)%", line) for line in lines]
    assert all(m and float(m.group(1)) < 0 < float(m.group(2)) for m in intervals)
    assert "adds 0 points" in report.assumption


async def test_the_pilot_demo_s_json_and_database_open_in_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    argv = ["demo", "--pilot", "--members", "24", "--weeks", "3", "--json", "--db", url]
    assert await cli(*argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["assumption"].startswith(ASSUMPTION)
    assert [d["review"] for d in figures["decisions"]] == ["week 1", "week 2"]
    assert figures["reviews"][-1]["title"].endswith("final review")

    assert await cli("demo", "--pilot", "--weeks", "2") == 2
    assert "needs --weeks >= 3" in capsys.readouterr().err

    status, body = await overview_for(url, SPONSOR, monkeypatch, capsys)
    assert status == 200 and PILOT in body
