"""`kmbot pairing plan`: a round previewed from two files, and clear errors for bad ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

MEMBERS: list[dict[str, Any]] = [
    {"id": "ana", "unit": "engineering", "tz": "Europe/Lisbon", "level": 2},
    {"id": "bo", "unit": "sales", "tz": "Europe/London", "level": 4},
    {"id": "chen", "unit": "engineering", "tz": "Asia/Shanghai"},
    {"id": "dia", "unit": "finance", "tz": "Asia/Kolkata", "do_not_pair": ["ana"]},
    {"id": "eli", "unit": "sales", "tz": "America/New_York"},
]
HISTORY = [
    {"week": "2026-W40", "members": ["ana", "bo"]},
    {"week": "2026-W40", "members": ["chen", "dia"]},
]


def write(path: Path, data: Any) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=1))
    return path


def run(tmp_path: Path, members: Any = MEMBERS, history: Any = HISTORY, *extra: str) -> list[str]:
    return [
        "pairing",
        "plan",
        "--members",
        str(write(tmp_path / "members.json", members)),
        "--history",
        str(write(tmp_path / "history.json", history)),
        *extra,
    ]


def test_json_plan_groups_everyone_without_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run(tmp_path, MEMBERS, HISTORY, "--json", "--seed", "3")) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["left_out"] == []
    groups = [set(group) for group in plan["groups"]]
    assert sorted(len(group) for group in groups) == [2, 3]
    assert sorted(member for group in groups for member in group) == sorted(
        m["id"] for m in MEMBERS
    )
    assert not any({"ana", "bo"} <= group or {"ana", "dia"} <= group for group in groups)
    assert not any({"chen", "dia"} <= group for group in groups)


def test_table_names_units_zones_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run(tmp_path)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Check-in round for 2026-W41: 2 groups")
    assert "why matched" in out and "cross-unit" in out and "shared working hours" in out
    assert "Europe/Lisbon" in out and "engineering" in out


def test_left_out_people_come_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = [
        *MEMBERS,
        {"id": "fay", "unit": "hr", "tz": "UTC", "do_not_pair": [m["id"] for m in MEMBERS]},
    ]
    assert main(run(tmp_path, members, [], "--json")) == 0
    assert json.loads(capsys.readouterr().out)["left_out"] == [
        {"id": "fay", "reason": "everyone else is on a do-not-pair list (theirs or their own)"}
    ]


def test_unknown_history_ids_are_ignored_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = [*HISTORY, {"week": "2026-W39", "members": ["ana", "zed"]}]
    assert main(run(tmp_path, MEMBERS, history, "--json")) == 0
    captured = capsys.readouterr()
    assert "ignored 1 unknown member id(s): zed" in captured.err
    assert len(json.loads(captured.out)["groups"]) == 2


@pytest.mark.parametrize(
    ("members", "history", "message"),
    [
        (
            '[\n {"id": "a",\n  "unit" "x"}\n]',
            HISTORY,
            "members.json: line 3, column 10: Expecting ':' delimiter",
        ),
        (
            [{"id": "a", "tz": "UTC"}],
            HISTORY,
            "members.json: member #1 ('a'): missing field 'unit'",
        ),
        ([{"unit": "x", "tz": "UTC"}], HISTORY, "members.json: member #1: missing field 'id'"),
        (
            [{"id": "a", "unit": "x", "tz": "Mars/Olympus"}],
            HISTORY,
            "members.json: member #1 ('a'): field 'tz': unknown time zone 'Mars/Olympus'",
        ),
        (
            [{"id": "a", "unit": "x", "tz": "UTC", "level": "senior"}],
            HISTORY,
            "field 'level' must be an integer, got \"senior\"",
        ),
        ({"id": "a"}, HISTORY, "members.json: expected a JSON list of members, got dict"),
        (
            MEMBERS,
            [{"week": "W40", "members": ["ana"]}],
            "history.json: group #1: field 'week': week 'W40' is not an ISO week like 2026-W40",
        ),
        (
            MEMBERS,
            [{"week": "2026-W40", "members": "ana"}],
            "history.json: group #1: field 'members' must be a list, got \"ana\"",
        ),
        (MEMBERS, "[", "history.json: line 1, column 2: Expecting value"),
    ],
)
def test_malformed_files_are_one_clear_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], members: Any, history: Any, message: str
) -> None:
    assert main(run(tmp_path, members, history)) == 2
    err = capsys.readouterr().err
    assert err.startswith("kmbot: ") and message in err and err.count("\n") == 1


def test_group_size_outside_two_to_four_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run(tmp_path, MEMBERS, HISTORY, "--group-size", "5")) == 2
    assert capsys.readouterr().err == "kmbot: group size must be 2, 3 or 4, not 5\n"


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = run(tmp_path)
    args[3] = str(tmp_path / "nope.json")
    assert main(args) == 2
    assert "nope.json: cannot read" in capsys.readouterr().err


def test_same_seed_same_round_across_processes(tmp_path: Path) -> None:
    """String hashing differs per process; the plan must not."""
    members = [
        {"id": f"p{i}", "unit": f"u{i % 4}", "tz": ["UTC", "Asia/Tokyo"][i % 2]} for i in range(30)
    ]
    args = run(tmp_path, members, [], "--json", "--seed", "7")
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
