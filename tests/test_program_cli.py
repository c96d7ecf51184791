"""The lifecycle and pilot commands on the command line: every mistake is one clear line
(exit 2) and changes nothing."""

from __future__ import annotations

import pytest

from tests.test_cli import CREATE, _people, isolated, one_line, run

__all__ = ["isolated"]  # the per-test database, from the CLI tests
PILOT = (
    "pilot",
    "create",
    "Pilot",
    "--purpose",
    "Fewer repeated quote mistakes.",
    "--target",
    "Sales",
    "--function",
    "frontline",
    "--established",
    "yes",
    "--share-mode",
    "private",
    "--end-date",
    "2099-06-30",
)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("program", "delete", "Weekly learning"), None),  # a draft: deleted
        (("program", "pause", "Weekly learning"), "is draft; launch it"),
        (("program", "end", "Weekly learning"), "is draft, not active"),
        (("program", "archive", "Weekly learning"), "only an ended program can be archived"),
        (("program", "launch", "Weekly learning", "--on", "soon"), "launch day must be a day"),
        (("program", "update", "Weekly learning", "--end-date", "2001-01-01"), "in the past"),
        (
            (
                "program",
                "update",
                "Weekly learning",
                "--start-date",
                "2099-02-01",
                "--end-date",
                "2099-01-01",
            ),
            "end date 2099-01-01 is before the start date 2099-02-01",
        ),
    ],
)
def test_lifecycle_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str | None
) -> None:
    assert run(capsys, *CREATE)[0] == 0

    code, out, err = run(capsys, *argv)

    if message is None:
        assert (code, out) == (0, "deleted draft program 'Weekly learning'\n")
        assert "no programs yet" in run(capsys, "program", "list")[1]
        return
    assert (code, out) == (2, "") and message in one_line(err)
    assert "Weekly learning\tdraft\t" in run(capsys, "program", "list")[1]  # nothing changed


def test_an_active_program_cannot_be_deleted_or_launched_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert run(capsys, "program", "launch", "Weekly learning")[0] == 0

    code, _, err = run(capsys, "program", "delete", "Weekly learning")
    assert code == 2 and one_line(err) == (
        "program 'Weekly learning' is active: only drafts can be deleted (end it instead: "
        "kmbot program end Weekly learning)"
    )
    code, _, err = run(capsys, "program", "launch", "Weekly learning")
    assert code == 2 and one_line(err) == "program 'Weekly learning' is active, not a draft"
    assert run(capsys, "program", "end", "Weekly learning", "--reason", "done")[0] == 0
    assert run(capsys, "program", "archive", "Weekly learning")[0] == 0
    assert "Weekly learning" not in run(capsys, "program", "list")[1]
    assert "Weekly learning\tarchived" in run(capsys, "program", "list", "--all")[1]
    history = run(capsys, "program", "history", "Weekly learning")[1]
    assert [line.split("\t")[2] for line in history.splitlines()[1:]][1:] == [
        "launch",
        "end",
        "archive",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--milestone", "six:participation=60"), "milestone 'six:participation=60' must be"),
        (("--milestone", "6:participation=160"), "participation is 0-100 %"),
        (("--milestone", "9000:reuse=2"), "milestone week 9000 is outside the pilot's"),
        (("--sponsor", "nobody@example.com"), "unknown person 'nobody@example.com'"),
        (("--compare", "Sales"), "unit 'Sales' cannot be both a target and a comparison"),
        (("--baseline-weeks", "40"), "baseline must be 0 to 26 weeks"),
        (("--audience", "everyone"), "give the pilot's units with --target, not --audience"),
    ],
)
def test_pilot_mistakes_are_one_line_and_create_nothing(
    capsys: pytest.CaptureFixture[str], isolated: str, extra: tuple[str, ...], message: str
) -> None:
    _people(isolated)

    code, out, err = run(capsys, *PILOT, *extra)

    assert (code, out) == (2, "") and message in one_line(err)
    assert "no programs yet" in run(capsys, "program", "list")[1]


def test_a_pilot_is_created_as_a_draft_and_shown(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    _people(isolated)
    code, out, _ = run(capsys, *PILOT, "--compare", "Ops", "--metric-name", "quote errors")
    assert code == 0 and out.startswith("created pilot 'Pilot' as a draft")

    code, out, _ = run(capsys, "pilot", "show", "Pilot")

    assert "status: draft" in out and "comparison: Ops" in out
    assert "dates: from launch to 2099-06-30" in out and "warning: " not in out
    code, _, err = run(capsys, "pilot", "show", "Weekly learning")
    assert code == 2 and "no pilot named 'Weekly learning'" in one_line(err)
