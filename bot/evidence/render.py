"""A program report for people (a text table), for machines (JSON) and spreadsheets (CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from bot.evidence.asked import HABIT_ANSWERED, HABIT_ROUNDS
from bot.evidence.figures import TOO_FEW, Difference, Habit, ProgramReport, Proportion, Row
from bot.i18n import _
from bot.programs.skip_figures import REASONS

COLUMNS = ("asked", "on time", "late", "skipped", "missed", "open")


def percent(p: Proportion) -> str:
    """'85% (71–93%)', or "too few to tell" under 5 people."""
    if p.too_few or p.low is None or p.high is None:
        return _(TOO_FEW) if p.n else _("no answers yet")
    return f"{p.k / p.n:.0%} ({p.low:.0%}–{p.high:.0%})"


def counted(p: Proportion) -> str:
    """'29/40, 73% (57–84%)', or only "too few to tell"."""
    return percent(p) if p.too_few else f"{p.k}/{p.n}, {percent(p)}"


def habit_text(habit: Habit) -> str:
    """The habit figure, or why there is none yet (3 answered rounds need 3 rounds)."""
    if len(habit.rounds) < HABIT_ANSWERED:
        return _("not yet ({count} closed rounds needed)").format(count=HABIT_ANSWERED)
    return counted(habit.habit)


def points(d: Difference) -> str:
    if d.estimate is None or d.low is None or d.high is None:
        return TOO_FEW
    return f"{d.estimate * 100:+.0f} points ({d.low * 100:+.0f} to {d.high * 100:+.0f})"


def render_text(report: ProgramReport) -> str:
    """The report as a table and a few lines, for a terminal or a chat message."""
    period = report.period
    when = f"{period.start or 'the start'} to {period.end or 'today'}"
    width = max([len(row.key) for row in report.rows] + [len(report.by), 5])
    header = f"{report.by:<{width}}  " + "  ".join(f"{c:>7}" for c in COLUMNS)
    lines = [f"{report.program}: {when}, by {report.by}", "", header + "  participation (95%)"]
    lines.append("-" * (len(header) + 21))
    for row in (*report.rows, report.total):
        lines.append(_text_row(row, width))
    habit, leads, checkins, sharing = report.habit, report.leads, report.checkins, report.sharing
    lines += [
        "",
        f"Habit (answered {HABIT_ANSWERED} of the last {HABIT_ROUNDS} rounds): "
        + habit_text(habit),
        "Streaks: "
        + (
            f"median {habit.median_streak:g} rounds, longest {habit.longest_streak}; "
            f"3 rounds or more: {counted(habit.streak_of_three)}"
            if habit.median_streak is not None
            else TOO_FEW
        ),
        f"Leads of this program: {leads.leads}; shared openly: {leads.shared} of {leads.leads}; "
        f"went first in {counted(leads.went_first)} of their teams' rounds",
        f"Team participation when the lead went first: {percent(leads.participation_lead_first)}"
        f"; other rounds: {percent(leads.participation_other)}; "
        f"difference {points(leads.difference)}",
        f"Check-ins: {checkins.groups} groups; one side confirmed: "
        f"{checkins.one_side_confirmed}; both confirmed: {checkins.both_confirmed}; "
        f"learnings: {checkins.learnings}",
        f"Shared answers: {sharing.answers}; Helpful: {sharing.helpful}; reuse: "
        + ("not recorded" if sharing.reuse is None else str(sharing.reuse)),
    ]
    if report.skip_reasons:
        given = ", ".join(f"{REASONS.get(r, r).lower()} {n}" for r, n in report.skip_reasons)
        lines.append(f"Skip reasons: {given}")
    helped = [a for a in sharing.most_helped if a.helpful or a.reuse]
    if helped:
        lines.append("Most helpful:")
        lines += [
            f"  {a.helpful} helpful, {a.reuse or 0} reused: {a.author}: {a.excerpt[:70]}"
            for a in helped[:5]
        ]
    lines += ["", *report.notes]
    return "\n".join(lines)


def _text_row(row: Row, width: int) -> str:
    o = row.outcomes
    values = (o.asked, o.on_time, o.late, o.skipped, o.missed, o.open)
    shown = ["—"] * 5 if row.participation.too_few else [str(v) for v in values[1:]]
    cells = "  ".join(f"{v:>7}" for v in (str(o.asked), *shown))
    return f"{row.key:<{width}}  {cells}  {percent(row.participation)}"


def counts_of(row: Row) -> list[tuple[str, int]]:
    """A row's outcomes by name, and its shared answers."""
    o = row.outcomes
    return [
        ("on_time", o.on_time),
        ("late", o.late),
        ("skipped", o.skipped),
        ("missed", o.missed),
        ("open", o.open),
        ("shared", row.shared),
    ]


def _proportion(p: Proportion) -> dict[str, Any]:
    if p.too_few:
        return {"n": p.n, "too_few": True}
    return {"k": p.k, "n": p.n, "rate": p.rate, "low": p.low, "high": p.high, "too_few": False}


def _row(row: Row) -> dict[str, Any]:
    o = row.outcomes
    hidden = row.participation.too_few
    return {
        "key": row.key,
        "asked": o.asked,
        **{name: None if hidden else value for name, value in counts_of(row)},
        "participation": _proportion(row.participation),
    }


def report_json(report: ProgramReport) -> dict[str, Any]:
    """Every figure as one JSON object; under 5 people a figure is `too_few` and absent."""
    habit, leads, d = report.habit, report.leads, report.leads.difference
    return {
        "program": report.program,
        "from": report.period.start.isoformat() if report.period.start else None,
        "to": report.period.end.isoformat() if report.period.end else None,
        "by": report.by,
        "rows": [_row(row) for row in report.rows],
        "total": _row(report.total),
        "habit": {
            "rounds": len(habit.rounds),
            "habit": _proportion(habit.habit),
            "median_streak": habit.median_streak,
            "longest_streak": habit.longest_streak,
            "streak_of_three": _proportion(habit.streak_of_three),
        },
        "leads": {
            "leads": leads.leads,
            "shared": leads.shared,
            "team_rounds": leads.team_rounds,
            "went_first": _proportion(leads.went_first),
            "participation_lead_first": _proportion(leads.participation_lead_first),
            "participation_other": _proportion(leads.participation_other),
            "difference": {"estimate": d.estimate, "low": d.low, "high": d.high},
        },
        "checkins": vars(report.checkins),
        "sharing": {
            "answers": report.sharing.answers,
            "helpful": report.sharing.helpful,
            "reuse": report.sharing.reuse,
            "most_helped": [vars(a) for a in report.sharing.most_helped],
        },
        "skip_reasons": dict(report.skip_reasons),
        "notes": list(report.notes),
    }


CSV_HEADER = ("program", "section", "key", "figure", "k", "n", "value", "low", "high")


def csv_rows(report: ProgramReport) -> Iterator[tuple[Any, ...]]:
    """Tidy rows (one figure a row); a figure under 5 people has no k, value or interval."""
    name = report.program

    def figure(section: str, key: str, label: str, p: Proportion) -> tuple[Any, ...]:
        if p.too_few:
            return (name, section, key, label, "", p.n, TOO_FEW, "", "")
        return (name, section, key, label, p.k, p.n, p.rate, p.low, p.high)

    for row in (*report.rows, report.total):
        yield figure(report.by, row.key, "participation", row.participation)
        if not row.participation.too_few:
            for label, value in counts_of(row):
                yield (name, report.by, row.key, label, value, row.outcomes.asked, "", "", "")
    yield figure("habit", "", "answered 3 of the last 4", report.habit.habit)
    yield figure("habit", "", "streak of 3 or more", report.habit.streak_of_three)
    leads = report.leads
    yield (name, "leads", "", "shared openly", leads.shared, leads.leads, "", "", "")
    yield figure("leads", "", "went first", leads.went_first)
    yield figure("leads", "lead first", "team participation", leads.participation_lead_first)
    yield figure("leads", "other rounds", "team participation", leads.participation_other)
    d = leads.difference
    yield (name, "leads", "", "difference", "", "", *(d.estimate, d.low, d.high))
    for label, value in vars(report.checkins).items():
        yield (name, "checkins", "", label, value, "", "", "", "")
    yield (name, "sharing", "", "answers", report.sharing.answers, "", "", "", "")
    yield (name, "sharing", "", "helpful", report.sharing.helpful, "", "", "", "")
    reuse = "" if report.sharing.reuse is None else report.sharing.reuse
    yield (name, "sharing", "", "reuse", reuse, "", "", "", "")


def report_csv(reports: list[ProgramReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for report in reports:
        writer.writerows(csv_rows(report))
    return out.getvalue()
