"""The `kmbot` command line: programs, questions, jobs, and clear one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("KMBOT_PORT", "KMBOT_TIMEZONE", "KMBOT_LOG_LEVEL", "KMBOT_HOST"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


CREATE = (
    "program",
    "create",
    "Weekly learning",
    "--purpose",
    "We share what we learn.",
    "--weekday",
    "thu",
    "--time",
    "15:00",
    "--share-mode",
    "digest",
    "--feed",
    "slack:T1:C1",
)


def test_create_list_show_update_pause_a_program(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *CREATE)[0] == 0

    code, out, _ = run(capsys, "program", "list")
    assert code == 0 and "Weekly learning\tactive\tthu 15:00\tdigest" in out
    code, out, _ = run(
        capsys,
        "program",
        "update",
        "Weekly learning",
        "--time",
        "09:30",
        "--answer-window-days",
        "2",
    )
    assert code == 0 and "thu 09:30" in out and "48 h" in out
    assert run(capsys, "program", "pause", "Weekly learning")[0] == 0
    code, out, _ = run(capsys, "program", "show", "Weekly learning")
    assert "status: paused" in out and "purpose: We share what we learn." in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--weekday", "funday"), "unknown weekday 'funday'"),
        (("--time", "25:00"), "invalid time '25:00'"),
        (("--timezone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (("--audience", "planet:earth"), "unknown audience 'planet:earth'"),
        (("--cadence-weeks", "0"), "cadence must be every 1 to 12 weeks"),
    ],
)
def test_bad_program_fields_are_one_clear_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], extra: tuple[str, str], message: str
) -> None:
    code, out, err = run(capsys, *CREATE, *extra)

    assert code == 2 and out == ""
    assert err == f"kmbot: {message}" + err.removeprefix(f"kmbot: {message}")
    assert err.count("\n") == 1


def test_sharing_needs_a_feed(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "program", "create", "P", "--purpose", "Learn.", "--share-mode", "feed"
    )
    assert code == 2 and "share mode 'feed' needs --feed PLATFORM:WORKSPACE:CHANNEL" in err


def test_an_unknown_program_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "program", "show", "Nope")
    assert code == 2 and "no program named 'Nope'" in err


def test_a_bad_setting_names_the_variable_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_TIMEZONE", "Atlantis/Capital")
    code, _, err = run(capsys, "program", "list")
    assert code == 2
    assert err.strip() == (
        "kmbot: invalid setting KMBOT_TIMEZONE: unknown time zone "
        "'Atlantis/Capital' (use an IANA name such as Europe/Lisbon)"
    )
    monkeypatch.setenv("KMBOT_TIMEZONE", "UTC")
    monkeypatch.setenv("KMBOT_PORT", "http")
    code, _, err = run(capsys, "program", "list")
    assert code == 2 and err.startswith("kmbot: invalid setting KMBOT_PORT:")


def test_a_database_that_is_down_is_a_clear_message_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_DATABASE_URL", "postgresql+asyncpg://kmbot@127.0.0.1:1/kmbot")
    code, _, err = run(capsys, "program", "list")
    assert code == 1
    assert err.startswith("kmbot: cannot reach the database at postgresql+asyncpg://")


def test_questions_can_be_added_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "question", "add", "What did a customer teach you?", "--category", "customers"
    )
    assert code == 0 and "added question" in out
    code, out, _ = run(capsys, "question", "list")
    assert "What did a customer teach you?" in out
    assert "What should a newcomer to your team know" in out
    assert len(out.splitlines()) >= 21


def test_jobs_list_and_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "jobs", "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        "prompts.open",
        "prompts.remind",
        "rounds.close",
        "checkins.plan",
        "checkins.intro",
        "checkins.followup",
        "leads.nudge",
        "leads.weekly",
        "outbox.dispatch",
    ]
    code, out, _ = run(capsys, "jobs", "run", "prompts.open")
    assert code == 0 and out.strip() == "prompts.open: 0"
    code, _, err = run(capsys, "jobs", "run", "prompts.nope")
    assert code == 2 and "unknown job 'prompts.nope'" in err


def test_check_ins_are_configured_on_a_program(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *CREATE, "--checkins", "on", "--group-size", "3")[0] == 0
    code, out, _ = run(capsys, "program", "show", "Weekly learning")
    assert "check-ins: groups of 3 every 2 week(s), mon 10:00 local" in out
    code, _, err = run(capsys, "program", "update", "Weekly learning", "--group-size", "5")
    assert code == 2 and "group size must be 2, 3 or 4" in err


def test_db_upgrade_then_downgrade_to_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "db", "upgrade")[:2] == (0, "database at latest\n")
    assert run(capsys, "db", "downgrade", "base")[0] == 0


def _people(url: str) -> None:
    """Three synced people in two units, as a directory sync would leave them."""
    import asyncio

    from bot.clock import SystemClock
    from bot.db.engine import make_engine, make_sessions
    from bot.db.migrate import upgrade
    from bot.people.directory import ensure_workspace, upsert_member

    async def add() -> None:
        engine = make_engine(url)
        async with make_sessions(engine).begin() as session:
            now = SystemClock().now()
            workspace = await ensure_workspace(session, "slack", "T1", now)
            for user, unit in (("U1", "Sales"), ("U2", "Eng"), ("U3", "Eng"), ("U4", "Ops")):
                await upsert_member(
                    session,
                    workspace,
                    user,
                    now,
                    display_name=user,
                    unit=unit,
                    tz="UTC",
                    email=f"{user.lower()}@example.com",
                )
        await engine.dispose()

    upgrade(url)
    asyncio.run(add())


def test_roles_by_command_and_by_csv_with_a_per_row_report(
    capsys: pytest.CaptureFixture[str], isolated: str, tmp_path: Path
) -> None:
    _people(isolated)
    code, out, _ = run(capsys, "member", "role", "slack:T1:U1", "lead", "--unit", "Sales")
    assert code == 0 and out.strip() == "U1 now leads Sales"
    code, _, err = run(capsys, "member", "role", "nobody@example.com", "admin")
    assert code == 2 and "unknown person 'nobody@example.com'" in err
    people = tmp_path / "people.csv"
    people.write_text(
        "person,unit,role,manager\nu2@example.com,Eng,champion,u1@example.com\n"
        "u3@example.com,Eng,king,\n"
    )

    code, out, _ = run(capsys, "members", "import", str(people))

    assert code == 0
    assert out.splitlines() == [
        "line 2: applied: U2 is now champion",
        "line 3: refused: unknown role 'king' (use one of member, lead, champion, admin)",
        "1 row(s) applied, 1 refused",
    ]


def test_pairing_preview_of_a_program(capsys: pytest.CaptureFixture[str], isolated: str) -> None:
    _people(isolated)
    assert run(capsys, *CREATE, "--checkins", "on")[0] == 0

    code, out, _ = run(capsys, "pairing", "preview", "Weekly learning", "--json")

    assert code == 0
    groups = json.loads(out)["groups"]
    assert sorted(u for g in groups for u in g) == ["U1", "U2", "U3", "U4"]
    assert all(len({"U2", "U3"} & set(g)) < 2 for g in groups)  # the two Eng people split
