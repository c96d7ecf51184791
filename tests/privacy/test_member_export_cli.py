"""`kmbot member export PERSON`: the admin's copy of what `my data` sends, and its audit entry."""

from __future__ import annotations

import asyncio
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.db.engine import make_engine, make_sessions
from bot.people.directory import ensure_workspace, upsert_member
from tests.test_cli import isolated, one_line, run

__all__ = ["isolated"]  # the CLI tests' own database and environment, for each test here


def add_ana(url: str) -> None:
    async def add() -> None:
        engine = make_engine(url)
        async with make_sessions(engine).begin() as session:
            now = datetime.now(UTC)
            workspace = await ensure_workspace(session, "slack", "T1", now)
            await upsert_member(session, workspace, "U-ana", now, display_name="Ana")
            await upsert_member(session, workspace, "U-bo", now, display_name="Bo")
        await engine.dispose()

    asyncio.run(add())


def test_an_admin_exports_one_person_and_the_export_is_audited(
    capsys: pytest.CaptureFixture[str], isolated: str, tmp_path: Path
) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    add_ana(isolated)

    code, out, err = run(capsys, "member", "export", "slack:T1:U-ana")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [m["display_name"] for m in document["tables"]["members"]] == ["Ana"]

    target = tmp_path / "ana.json"
    code, out, _ = run(capsys, "member", "export", "slack:T1:U-ana", "--output", str(target))
    assert code == 0 and out == f"wrote 1 rows about slack:T1:U-ana to {target}\n"
    assert json.loads(target.read_text())["tables"] == document["tables"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data: the owner's only

    code, _, err = run(capsys, "member", "export", "slack:T1:U-ana", "--output", str(target))
    assert code == 2 and one_line(err) == f"{target} exists already; choose a new file for --output"
    code, _, err = run(capsys, "member", "export", "slack:T1:U-nobody")
    assert code == 2 and one_line(err).startswith("unknown person 'slack:T1:U-nobody'")

    logged = [line.split("\t") for line in run(capsys, "audit")[1].splitlines()[1:]]
    assert [(row[2], row[3]) for row in logged] == [
        ("member.export", "slack:T1:U-ana"),
        ("member.export", "slack:T1:U-ana"),
    ]


def test_an_admin_deletes_one_person_only_with_yes_and_the_log_does_not_name_them(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    add_ana(isolated)

    code, out, err = run(capsys, "member", "delete", "slack:T1:U-ana")
    assert (code, out) == (2, "")
    assert one_line(err) == "deleting slack:T1:U-ana cannot be undone: add --yes to confirm"

    code, out, err = run(capsys, "member", "delete", "slack:T1:U-ana", "--yes")

    assert (code, err) == (0, "")
    assert out.startswith("slack:T1:U-ana: deleted: 1 rows about them (0 answers)")
    code, _, err = run(capsys, "member", "export", "slack:T1:U-ana")
    assert code == 2 and one_line(err).startswith("unknown person 'slack:T1:U-ana'")
    log = run(capsys, "audit")[1]
    assert "member.delete\tan erased member" in log and "U-ana" not in log.split("member.delete")[1]
