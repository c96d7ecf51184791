"""Draw the two Teams icons (192×192 colour, 32×32 white outline) as PNGs, with no downloads.

Run `python -m adapters.teams.manifest.icons` to regenerate color.png and outline.png.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x2E, 0x7D, 0x6B, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
Pixel = tuple[int, int, int, int]


def png(size: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """An RGBA PNG of `size`², `pixel(x, y)` given coordinates in 0..1."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((x + 0.5) / size, (y + 0.5) / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _bulb(x: float, y: float) -> bool:
    """A light bulb: a disc on top of a short stem."""
    in_disc = (x - 0.5) ** 2 + (y - 0.42) ** 2 <= 0.24**2
    in_stem = 0.4 <= x <= 0.6 and 0.6 <= y <= 0.8
    return in_disc or in_stem


def color_icon() -> bytes:
    return png(192, lambda x, y: WHITE if _bulb(x, y) else ACCENT)


def outline_icon() -> bytes:
    return png(32, lambda x, y: WHITE if _bulb(x, y) else CLEAR)


def write_icons(folder: Path = HERE) -> None:
    (folder / "color.png").write_bytes(color_icon())
    (folder / "outline.png").write_bytes(outline_icon())


if __name__ == "__main__":
    write_icons()
