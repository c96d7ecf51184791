"""The pulse in aggregate, for `pilot show` and the showcase: per wave and group, each item's
mean over those who answered it, and nothing at all for fewer than five."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.pilot_baseline_models import PilotPulseAnswer
from bot.db.pilot_models import Pilot
from bot.evidence.figures import MIN_PEOPLE

ITEMS = (
    ("find easily", PilotPulseAnswer.find_score, "/5"),
    ("know whom to ask", PilotPulseAnswer.ask_score, "/5"),
    ("hours lost", PilotPulseAnswer.hours_lost, " h a week (at least)"),
)


@dataclass(frozen=True)
class PulseItem:
    name: str
    answered: int
    mean: float | None  # None: fewer than five answered it
    unit: str

    @property
    def shown(self) -> str:
        return "too few to tell" if self.mean is None else f"{self.mean:.1f}{self.unit}"


@dataclass(frozen=True)
class PulseWave:
    """One wave for one group (target or comparison), in aggregate only."""

    wave: str
    role: str
    asked: int
    answered: int
    items: tuple[PulseItem, ...]

    @property
    def too_few(self) -> bool:
        return self.answered < MIN_PEOPLE


async def pulse_waves(session: AsyncSession, pilot: Pilot) -> list[PulseWave]:
    """Every wave and group, waves in the order they were sent, the target first."""
    rows = (
        await session.execute(
            select(
                PilotPulseAnswer.wave,
                PilotPulseAnswer.role,
                func.min(PilotPulseAnswer.sent_at),
                func.count(),
                *(x for _, column, _ in ITEMS for x in (func.count(column), func.avg(column))),
            )
            .where(PilotPulseAnswer.pilot_id == pilot.id)
            .group_by(PilotPulseAnswer.wave, PilotPulseAnswer.role)
        )
    ).all()
    waves = []
    for wave, role, _sent, asked, *figures in sorted(rows, key=lambda r: (r[2], r[1] != "target")):
        items = tuple(
            PulseItem(name, count, float(mean) if count >= MIN_PEOPLE else None, unit)
            for (name, _column, unit), count, mean in zip(
                ITEMS, figures[::2], figures[1::2], strict=True
            )
        )
        waves.append(PulseWave(wave, role, asked, max(figures[::2]), items))
    return waves


async def pulse_lines(session: AsyncSession, pilot: Pilot) -> list[str]:
    """One line per wave and group, waves in the order they were sent."""
    lines = [
        f"{'pulse, ' + w.wave:>17}: {w.role}, {w.answered} of {w.asked} answered: "
        + (
            ", ".join(f"{item.name} {item.shown}" for item in w.items)
            if not w.too_few
            else f"fewer than {MIN_PEOPLE} answered, not shown"
        )
        for w in await pulse_waves(session, pilot)
    ]
    return lines or [f"{'pulse':>17}: not sent yet (it goes out when the pilot is launched)"]
