"""`kmbot demo --db` leaves a database the dashboard opens: `kmbot dashboard-link` signs a
lead in, who sees their unit's figures; a member gets no link."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.demo_dashboard import cli, overview_for

LEAD = "memory:acme:U0001"  # the demo's first colleague leads the first unit
MEMBER = "memory:acme:U0010"


async def test_a_demo_database_opens_in_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    assert await cli("demo", "--members", "40", "--weeks", "3", "--db", url) == 0
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    capsys.readouterr()

    assert await cli("dashboard-link", MEMBER) == 2
    assert "the dashboard is for leads" in capsys.readouterr().err.lower()
    status, body = await overview_for(url, LEAD, monkeypatch, capsys)
    assert status == 200 and "Participation by round" in body
    assert "Weekly learning" in body and "95% interval" in body
