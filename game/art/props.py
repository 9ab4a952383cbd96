"""Props: small objects standing on the floor, drawn at (x, floor) with a size factor ``s``.

``PROPS`` maps a prop name to its painter and its French name (for the alt texts).
"""

from __future__ import annotations

from collections.abc import Callable

from game.art.pen import OUTLINE, WHITE, Color, Pen, darker, lighter

Prop = Callable[[Pen, float, float, float], None]

RED: Color = (213, 70, 50)
ORANGE: Color = (230, 159, 0)
BLUE: Color = (0, 114, 178)
GREEN: Color = (0, 158, 115)
PINK: Color = (204, 121, 167)
YELLOW: Color = (240, 228, 66)
STEEL: Color = (160, 172, 186)
WOOD: Color = (190, 130, 80)
DARK: Color = (60, 64, 80)


def oven(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 22 * s, 24 * s, 22 * s, STEEL, radius=2 * s)
    p.rect(x - 9 * s, f - 17 * s, 18 * s, 10 * s, (60, 40, 30), radius=1 * s)
    p.rect(x - 8 * s, f - 11 * s, 16 * s, 3 * s, (255, 150, 60), outline=False)
    for i in range(3):
        p.ellipse(x - 8 * s + i * 5.5 * s, f - 14 * s, 5 * s, 3 * s, (220, 160, 80))


def bread(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 10 * s, f - 8 * s, 20 * s, 8 * s, WOOD, radius=1 * s)
    for i in range(3):
        p.ellipse(x - 11 * s + i * 7 * s, f - 12 * s, 8 * s, 5 * s, (220, 160, 80))


def knife(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 6 * s, 24 * s, 6 * s, (230, 200, 160), radius=1 * s)
    p.poly([(x - 6 * s, f - 8 * s), (x + 6 * s, f - 9 * s), (x + 6 * s, f - 7 * s)], STEEL)
    p.rect(x - 10 * s, f - 9 * s, 4 * s, 2 * s, DARK)
    p.ellipse(x + 0 * s, f - 12 * s, 9 * s, 5 * s, (200, 80, 80))


def chair(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 1 * s, f - 8 * s, 2 * s, 8 * s, STEEL)
    p.rect(x - 6 * s, f - 2 * s, 12 * s, 2 * s, STEEL)
    p.rect(x - 7 * s, f - 13 * s, 14 * s, 5 * s, DARK, radius=1.5 * s)
    p.rect(x - 6 * s, f - 24 * s, 12 * s, 12 * s, DARK, radius=2 * s)


def mirror(p: Pen, x: float, f: float, s: float) -> None:
    p.ellipse(x - 8 * s, f - 34 * s, 16 * s, 22 * s, (190, 225, 245))
    p.seg((x - 3 * s, f - 28 * s), (x + 2 * s, f - 20 * s), WHITE, 1 * s)


def scissors(p: Pen, x: float, f: float, s: float) -> None:
    p.circle(x - 3 * s, f - 3 * s, 2 * s, RED)
    p.circle(x + 3 * s, f - 3 * s, 2 * s, RED)
    p.seg((x - 2 * s, f - 5 * s), (x + 4 * s, f - 14 * s), STEEL, 1.2 * s)
    p.seg((x + 2 * s, f - 5 * s), (x - 4 * s, f - 14 * s), STEEL, 1.2 * s)


def clothes(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 14 * s, f - 30 * s, 28 * s, 1.5 * s, STEEL)
    p.rect(x - 13 * s, f - 30 * s, 1.5 * s, 30 * s, STEEL)
    p.rect(x + 11.5 * s, f - 30 * s, 1.5 * s, 30 * s, STEEL)
    for i, c in enumerate((PINK, BLUE, ORANGE, GREEN)):
        cx = x - 8 * s + i * 5.5 * s
        p.poly(
            [
                (cx - 3 * s, f - 28 * s),
                (cx + 3 * s, f - 28 * s),
                (cx + 3.5 * s, f - 14 * s),
                (cx - 3.5 * s, f - 14 * s),
            ],
            c,
        )


def headset(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 10 * s, f - 14 * s, 20 * s, 14 * s, DARK, radius=1.5 * s)
    p.rect(x - 8 * s, f - 12 * s, 16 * s, 9 * s, (170, 215, 240), outline=False)
    p.arc(x - 6 * s, f - 24 * s, 12 * s, 12 * s, 0, 3.14, 1.2 * s)
    p.rect(x - 7 * s, f - 19 * s, 3 * s, 5 * s, BLUE, radius=1 * s)
    p.rect(x + 4 * s, f - 19 * s, 3 * s, 5 * s, BLUE, radius=1 * s)


def till(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 14 * s, f - 12 * s, 28 * s, 12 * s, (90, 96, 120), radius=1 * s)
    p.rect(x - 10 * s, f - 22 * s, 12 * s, 10 * s, DARK, radius=1 * s)
    p.rect(x - 8 * s, f - 20 * s, 8 * s, 4 * s, GREEN, outline=False)
    p.rect(x + 4 * s, f - 16 * s, 9 * s, 4 * s, BLUE, radius=1 * s)


def boxes(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 12 * s, f - 2 * s, 24 * s, 4 * s)
    for dx, dy, w in ((-11, 0, 11), (0, 0, 11), (-6, -9, 11)):
        p.rect(x + dx * s, f - 9 * s + dy * s, w * s, 9 * s, (210, 165, 110), radius=0.5 * s)
        p.seg(
            (x + (dx + w / 2) * s, f + (dy - 9) * s),
            (x + (dx + w / 2) * s, f + (dy - 6) * s),
            (150, 110, 70),
            0.8 * s,
        )


def groceries(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 12 * s, 24 * s, 10 * s, STEEL, radius=1 * s)
    p.circle(x - 8 * s, f - 1 * s, 1.6 * s, DARK)
    p.circle(x + 8 * s, f - 1 * s, 1.6 * s, DARK)
    for i, c in enumerate((RED, GREEN, YELLOW, BLUE)):
        p.rect(x - 10 * s + i * 5 * s, f - 18 * s, 4 * s, 7 * s, c, radius=0.8 * s)


def phone(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 6 * s, f - 22 * s, 12 * s, 22 * s, DARK, radius=2 * s)
    p.rect(x - 4.5 * s, f - 19 * s, 9 * s, 15 * s, (120, 200, 240), outline=False)
    for i, c in enumerate((PINK, YELLOW, GREEN)):
        p.circle(x - 2 * s + i * 2 * s, f - 15 * s + i * 3 * s, 1.3 * s, c, outline=False)
    p.circle(x + 9 * s, f - 24 * s, 3 * s, RED)


def bulb(p: Pen, x: float, f: float, s: float) -> None:
    p.seg((x, f - 30 * s), (x, f - 20 * s), DARK, 0.6 * s)
    p.circle(x, f - 16 * s, 4.5 * s, YELLOW)
    p.rect(x - 2 * s, f - 22 * s, 4 * s, 3 * s, STEEL)
    p.rect(x - 8 * s, f - 10 * s, 16 * s, 10 * s, WHITE, radius=1 * s)
    p.circle(x - 3 * s, f - 5 * s, 1.2 * s, DARK)
    p.circle(x + 3 * s, f - 5 * s, 1.2 * s, DARK)


def pipes(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 14 * s, f - 20 * s, 4 * s, 20 * s, (180, 110, 60))
    p.rect(x - 14 * s, f - 20 * s, 22 * s, 4 * s, (180, 110, 60))
    p.rect(x + 6 * s, f - 20 * s, 4 * s, 12 * s, (180, 110, 60))
    p.ellipse(x + 4 * s, f - 8 * s, 8 * s, 5 * s, (120, 190, 240))
    p.seg((x + 2 * s, f - 2 * s), (x + 12 * s, f - 6 * s), STEEL, 1.5 * s)


def plaster(p: Pen, x: float, f: float, s: float) -> None:
    for i in range(3):
        p.rect(x - 12 * s + i * 3 * s, f - 30 * s, 14 * s, 30 * s, (235, 235, 230))
    p.rect(x + 8 * s, f - 6 * s, 8 * s, 6 * s, STEEL)


def paint(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 10 * s, f - 9 * s, 10 * s, 9 * s, BLUE, radius=1 * s)
    p.rect(x - 10 * s, f - 9 * s, 10 * s, 2 * s, lighter(BLUE), outline=False)
    p.rect(x + 3 * s, f - 28 * s, 1.5 * s, 20 * s, DARK)
    p.rect(x - 1 * s, f - 32 * s, 10 * s, 5 * s, (120, 200, 240), radius=1.5 * s)


def ladder(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 6 * s, f - 34 * s, 1.5 * s, 34 * s, ORANGE)
    p.rect(x + 4.5 * s, f - 34 * s, 1.5 * s, 34 * s, ORANGE)
    for i in range(6):
        p.rect(x - 5 * s, f - 5 * s - i * 5.5 * s, 10 * s, 1.2 * s, ORANGE)


def tiles(p: Pen, x: float, f: float, s: float) -> None:
    p.poly([(x - 14 * s, f), (x, f - 16 * s), (x + 14 * s, f)], (200, 90, 60))
    for i in range(3):
        p.seg(
            (x - 10 * s + i * 4 * s, f - 4 * s - i * 4 * s),
            (x + 10 * s - i * 4 * s, f - 4 * s - i * 4 * s),
            darker((200, 90, 60)),
            0.6 * s,
        )


def bricks(p: Pen, x: float, f: float, s: float) -> None:
    for row in range(3):
        for i in range(3):
            off = 3 * s if row % 2 else 0
            p.rect(
                x - 13 * s + i * 8 * s + off, f - 5 * s - row * 5 * s, 8 * s, 5 * s, (190, 90, 60)
            )
    p.poly([(x + 14 * s, f - 2 * s), (x + 20 * s, f - 6 * s), (x + 18 * s, f)], STEEL)


def barrow(p: Pen, x: float, f: float, s: float) -> None:
    p.poly(
        [
            (x - 12 * s, f - 12 * s),
            (x + 8 * s, f - 12 * s),
            (x + 4 * s, f - 4 * s),
            (x - 8 * s, f - 4 * s),
        ],
        GREEN,
    )
    p.circle(x + 8 * s, f - 3 * s, 3 * s, DARK)
    p.seg((x - 12 * s, f - 10 * s), (x - 18 * s, f - 8 * s), DARK, 1 * s)


def games(p: Pen, x: float, f: float, s: float) -> None:
    p.circle(x - 6 * s, f - 5 * s, 5 * s, ORANGE)
    p.seg((x - 11 * s, f - 5 * s), (x - 1 * s, f - 5 * s), OUTLINE, 0.4 * s)
    for i, c in enumerate((RED, BLUE, YELLOW)):
        p.rect(x + 2 * s + i * 4 * s, f - 4 * s - i * 4 * s, 5 * s, 4 * s, c)


def bed(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 18 * s, f - 8 * s, 36 * s, 6 * s, WHITE, radius=1 * s)
    p.rect(x - 18 * s, f - 16 * s, 3 * s, 16 * s, STEEL)
    p.rect(x + 15 * s, f - 12 * s, 3 * s, 12 * s, STEEL)
    p.rect(x - 14 * s, f - 11 * s, 8 * s, 4 * s, (230, 240, 250), radius=1.5 * s)
    p.rect(x - 6 * s, f - 10 * s, 20 * s, 4 * s, (150, 200, 230), radius=1 * s)


def pot(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 14 * s, f - 10 * s, 28 * s, 10 * s, STEEL)
    p.rect(x - 10 * s, f - 18 * s, 12 * s, 8 * s, (120, 126, 140), radius=1 * s)
    for i in range(3):
        p.arc(x - 6 * s + i * 3 * s, f - 26 * s, 3 * s, 7 * s, 0, 3.1, 0.4 * s)
    p.ellipse(x + 4 * s, f - 13 * s, 9 * s, 3 * s, DARK)


def veggies(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 3 * s, 24 * s, 3 * s, WOOD)
    p.circle(x - 7 * s, f - 6 * s, 3 * s, RED)
    p.poly([(x - 2 * s, f - 4 * s), (x + 6 * s, f - 6 * s), (x + 6 * s, f - 3 * s)], ORANGE)
    p.circle(x + 9 * s, f - 6 * s, 3 * s, GREEN)


def burger(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 3 * s, 24 * s, 3 * s, RED, radius=1 * s)
    p.ellipse(x - 8 * s, f - 6 * s, 16 * s, 3.5 * s, (220, 160, 80))
    p.rect(x - 8 * s, f - 8 * s, 16 * s, 2.5 * s, (120, 70, 40), radius=1 * s)
    p.rect(x - 8.5 * s, f - 9 * s, 17 * s, 1.5 * s, GREEN, outline=False)
    p.ellipse(x - 8 * s, f - 14 * s, 16 * s, 7 * s, (230, 170, 80))
    p.rect(x + 6 * s, f - 12 * s, 6 * s, 9 * s, YELLOW)


def tray(p: Pen, x: float, f: float, s: float) -> None:
    p.ellipse(x - 12 * s, f - 4 * s, 24 * s, 4 * s, STEEL)
    p.circle(x - 5 * s, f - 7 * s, 3.5 * s, WHITE)
    p.rect(x + 3 * s, f - 12 * s, 3 * s, 9 * s, (190, 225, 245), radius=0.5 * s)
    p.rect(x + 8 * s, f - 14 * s, 2 * s, 11 * s, (160, 40, 60), radius=0.5 * s)


def bell(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 14 * s, f - 3 * s, 28 * s, 3 * s, WOOD)
    p.poly(
        [
            (x - 6 * s, f - 3 * s),
            (x - 4 * s, f - 9 * s),
            (x + 4 * s, f - 9 * s),
            (x + 6 * s, f - 3 * s),
        ],
        ORANGE,
    )
    p.circle(x, f - 10 * s, 1.2 * s, ORANGE)
    p.rect(x + 8 * s, f - 9 * s, 4 * s, 6 * s, YELLOW, radius=1 * s)


def linen(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 16 * s, 24 * s, 14 * s, STEEL, radius=1 * s)
    for i, c in enumerate((WHITE, (220, 236, 250), WHITE)):
        p.rect(x - 10 * s, f - 22 * s + i * 2 * s, 20 * s, 2 * s, c, radius=0.8 * s)
    p.circle(x - 8 * s, f - 1 * s, 1.5 * s, DARK)
    p.circle(x + 8 * s, f - 1 * s, 1.5 * s, DARK)


def conveyor(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 22 * s, f - 10 * s, 44 * s, 4 * s, DARK, radius=2 * s)
    for i in range(4):
        p.rect(x - 20 * s + i * 11 * s, f - 16 * s, 8 * s, 6 * s, (210, 165, 110))
    p.rect(x - 20 * s, f - 6 * s, 2 * s, 6 * s, STEEL)
    p.rect(x + 18 * s, f - 6 * s, 2 * s, 6 * s, STEEL)


def planks(p: Pen, x: float, f: float, s: float) -> None:
    for i in range(3):
        p.rect(x - 16 * s, f - 3 * s - i * 3 * s, 30 * s, 3 * s, lighter(WOOD, 0.1 * i))
    p.poly([(x + 6 * s, f - 12 * s), (x + 18 * s, f - 12 * s), (x + 18 * s, f - 17 * s)], STEEL)
    p.rect(x + 2 * s, f - 15 * s, 5 * s, 4 * s, RED, radius=1 * s)


def welding(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 10 * s, 24 * s, 10 * s, DARK)
    p.rect(x - 4 * s, f - 24 * s, 8 * s, 10 * s, (80, 90, 60), radius=1 * s)
    p.rect(x - 3 * s, f - 21 * s, 6 * s, 2 * s, (40, 40, 30), outline=False)
    for dx, dy in ((-6, -14), (6, -15), (-3, -17), (4, -12), (0, -18)):
        p.seg((x, f - 11 * s), (x + dx * s, f + dy * s), YELLOW, 0.5 * s)


def mop(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 8 * s, f - 10 * s, 12 * s, 10 * s, YELLOW, radius=1 * s)
    p.seg((x + 8 * s, f - 32 * s), (x + 2 * s, f - 2 * s), WOOD, 1 * s)
    p.ellipse(x - 2 * s, f - 4 * s, 9 * s, 4 * s, (200, 200, 210))
    p.poly([(x + 8 * s, f - 12 * s), (x + 14 * s, f - 12 * s), (x + 11 * s, f - 22 * s)], YELLOW)


def computer(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 16 * s, f - 3 * s, 32 * s, 3 * s, WOOD)
    p.rect(x - 12 * s, f - 20 * s, 24 * s, 15 * s, DARK, radius=1 * s)
    p.rect(x - 10 * s, f - 18 * s, 20 * s, 11 * s, (30, 40, 60), outline=False)
    for i, (w, c) in enumerate(((8, GREEN), (12, PINK), (6, YELLOW), (10, (120, 200, 240)))):
        p.rect(
            x - 9 * s + (i % 2) * 2 * s, f - 17 * s + i * 2.5 * s, w * s, 1.2 * s, c, outline=False
        )


def car(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 20 * s, f - 2 * s, 40 * s, 4 * s)
    p.poly(
        [
            (x - 10 * s, f - 12 * s),
            (x - 6 * s, f - 19 * s),
            (x + 8 * s, f - 19 * s),
            (x + 13 * s, f - 12 * s),
        ],
        (120, 200, 240),
    )
    p.rect(x - 19 * s, f - 13 * s, 38 * s, 9 * s, RED, radius=3 * s)
    p.circle(x - 11 * s, f - 4 * s, 4 * s, DARK)
    p.circle(x + 11 * s, f - 4 * s, 4 * s, DARK)
    p.circle(x + 17 * s, f - 10 * s, 1.3 * s, YELLOW)


def spray(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 4 * s, f - 16 * s, 8 * s, 16 * s, PINK, radius=2 * s)
    p.rect(x - 2 * s, f - 20 * s, 4 * s, 4 * s, DARK)
    for i in range(4):
        p.circle(
            x + (7 + i * 3) * s,
            f - 19 * s + (i % 2) * s,
            (1.5 + i * 0.4) * s,
            lighter(PINK, 0.4),
            outline=False,
        )


def ambulance(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 22 * s, f - 2 * s, 44 * s, 4 * s)
    p.rect(x - 20 * s, f - 20 * s, 28 * s, 16 * s, WHITE, radius=1.5 * s)
    p.rect(x + 8 * s, f - 14 * s, 12 * s, 10 * s, WHITE, radius=2 * s)
    p.rect(x + 11 * s, f - 13 * s, 7 * s, 4 * s, (120, 200, 240))
    p.rect(x - 9 * s, f - 16 * s, 3 * s, 9 * s, GREEN, outline=False)
    p.rect(x - 12 * s, f - 13 * s, 9 * s, 3 * s, GREEN, outline=False)
    p.rect(x - 4 * s, f - 23 * s, 5 * s, 3 * s, BLUE)
    p.circle(x - 12 * s, f - 4 * s, 3.5 * s, DARK)
    p.circle(x + 12 * s, f - 4 * s, 3.5 * s, DARK)


def wheelchair(p: Pen, x: float, f: float, s: float) -> None:
    p.circle(x - 2 * s, f - 7 * s, 7 * s, STEEL)
    p.circle(x - 2 * s, f - 7 * s, 5 * s, (230, 236, 242))
    p.rect(x - 4 * s, f - 22 * s, 2 * s, 15 * s, BLUE)
    p.rect(x - 4 * s, f - 12 * s, 14 * s, 3 * s, BLUE)
    p.circle(x + 9 * s, f - 2 * s, 2 * s, DARK)


def toys(p: Pen, x: float, f: float, s: float) -> None:
    p.circle(x - 8 * s, f - 10 * s, 6 * s, (190, 140, 90))
    p.circle(x - 12 * s, f - 16 * s, 2.5 * s, (190, 140, 90))
    p.circle(x - 4 * s, f - 16 * s, 2.5 * s, (190, 140, 90))
    p.circle(x - 8 * s, f - 9 * s, 1 * s, OUTLINE)
    for i, c in enumerate((RED, YELLOW, BLUE)):
        p.rect(x + 2 * s + i * 5 * s, f - 5 * s, 5 * s, 5 * s, c)
    p.rect(x + 7 * s, f - 10 * s, 5 * s, 5 * s, GREEN)


def iron(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 16 * s, f - 14 * s, 32 * s, 2.5 * s, (220, 236, 250), radius=1 * s)
    p.seg((x - 10 * s, f), (x + 6 * s, f - 12 * s), STEEL, 0.8 * s)
    p.seg((x + 10 * s, f), (x - 6 * s, f - 12 * s), STEEL, 0.8 * s)
    p.poly(
        [
            (x - 2 * s, f - 14 * s),
            (x + 8 * s, f - 14 * s),
            (x + 8 * s, f - 19 * s),
            (x + 2 * s, f - 19 * s),
        ],
        BLUE,
    )


def bins(p: Pen, x: float, f: float, s: float) -> None:
    for i, c in enumerate((GREEN, YELLOW, BLUE)):
        bx = x - 16 * s + i * 11 * s
        p.rect(bx, f - 14 * s, 10 * s, 14 * s, c, radius=1 * s)
        p.rect(bx - 0.5 * s, f - 16 * s, 11 * s, 2.5 * s, darker(c), radius=1 * s)


def guard(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 12 * s, f - 18 * s, 24 * s, 14 * s, DARK, radius=1 * s)
    for i in range(4):
        p.rect(
            x - 11 * s + (i % 2) * 11 * s,
            f - 17 * s + (i // 2) * 6.5 * s,
            10 * s,
            6 * s,
            (100, 140, 170),
            outline=False,
        )
    p.rect(x + 14 * s, f - 10 * s, 4 * s, 10 * s, DARK, radius=1 * s)
    p.rect(x + 15 * s, f - 14 * s, 1 * s, 4 * s, DARK)


def desk(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 16 * s, f - 12 * s, 32 * s, 3 * s, WOOD)
    p.rect(x - 15 * s, f - 9 * s, 2 * s, 9 * s, darker(WOOD))
    p.rect(x + 13 * s, f - 9 * s, 2 * s, 9 * s, darker(WOOD))
    for i, c in enumerate((BLUE, ORANGE, GREEN)):
        p.rect(x - 12 * s + i * 2 * s, f - 15 * s - i * 1.5 * s, 12 * s, 3 * s, c)


def forklift(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 18 * s, f - 2 * s, 36 * s, 4 * s)
    p.rect(x - 10 * s, f - 14 * s, 20 * s, 10 * s, ORANGE, radius=1.5 * s)
    p.rect(x - 8 * s, f - 28 * s, 1.5 * s, 14 * s, DARK)
    p.rect(x + 4 * s, f - 28 * s, 1.5 * s, 14 * s, DARK)
    p.rect(x - 9 * s, f - 29 * s, 15 * s, 2 * s, DARK)
    p.rect(x + 11 * s, f - 30 * s, 2 * s, 28 * s, DARK)
    p.rect(x + 13 * s, f - 3 * s, 8 * s, 1.5 * s, DARK)
    p.rect(x + 13 * s, f - 12 * s, 8 * s, 8 * s, (210, 165, 110))
    p.circle(x - 6 * s, f - 3.5 * s, 3.5 * s, DARK)
    p.circle(x + 6 * s, f - 3.5 * s, 3.5 * s, DARK)


def truck(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 26 * s, f - 2 * s, 52 * s, 4 * s)
    p.rect(x - 24 * s, f - 24 * s, 34 * s, 20 * s, WHITE, radius=1 * s)
    p.rect(x - 22 * s, f - 22 * s, 30 * s, 3 * s, BLUE, outline=False)
    p.rect(x + 10 * s, f - 17 * s, 14 * s, 13 * s, BLUE, radius=2 * s)
    p.rect(x + 15 * s, f - 15 * s, 7 * s, 5 * s, (170, 215, 240))
    for wx in (-16, -6, 16):
        p.circle(x + wx * s, f - 4 * s, 3.5 * s, DARK)


def tree(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 1.5 * s, f - 14 * s, 3 * s, 14 * s, WOOD)
    p.circle(x, f - 18 * s, 8 * s, (70, 150, 80))
    p.circle(x - 5 * s, f - 14 * s, 5 * s, (90, 170, 90))
    p.circle(x + 3 * s, f - 14 * s, 1.3 * s, RED, outline=False)


def flowers(p: Pen, x: float, f: float, s: float) -> None:
    p.rect(x - 10 * s, f - 4 * s, 20 * s, 4 * s, (150, 100, 60))
    for i, c in enumerate((RED, YELLOW, PINK, ORANGE)):
        fx = x - 7 * s + i * 4.5 * s
        p.seg((fx, f - 4 * s), (fx, f - 10 * s), (60, 140, 60), 0.6 * s)
        p.circle(fx, f - 11 * s, 1.8 * s, c)


def cow(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 14 * s, f - 2 * s, 28 * s, 4 * s)
    for lx in (-9, -5, 5, 9):
        p.rect(x + lx * s - 1 * s, f - 8 * s, 2 * s, 8 * s, WHITE)
    p.ellipse(x - 12 * s, f - 18 * s, 24 * s, 12 * s, WHITE)
    p.ellipse(x - 6 * s, f - 16 * s, 7 * s, 5 * s, (50, 50, 60), outline=False)
    p.ellipse(x + 11 * s, f - 22 * s, 8 * s, 8 * s, WHITE)
    p.ellipse(x + 13 * s, f - 17 * s, 6 * s, 4 * s, (250, 190, 190))


def tractor(p: Pen, x: float, f: float, s: float) -> None:
    p.shadow(x - 18 * s, f - 2 * s, 36 * s, 4 * s)
    p.rect(x - 12 * s, f - 16 * s, 22 * s, 8 * s, GREEN, radius=1 * s)
    p.rect(x - 10 * s, f - 26 * s, 10 * s, 10 * s, (170, 215, 240))
    p.circle(x - 8 * s, f - 8 * s, 8 * s, DARK)
    p.circle(x - 8 * s, f - 8 * s, 3 * s, YELLOW)
    p.circle(x + 8 * s, f - 4.5 * s, 4.5 * s, DARK)


def hay(p: Pen, x: float, f: float, s: float) -> None:
    p.ellipse(x - 10 * s, f - 14 * s, 20 * s, 14 * s, (230, 200, 100))
    p.arc(x - 6 * s, f - 10 * s, 12 * s, 8 * s, 0, 6.2, 0.4 * s)


PROPS: dict[str, tuple[Prop, str]] = {
    "oven": (oven, "un four à pain"),
    "bread": (bread, "des pains dorés"),
    "knife": (knife, "un billot avec un couteau et de la viande"),
    "chair": (chair, "un fauteuil de coiffure"),
    "mirror": (mirror, "un grand miroir"),
    "scissors": (scissors, "des ciseaux"),
    "clothes": (clothes, "un portant de vêtements"),
    "headset": (headset, "un écran et un casque avec micro"),
    "till": (till, "une caisse enregistreuse"),
    "boxes": (boxes, "des cartons"),
    "groceries": (groceries, "un chariot de produits"),
    "phone": (phone, "un téléphone avec des messages"),
    "bulb": (bulb, "une ampoule et une prise"),
    "pipes": (pipes, "des tuyaux et une clé"),
    "plaster": (plaster, "des plaques de plâtre"),
    "paint": (paint, "un pot de peinture et un rouleau"),
    "ladder": (ladder, "une échelle"),
    "tiles": (tiles, "un tas de tuiles"),
    "bricks": (bricks, "des briques et une truelle"),
    "barrow": (barrow, "une brouette"),
    "games": (games, "un ballon et des jeux"),
    "bed": (bed, "un lit"),
    "pot": (pot, "une casserole sur le feu"),
    "veggies": (veggies, "des légumes sur une planche"),
    "burger": (burger, "un plateau avec un burger"),
    "tray": (tray, "un plateau avec une assiette et des verres"),
    "bell": (bell, "un comptoir avec une sonnette et des clés"),
    "linen": (linen, "un chariot de draps propres"),
    "conveyor": (conveyor, "un tapis roulant avec des boîtes"),
    "planks": (planks, "des planches et une scie"),
    "welding": (welding, "un poste de soudure avec des étincelles"),
    "mop": (mop, "un seau et un balai"),
    "computer": (computer, "un ordinateur"),
    "car": (car, "une voiture"),
    "spray": (spray, "un pistolet à peinture"),
    "ambulance": (ambulance, "une ambulance"),
    "wheelchair": (wheelchair, "un fauteuil roulant"),
    "toys": (toys, "un ours en peluche et des cubes"),
    "iron": (iron, "une table à repasser"),
    "bins": (bins, "des poubelles de tri"),
    "guard": (guard, "des écrans de surveillance et un talkie-walkie"),
    "desk": (desk, "un bureau avec des dossiers"),
    "forklift": (forklift, "un chariot élévateur"),
    "truck": (truck, "un camion"),
    "tree": (tree, "un arbre"),
    "flowers": (flowers, "des fleurs"),
    "cow": (cow, "une vache"),
    "tractor": (tractor, "un tracteur"),
    "hay": (hay, "une botte de foin"),
}
