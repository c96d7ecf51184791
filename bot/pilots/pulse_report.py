"""The pulse in aggregate for `pilot show`: per wave and group, each item's mean over those
who answered it, and nothing at all for fewer than five."""

from __future__ import annotations

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


async def pulse_lines(session: AsyncSession, pilot: Pilot) -> list[str]:
    """One line per wave and group, waves in the order they were sent."""
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
    lines = []
    for wave, role, _sent, asked, *figures in sorted(rows, key=lambda r: (r[2], r[1] != "target")):
        parts = []
        for (name, _column, unit), count, mean in zip(
            ITEMS, figures[::2], figures[1::2], strict=True
        ):
            shown = f"{float(mean):.1f}{unit}" if count >= MIN_PEOPLE else "too few to tell"
            parts.append(f"{name} {shown}")
        answered = max(figures[::2])
        lines.append(
            f"{'pulse, ' + wave:>17}: {role}, {answered} of {asked} answered: "
            + (
                ", ".join(parts)
                if answered >= MIN_PEOPLE
                else f"fewer than {MIN_PEOPLE} answered, not shown"
            )
        )
    return lines or [f"{'pulse':>17}: not sent yet (it goes out when the pilot is launched)"]
