"""The participation trend as an inline SVG: one point per round with its 95% interval, no
point where too few people stand behind it. Pure: rows in, markup out (escaped)."""

from __future__ import annotations

from html import escape

from bot.evidence.figures import Row

WIDTH, HEIGHT, PAD = 640, 220, 36


def trend_svg(rows: tuple[Row, ...], title: str) -> str:
    """An accessible SVG line chart of participation by round (the table beside it is the
    same figures in words)."""
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / max(len(rows) - 1, 1)

    def y(rate: float) -> float:
        return PAD + inner_h * (1 - rate)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="4" y="{y(tick) + 4:.1f}" font-size="11" fill="#555">{tick:.0%}</text>'
        )
    line = []
    for index, row in enumerate(rows):
        x = PAD + index * step
        share = row.participation
        if share.rate is None or share.low is None or share.high is None:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" fill="#999" '
                'text-anchor="middle">–</text>'
            )
            continue
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y(share.low):.1f}" y2="{y(share.high):.1f}" '
            'stroke="#7aa6d6" stroke-width="3"/>'
        )
        parts.append(f'<circle cx="{x:.1f}" cy="{y(share.rate):.1f}" r="4" fill="#1f5fa8"/>')
        line.append(f"{x:.1f},{y(share.rate):.1f}")
    if len(line) > 1:
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#1f5fa8" stroke-width="1.5"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
