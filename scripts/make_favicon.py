"""Draw portfolio/static/icons/favicon.ico, the small bitmap twin of favicon.svg.

Run once when the SVG changes (``.venv/bin/python scripts/make_favicon.py``); the ICO is
committed. Pillow cannot read SVG, so the same three shapes are drawn here on a 64 px grid
and shrunk to 16, 32 and 48 px.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE, WHITE, GREEN = "#0b5394", "#ffffff", "#1e6b35"
OUT = Path(__file__).resolve().parent.parent / "portfolio/static/icons/favicon.ico"


def draw(scale: int = 4) -> Image.Image:
    """The icon at 64 * ``scale`` px (drawn big, then shrunk, for smooth edges)."""
    size = 64 * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def s(*points: float) -> list[float]:
        return [p * scale for p in points]

    pen.rounded_rectangle(s(0, 0, 63, 63), radius=14 * scale, fill=BLUE)
    pen.rounded_rectangle(s(12, 21, 52, 50), radius=4 * scale, fill=WHITE)  # the folder
    pen.polygon(s(12, 24, 12, 20, 16, 16, 26, 16, 31, 21, 31, 24), fill=WHITE)  # its tab
    pen.line(s(23, 35, 30, 42, 42, 28), fill=GREEN, width=6 * scale, joint="curve")
    return image


def main() -> None:
    draw().save(OUT, sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
