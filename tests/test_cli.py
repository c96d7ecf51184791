"""The `kmbot` command line: programs, questions, jobs, and clear one-line errors.

Each test has its own SQLite file, or, with KMBOT_TEST_DATABASE_URL, the PostgreSQL test
database emptied first.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.cli.main import log_level
from bot.db.engine import make_engine
from bot.db.migrate import alembic_config, revisions, upgrade
from bot.schedule import WEEKDAYS
from tests.conftest import PG_URL

PLATFORM_VARIABLES = (
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "MicrosoftAppId",
    "MicrosoftAppPassword",
    "MicrosoftAppType",
    "MicrosoftAppTenantId",
    "KMBOT_TEAMS_EMULATOR",
)


async def _empty_postgres(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as connection:
        names = (
            await connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ).scalars()
        await connection.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.chdir(tmp_path)
    for name in (
        "KMBOT_PORT",
        "KMBOT_TIMEZONE",
        "KMBOT_LOG_LEVEL",
        "KMBOT_HOST",
        "KMBOT_ENV",
        "KMBOT_PUBLIC_URL",
        "KMBOT_SECRET_KEY",
        *PLATFORM_VARIABLES,
    ):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    if PG_URL:
        url = PG_URL
        upgrade(url)
        asyncio.run(_empty_postgres(url))
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    levels = {name: logging.getLogger(name).level for name in ("", "apscheduler")}
    yield url
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    if PG_URL:
        upgrade(url)  # a test may have migrated it down


def one_line(err: str) -> str:
    """The error, checked to be one line starting "kmbot: " (no traceback, no usage)."""
    assert err.startswith("kmbot: ") and err.endswith("\n") and err.count("\n") == 1, err
    return err.removeprefix("kmbot: ").rstrip("\n")


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
    assert "Weekly learning\tdraft\t" in run(capsys, "program", "list")[1]
    assert run(capsys, "program", "launch", "Weekly learning")[0] == 0

    code, out, _ = run(capsys, "program", "list")
    assert code == 0
    assert out.splitlines() == [
        "name\tstatus\twhen (local)\tshare mode",
        "Weekly learning\tactive\tthu 15:00\tdigest",
    ]
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
        "job",
        "prompts.open",
        "prompts.remind",
        "rounds.close",
        "evidence.sum",
        "checkins.plan",
        "checkins.intro",
        "checkins.followup",
        "leads.nudge",
        "leads.weekly",
        "privacy.retention",
        "archive.tell",
        "events.remind",
        "events.capture",
        "sponsors.monthly",
        "newcomers.welcome",
        "newcomers.partner",
        "questions.notes",
        "programs.calendar",
        "pilots.review",
        "champions.weekly",
        "outbox.dispatch",
    ]
    code, out, _ = run(capsys, "jobs", "run", "prompts.open")
    assert code == 0 and out == "prompts.open: opened 0 prompts and queued their messages\n"
    code, out, _ = run(capsys, "jobs", "run", "outbox.dispatch")
    assert out == "outbox.dispatch: sent 0 deliveries; 0 to retry later, 0 failed, 0 cancelled\n"
    code, _, err = run(capsys, "jobs", "run", "prompts.nope")
    assert code == 2 and one_line(err).startswith("unknown job 'prompts.nope' (known: ")


def test_check_ins_are_configured_on_a_program(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *CREATE, "--checkins", "on", "--group-size", "3")[0] == 0
    code, out, _ = run(capsys, "program", "show", "Weekly learning")
    assert "check-ins: groups of 3 every 2 week(s), mon 10:00 local" in out
    code, _, err = run(capsys, "program", "update", "Weekly learning", "--group-size", "5")
    assert code == 2 and "group size must be 2, 3 or 4" in err


def test_db_upgrade_then_downgrade_to_base(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    *_, before, head = revisions(alembic_config(isolated))
    assert run(capsys, "db", "upgrade") == (0, f"database at revision {head} (head)\n", "")
    assert run(capsys, "db", "downgrade", before) == (0, f"database at revision {before}\n", "")
    assert run(capsys, "db", "downgrade", "base") == (0, "database at revision base\n", "")


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

    code, out, err = run(capsys, "members", "import", str(people))

    assert code == 2  # a row was refused
    assert out.splitlines() == [
        "line 2: applied: U2 is now champion; U2, unit Eng, role champion, level 2",
        "1 row(s) applied, 1 refused",
    ]
    assert err.splitlines() == [
        "kmbot: line 3: refused: unknown role 'king' "
        "(use one of member, lead, champion, admin, sponsor)"
    ]


def test_members_import_dry_run_units_file_and_exit_status(
    capsys: pytest.CaptureFixture[str], isolated: str, tmp_path: Path
) -> None:
    _people(isolated)
    units = tmp_path / "units.txt"
    units.write_text("Sales\nEng\nOps\nLogistics\n")
    people = tmp_path / "people.csv"
    people.write_text(
        "person,unit,manager,office\n"
        "u1@example.com,Logistcs,,Maputo\n"
        "u2@example.com,Logistics,u1@example.com,Beira\n"
        "u3@example.com,Eng,u3@example.com,\n"
    )

    dry = run(capsys, "members", "import", str(people), "--units", str(units), "--dry-run")
    fixed_typo = (
        people.read_text()
        .replace("Logistcs", "Logistics")
        .replace("u3@example.com,Eng,u3@example.com", "u3@example.com,Eng,u2@example.com")
    )
    people.write_text(fixed_typo)
    applied = run(capsys, "members", "import", str(people), "--units", str(units))

    assert dry == (
        2,
        "line 3: would apply: U2, unit Logistics, level 2, office Beira\n"
        "1 row(s) would apply, 2 refused (dry run: nothing was changed)\n",
        "kmbot: line 2: refused: unknown unit 'Logistcs' (did you mean 'Logistics'?); "
        f"known units come from {units}\n"
        "kmbot: line 4: refused: manager loop: U3 cannot manage themselves\n",
    )
    assert applied[0] == 0 and applied[2] == ""
    assert applied[1].splitlines()[-1] == "3 row(s) applied, 0 refused"
    assert run(capsys, "members", "pending") == (
        0,
        "Nobody is pending: every imported person has been matched.\n",
        "",
    )
    people.write_text("person,unit,manager\nnew@example.com,Eng,u1@example.com\n")
    assert run(capsys, "members", "import", str(people))[0] == 0
    code, out, _ = run(capsys, "members", "pending")
    assert code == 0 and out.splitlines()[0].startswith(
        "new@example.com: unit Eng, role member, level 2, office -, manager slack:T1:U1, imported "
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("person,office\nu1@example.com,Bogotá\n".encode("latin-1"))
    assert run(capsys, "members", "import", str(latin)) == (
        2,
        "",
        f"kmbot: cannot read {latin}: it is not UTF-8 text (save as CSV UTF-8)\n",
    )


def test_pairing_preview_of_a_program(capsys: pytest.CaptureFixture[str], isolated: str) -> None:
    _people(isolated)
    assert run(capsys, *CREATE, "--checkins", "on")[0] == 0

    code, out, _ = run(capsys, "pairing", "preview", "Weekly learning", "--json")

    assert code == 0
    groups = json.loads(out)["groups"]
    assert sorted(u for g in groups for u in g) == ["U1", "U2", "U3", "U4"]
    assert all(len({"U2", "U3"} & set(g)) < 2 for g in groups)  # the two Eng people split


# --- settings: KMBOT_ENV, KMBOT_PUBLIC_URL, half-configured platforms ---------------------


@pytest.mark.parametrize("typo", ["prod", "staging", "productoin", ""])
def test_a_kmbot_env_typo_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, typo: str
) -> None:
    monkeypatch.setenv("KMBOT_ENV", typo)

    code, out, err = run(capsys, "program", "list")

    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"invalid setting KMBOT_ENV: must be development or production, not {typo!r}"
    )


def test_kmbot_env_is_one_of_two_words_in_any_case(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_ENV", "Production")
    assert run(capsys, "program", "list")[0] == 0


@pytest.mark.parametrize(
    ("env", "url", "refusal"),
    [
        ("production", "http://kmbot.example.com", "must be https:// when KMBOT_ENV=production"),
        ("development", "kmbot.example.com", "must be an http(s) address"),
        ("development", "ftp://kmbot.example.com", "must be an http(s) address"),
        ("production", "https://kmbot.example.com", None),
        ("development", "http://localhost:3978", None),
    ],
)
def test_the_public_url_is_https_in_production(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: str,
    url: str,
    refusal: str | None,
) -> None:
    monkeypatch.setenv("KMBOT_ENV", env)
    monkeypatch.setenv("KMBOT_PUBLIC_URL", url)

    code, _, err = run(capsys, "program", "list")

    if refusal is None:
        assert (code, err) == (0, "")
    else:
        assert code == 2
        assert one_line(err).startswith(f"invalid setting KMBOT_PUBLIC_URL: {refusal}")


def test_the_teams_package_takes_its_host_from_the_public_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app_id = "00000000-0000-0000-0000-000000000001"
    code, _, err = run(capsys, "teams-package", "--app-id", app_id)
    assert code == 2 and one_line(err) == "teams-package needs --host (or KMBOT_PUBLIC_URL)"

    monkeypatch.setenv("KMBOT_PUBLIC_URL", "https://kmbot.example.com/")
    code, out, _ = run(capsys, "teams-package", "--app-id", app_id, "--output", "t.zip")

    assert code == 0 and out.startswith("wrote")
    import zipfile

    manifest = zipfile.ZipFile(tmp_path / "t.zip").read("manifest.json").decode()
    assert "kmbot.example.com" in manifest


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN"),
        (
            {"SLACK_SIGNING_SECRET": "s"},
            "SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "(a distributed app) is required with SLACK_SIGNING_SECRET",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2"},
            "SLACK_CLIENT_SECRET is required with SLACK_CLIENT_ID",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_SECRET": "c"},
            "SLACK_CLIENT_ID is required with SLACK_CLIENT_SECRET",
        ),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"},
            "SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET",
        ),
        (
            {"MicrosoftAppPassword": "p"},
            "MicrosoftAppId is required with MicrosoftAppPassword",
        ),
        (
            {"MicrosoftAppTenantId": "t", "MicrosoftAppType": "SingleTenant"},
            "MicrosoftAppId is required with MicrosoftAppTenantId",
        ),
    ],
)
def test_a_half_configured_platform_stops_start_up_naming_the_missing_variable(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variables: dict[str, str],
    missing: str,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    platform = "Slack" if any(name.startswith("SLACK") for name in variables) else "Teams"

    for command in (("serve",), ("jobs", "run", "outbox.dispatch")):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, "")
        assert one_line(err) == f"invalid {platform} settings: {missing}"


def test_a_bad_slack_number_names_its_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_SLACK_RATE_LIMIT_RETRIES", "three")
    code, _, err = run(capsys, "serve")
    assert code == 2 and one_line(err) == (
        "invalid setting KMBOT_SLACK_RATE_LIMIT_RETRIES: expected a whole number, not 'three'"
    )


def test_production_refuses_teams_emulator_mode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_ENV", "production")
    monkeypatch.setenv("KMBOT_SECRET_KEY", "Yb2CYdBPDRS7tdyG2L9KDO4GQ-A0ROkOsNaVb2-qLe4=")
    monkeypatch.setenv("KMBOT_TEAMS_EMULATOR", "true")

    code, _, err = run(capsys, "serve")

    assert code == 2 and one_line(err).startswith(
        "Teams emulator mode (no MicrosoftAppId) is refused when KMBOT_ENV=production"
    )


# --- one-line errors, exit status 2 ---------------------------------------------------------


def test_program_create_without_a_purpose_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "program", "create", "P", "--share-mode", "private")
    assert (code, out) == (2, "")
    assert one_line(err) == (
        'a program needs --purpose "one sentence on why it exists" (members see it)'
    )


def test_program_update_renames(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert (
        run(capsys, "program", "create", "Other", "--purpose", "P.", "--share-mode", "private")[0]
        == 0
    )

    code, out, err = run(capsys, "program", "update", "Weekly learning", "--rename", "Lessons")

    assert (code, err) == (0, "")
    assert out.startswith("updated program 'Lessons'\n")
    assert "Lessons\tdraft" in run(capsys, "program", "list")[1]
    code, _, err = run(capsys, "program", "update", "Lessons", "--rename", "Other")
    assert code == 2 and one_line(err) == "a program named 'Other' already exists"
    code, _, err = run(capsys, "program", "update", "Lessons", "--rename", " ")
    assert code == 2 and one_line(err) == "name must be 1 to 120 characters"


@pytest.mark.parametrize("action", ["downgrade", "upgrade"])
def test_an_unknown_revision_is_one_line(capsys: pytest.CaptureFixture[str], action: str) -> None:
    code, out, err = run(capsys, "db", action, "9999")
    assert (code, out) == (2, "")
    message = one_line(err)
    assert message.startswith("no migration revision '9999' (known: base, 0001, ")
    assert message.endswith(", head)")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("nonsense", "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"),
        ("sqlite:///demo.db", "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"),
        ("postgresql+asyncpg://kmbot@db:port/kmbot", "invalid literal for int()"),
    ],
)
def test_the_demo_with_a_bad_database_url_is_one_line(
    capsys: pytest.CaptureFixture[str], url: str, why: str
) -> None:
    code, out, err = run(capsys, "demo", "--db", url)
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"invalid --db {url!r}: {why}")


def test_a_sqlite_file_in_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'k.db'}"
    expected = (
        f"the SQLite database {tmp_path / 'nowhere' / 'k.db'} cannot be created: "
        f"{tmp_path / 'nowhere'} does not exist (set KMBOT_DATABASE_URL to a file in a folder "
        "kmbot may write)"
    )
    monkeypatch.setenv("KMBOT_DATABASE_URL", url)
    for command in (("program", "list"), ("serve",), ("db", "upgrade"), ("demo", "--db", url)):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, ""), command
        assert one_line(err) == expected
    assert not (tmp_path / "nowhere").exists()


# --- quiet by default, human output -----------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "command", "verbose", "level"),
    [
        ("INFO", "program", 0, "WARNING"),
        ("INFO", "db", 1, "INFO"),
        ("INFO", "db", 2, "DEBUG"),
        ("ERROR", "jobs", 0, "ERROR"),
        ("DEBUG", "outbox", 0, "WARNING"),
        ("INFO", "serve", 0, "INFO"),
        ("WARNING", "serve", 0, "WARNING"),
        ("WARNING", "serve", 1, "INFO"),
        ("DEBUG", "serve", 0, "DEBUG"),
    ],
)
def test_commands_are_quiet_unless_asked(
    configured: str, command: str, verbose: int, level: str
) -> None:
    assert log_level(configured, command, verbose) == level


def test_v_works_before_and_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-v", "program", "list")[0] == 0
    assert logging.getLogger().level == logging.INFO
    assert run(capsys, "program", "list", "-vv")[0] == 0
    assert logging.getLogger().level == logging.DEBUG
    assert run(capsys, "program", "list")[0] == 0
    assert logging.getLogger().level == logging.WARNING


def _program_due(weekday: int, time: str) -> tuple[str, ...]:
    return (
        "program",
        "create",
        "Weekly learning",
        "--purpose",
        "We share what we learn.",
        "--weekday",
        WEEKDAYS[weekday],
        "--time",
        time,
        "--share-mode",
        "private",
    )


def test_jobs_list_shows_when_each_job_next_has_work(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    _people(isolated)
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert run(capsys, *_program_due(tomorrow.weekday(), "15:00"))[0] == 0
    assert run(capsys, "program", "launch", "Weekly learning")[0] == 0

    code, out, _ = run(capsys, "jobs", "list")

    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["job", "next", "work", "checks", "every", "what", "it", "does"]
    by_job = {row.split()[0]: row for row in rows}
    assert f"prompts.open       {tomorrow:%Y-%m-%d} 15:00 UTC  " in by_job["prompts.open"]
    assert "no work yet (next check " in by_job["outbox.dispatch"]
    assert re.split(r"\s{2,}", by_job["outbox.dispatch"])[2:] == [
        "5 s",
        "send due deliveries from the outbox",
    ]


def test_deliveries_for_an_unconfigured_platform_are_reported(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    _people(isolated)  # four Slack members; Slack is not configured here
    today = datetime.now(UTC).date()
    assert run(capsys, *_program_due(today.weekday(), "00:00"))[0] == 0
    assert run(capsys, "program", "launch", "Weekly learning")[0] == 0
    note = (
        "note: 4 pending deliveries for slack, which is not configured here: they wait until "
        "slack is configured (kmbot outbox --status pending lists them)"
    )

    code, out, _ = run(capsys, "jobs", "run", "prompts.open")
    assert code == 0
    assert out.splitlines() == ["prompts.open: opened 4 prompts and queued their messages", note]
    code, out, _ = run(capsys, "jobs", "run", "outbox.dispatch")
    assert out.splitlines()[1:] == [note]
    code, out, _ = run(capsys, "outbox")
    assert out.splitlines() == [note, "no failed deliveries"]
    code, out, _ = run(capsys, "outbox", "--status", "pending")
    assert out.splitlines()[0] == note and len(out.splitlines()) == 5
    code, out, _ = run(capsys, "jobs", "list")
    assert out.splitlines()[-1] == note


def test_db_backup_copies_a_sqlite_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KMBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'live.db'}")
    assert run(capsys, *CREATE)[0] == 0
    target = tmp_path / "copy.db"
    live = sqlite3.connect(tmp_path / "live.db")  # a running kmbot: this write is in the WAL
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("UPDATE programs SET purpose = 'Written while running.'")
    live.commit()

    code, out, err = run(capsys, "db", "backup", str(target))

    live.close()
    assert (code, err) == (0, "")
    assert out.startswith(f"backed up {tmp_path / 'live.db'} to {target} (")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name, purpose FROM programs").fetchall() == [
            ("Weekly learning", "Written while running.")
        ]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "copy.db-wal").exists()

    code, _, err = run(capsys, "db", "backup", str(target))
    assert code == 2 and one_line(err) == f"{target} already exists: give a new file name"


def test_db_backup_refuses_what_it_cannot_copy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KMBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    code, _, err = run(capsys, "db", "backup", "copy.db")
    assert code == 2
    assert (
        one_line(err) == f"no SQLite database at {tmp_path / 'none.db'} (check KMBOT_DATABASE_URL)"
    )
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "copy.db").exists()

    monkeypatch.setenv("KMBOT_DATABASE_URL", "postgresql+asyncpg://kmbot:secret@db.internal/kmbot")
    code, _, err = run(capsys, "db", "backup", "kmbot.dump")
    assert code == 2 and one_line(err) == (
        "db backup copies SQLite databases; for PostgreSQL use pg_dump, e.g. "
        "pg_dump --format=custom --file kmbot.dump 'postgresql://kmbot@db.internal/kmbot'"
    )


def test_jobs_run_says_what_the_event_jobs_did(capsys: pytest.CaptureFixture[str]) -> None:
    remind = run(capsys, "jobs", "run", "events.remind")[1]
    assert remind == "events.remind: queued 0 event reminders\n"
    assert (
        run(capsys, "jobs", "run", "events.capture")[1]
        == "events.capture: queued 0 after-event questions\n"
    )


def test_jobs_run_says_what_the_sponsor_job_did(capsys: pytest.CaptureFixture[str]) -> None:
    monthly = run(capsys, "jobs", "run", "sponsors.monthly")[1]
    assert monthly == "sponsors.monthly: queued 0 sponsor summaries\n"


def test_a_sponsor_endorses_a_program_from_the_command_line(
    capsys: pytest.CaptureFixture[str], isolated: str, tmp_path: Path
) -> None:
    _people(isolated)
    assert run(capsys, *CREATE)[0] == 0
    line = "Take 15 minutes on Friday for this: it is part of our work."
    endorse = ("program", "update", "Weekly learning", "--endorsement", line)

    code, _, err = run(capsys, *endorse, "--sponsor", "slack:T1:U1")
    assert code == 2 and one_line(err) == (
        "U1 is not a sponsor: first run `kmbot member role slack:T1:U1 sponsor`."
    )
    code, _, err = run(capsys, *endorse)
    assert code == 2 and one_line(err).startswith("an endorsement needs its sponsor")
    assert "endorsement: none" in run(capsys, "program", "show", "Weekly learning")[1]

    people = tmp_path / "people.csv"
    people.write_text("person,role,title\nu1@example.com,sponsor,Country Director\n")
    assert run(capsys, "members", "import", str(people))[0] == 0
    code, out, _ = run(capsys, *endorse, "--sponsor", "u1@example.com")
    assert code == 0
    assert f"endorsement: {line} — U1, Country Director" in out
    code, _, err = run(capsys, "program", "update", "Weekly learning", "--endorsement", "x" * 301)
    assert code == 2 and one_line(err) == ("the endorsement is one line of at most 300 characters")
    assert f"endorsement: {line} — U1" in run(capsys, "program", "show", "Weekly learning")[1]
