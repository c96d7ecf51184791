"""`kmbot pilot metric import`: every row checked, one bad row refuses the whole file with a
line per bad row and exit 2, `--dry-run` stores nothing, and `pilot show` gives the baseline
and latest value per group."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import isolated, run  # noqa: F401  (isolated: each test its own database)

PILOT = (
    "pilot",
    "create",
    "Quotes",
    "--purpose",
    "Fewer repeated quote mistakes.",
    "--target",
    "Sales",
    "--compare",
    "Ops",
    "--function",
    "frontline",
    "--established",
    "yes",
    "--metric-name",
    "quote errors",
    "--metric-unit",
    "per week",
    "--metric-better",
    "down",
    "--end-date",
    "2099-03-15",
    "--share-mode",
    "private",
)
GOOD = (
    "date,unit,value\n"
    "2026-01-05,Sales,12\n2026-01-05,Ops,10\n"
    "2026-02-02,Sales,8\n2026-02-02,Ops,9.5\n"
)


def csv_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "metric.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def shown(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _err = run(capsys, "pilot", "show", "Quotes")
    assert code == 0
    return out


def test_a_good_file_is_imported_and_shown_per_group(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, *PILOT)[0] == 0
    assert "metric values: none imported" in shown(capsys)

    code, out, err = run(capsys, "pilot", "metric", "import", "Quotes", csv_file(tmp_path, GOOD))

    assert (code, err) == (0, "")
    assert "imported 4 values of quote errors" in out
    out = shown(capsys)
    assert "metric, target: baseline 12 on 2026-01-05, latest 8 on 2026-02-02 per week" in out
    assert "metric, comparison: baseline 10 on 2026-01-05, latest 9.5 on 2026-02-02" in out


def test_one_bad_row_refuses_the_whole_file_with_a_line_per_bad_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, *PILOT)[0] == 0
    bad = (
        "date,unit,value\n"
        "2026-01-05,Sales,12\n"
        "05/01/2026,Sales,11\n"
        "2026-01-05,Marketing,3\n"
        "2026-01-12,Ops,many\n"
        "2026-01-05,Sales,13\n"
    )

    code, out, err = run(capsys, "pilot", "metric", "import", "Quotes", csv_file(tmp_path, bad))

    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "kmbot: the file was not imported, nothing changed:"
    assert lines[1:] == [
        "row 3: date '05/01/2026' is not YYYY-MM-DD",
        "row 4: unit 'Marketing' is not a target or comparison unit of this pilot (Ops, Sales)",
        "row 5: value 'many' is not a number",
        "row 6: Sales on 2026-01-05 is also on row 2",
    ]
    assert "Traceback" not in err
    assert "metric values: none imported" in shown(capsys)  # the good row was not kept


def test_a_dry_run_checks_and_stores_nothing_and_a_reimport_replaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, *PILOT)[0] == 0
    path = csv_file(tmp_path, GOOD)

    code, out, _err = run(capsys, "pilot", "metric", "import", "Quotes", path, "--dry-run")
    assert code == 0 and "would import 4 values" in out and "nothing stored" in out
    assert "metric values: none imported" in shown(capsys)

    assert run(capsys, "pilot", "metric", "import", "Quotes", path)[0] == 0
    path = csv_file(tmp_path, "date,unit,value\n2026-02-02,Sales,6\n")
    code, out, _err = run(capsys, "pilot", "metric", "import", "Quotes", path)
    assert code == 0 and "replacing values already stored" in out
    assert "latest 6 on 2026-02-02" in shown(capsys)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("day,team,figure\n2026-01-05,Sales,1\n", "the file's first line must be the header"),
        ("date,unit,value\n", "the file has no rows after its header"),
    ],
)
def test_a_file_without_its_header_or_rows_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, error: str
) -> None:
    assert run(capsys, *PILOT)[0] == 0
    code, _out, err = run(capsys, "pilot", "metric", "import", "Quotes", csv_file(tmp_path, text))
    assert code == 2 and error in err


def test_a_missing_file_and_an_unknown_pilot_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "pilot", "metric", "import", "Quotes", "nowhere.csv")
    assert code == 2 and err.startswith("kmbot: cannot read nowhere.csv") and err.count("\n") == 1
    path = csv_file(tmp_path, GOOD)
    code, _out, err = run(capsys, "pilot", "metric", "import", "Nope", path)
    assert code == 2 and err.startswith("kmbot: no pilot named 'Nope'")
