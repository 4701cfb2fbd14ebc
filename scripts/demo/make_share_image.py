"""Regenerates the demo province's share image (assets/identity/quang-tri-share.png): its
sample emblem (assets/identity/quang-tri-logo.svg, drawn again with Pillow's shapes, which
cannot read SVG) on the province's colour, 1200 × 630 — the picture a link to a page without
a photo of its own shows when shared (identity → share_image in catalog/province.yaml).

    .venv/bin/python scripts/demo/make_share_image.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "assets" / "identity" / "quang-tri-share.png"
WIDTH, HEIGHT = 1200, 630
SCALE = 2  # drawn twice as large, then reduced: smooth edges
PRIMARY, ACCENT = "#8a1c1c", "#b8860b"
STAR = [(32, 11), (36.9, 26.1), (52.8, 26.1), (39.9, 35.4), (44.8, 50.5), (32, 41.2), (19.2, 50.5),
        (24.1, 35.4), (11.2, 26.1), (27.1, 26.1)]  # the logo's star, in its 64 × 64 box


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), PRIMARY)
    pen = ImageDraw.Draw(image)
    unit = 6.4 * SCALE  # one unit of the logo's 64 × 64 box: the emblem is 410 px across
    left, top = WIDTH * SCALE / 2 - 32 * unit, HEIGHT * SCALE / 2 - 32 * unit

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * unit, top + y * unit

    for radius, fill in ((31, "#ffffff"), (28, "#9b1b1b")):
        pen.ellipse([at(32 - radius, 32 - radius), at(32 + radius, 32 + radius)], fill=fill)
    pen.polygon([at(x, y) for x, y in STAR], fill="#f2c230")
    brush = 1.5 * unit  # the wave's round stroke, 3 units wide: a disc at each small step
    for step in range(0, 8 * 48 + 1):
        x = 8 + step / 8
        cx, cy = at(x, 46 - 1.5 * math.sin(math.pi * (x - 8) / 8))
        pen.ellipse([cx - brush, cy - brush, cx + brush, cy + brush], fill="#ffffff")
    pen.rectangle([0, (HEIGHT - 18) * SCALE, WIDTH * SCALE, HEIGHT * SCALE], fill=ACCENT)
    return image.resize((WIDTH, HEIGHT), Image.LANCZOS)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")
