"""Draw portfolio/static/icons/favicon.ico and the installed app's icons, the bitmap twins
of favicon.svg.

Run once when the SVG changes (``.venv/bin/python scripts/make_favicon.py``); the files are
committed. Pillow cannot read SVG, so the same three shapes are drawn here on a 64 px grid
and shrunk: 16, 32 and 48 px for the ICO; 192 and 512 px PNGs for the home screen
(``app-192.png``, ``app-512.png``), and a "maskable" 512 px PNG whose blue fills the square
and whose drawing stays inside the middle 80 % that every phone's mask keeps.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE, WHITE, GREEN = "#0b5394", "#ffffff", "#1e6b35"
ICONS = Path(__file__).resolve().parent.parent / "portfolio/static/icons"
OUT = ICONS / "favicon.ico"


def draw(scale: int = 4, maskable: bool = False) -> Image.Image:
    """The icon at 64 * ``scale`` px (drawn big, then shrunk, for smooth edges)."""
    size = 64 * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    # Maskable: the drawing shrunk to 75 % around the centre, inside the safe zone.
    ratio, shift = (0.75, 8.0) if maskable else (1.0, 0.0)

    def s(*points: float) -> list[float]:
        return [(p * ratio + shift) * scale for p in points]

    if maskable:
        pen.rectangle((0, 0, size, size), fill=BLUE)
    else:
        pen.rounded_rectangle(s(0, 0, 63, 63), radius=14 * scale, fill=BLUE)
    pen.rounded_rectangle(s(12, 21, 52, 50), radius=4 * scale, fill=WHITE)  # the folder
    pen.polygon(s(12, 24, 12, 20, 16, 16, 26, 16, 31, 21, 31, 24), fill=WHITE)  # its tab
    pen.line(s(23, 35, 30, 42, 42, 28), fill=GREEN, width=round(6 * ratio * scale), joint="curve")
    return image


def main() -> None:
    draw().save(OUT, sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"{OUT} ({OUT.stat().st_size} bytes)")
    big = draw(scale=16)
    for size in (192, 512):
        path = ICONS / f"app-{size}.png"
        big.resize((size, size), Image.Resampling.LANCZOS).save(path, optimize=True)
        print(f"{path} ({path.stat().st_size} bytes)")
    path = ICONS / "app-maskable-512.png"
    draw(scale=16, maskable=True).resize((512, 512), Image.Resampling.LANCZOS).save(
        path, optimize=True
    )
    print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
