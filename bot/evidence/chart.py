"""The participation trend as a PNG (matplotlib's Agg backend, no display, no pyplot state)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.evidence.figures import MIN_PEOPLE, Row

WIDTH, HEIGHT, DPI = 8.0, 4.0, 100


@dataclass(frozen=True)
class Series:
    """One program's rounds, oldest first."""

    name: str
    rows: Sequence[Row]


def participation_png(series: Sequence[Series], title: str) -> bytes:
    """Participation per round with its 95% interval, one line per program; rounds with
    fewer than 5 people are left out (and the chart says so when nothing is left)."""
    from matplotlib.figure import Figure  # imported when drawn: it costs half a second

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes = figure.add_subplot()
    shown = 0
    for one in series:
        points = [
            (row.key.split(" ")[0], row.participation)
            for row in one.rows
            if not row.participation.too_few and row.participation.low is not None
        ]
        if not points:
            continue
        shown += 1
        weeks = [week for week, _ in points]
        rates = [p.k / p.n * 100 for _, p in points]
        low = [rate - (p.low or 0) * 100 for rate, (_, p) in zip(rates, points, strict=True)]
        high = [(p.high or 0) * 100 - rate for rate, (_, p) in zip(rates, points, strict=True)]
        axes.errorbar(weeks, rates, yerr=[low, high], marker="o", capsize=3, label=one.name)
    if not shown:
        axes.text(
            0.5,
            0.5,
            f"Too few to tell: no round with {MIN_PEOPLE} or more people yet",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
        axes.set_xticks([])
    else:
        axes.legend(loc="lower left", fontsize="small")
        axes.tick_params(axis="x", labelrotation=45, labelsize="small")
    axes.set_ylim(0, 100)
    axes.set_ylabel("answered (%), with 95% interval")
    axes.set_title(title)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
