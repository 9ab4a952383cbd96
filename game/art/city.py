"""The city map: a grid of streets with one building per grand domaine and a park.

The world is 160 x 100 logical units. Buildings stand in 3 rows of 5 blocks; the middle
block is a park. Each door opens on the street below its building. The static layer
(ground, streets, buildings) is drawn once per size and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

from game.art.pen import WHITE, Color, Pen, darker, lighter
from game.art.props import tree

WORLD = (160.0, 100.0)
COLUMNS, ROWS = 5, 3
STREET_W = 50 / 6  # six vertical streets (both edges included)
STREET_H = 10.0  # four horizontal streets
BLOCK_W, BLOCK_H = 22.0, 20.0
LETTERS = "ABCDEFGHIJKLMN"
PARK_SLOT = 7  # row 1, column 2: the middle of the map

ROAD: Color = (150, 154, 168)
PAVEMENT: Color = (214, 210, 200)
GRASS: Color = (132, 196, 110)


@dataclass(frozen=True, slots=True)
class Facade:
    wall: Color
    roof: Color
    kind: str  # roof shape: pitched, flat, saw, dome, tower


FACADES: dict[str, Facade] = {
    "A": Facade((200, 60, 50), (120, 60, 40), "pitched"),
    "B": Facade((236, 200, 150), (150, 100, 70), "pitched"),
    "C": Facade((225, 230, 240), (30, 46, 74), "dome"),
    "D": Facade((250, 236, 210), (213, 94, 0), "flat"),
    "E": Facade((120, 110, 170), (60, 56, 90), "flat"),
    "F": Facade((230, 200, 170), (230, 159, 0), "site"),
    "G": Facade((250, 226, 196), (0, 158, 115), "flat"),
    "H": Facade((190, 200, 210), (100, 110, 120), "saw"),
    "I": Facade((200, 206, 214), (210, 60, 50), "flat"),
    "J": Facade((240, 250, 250), (0, 158, 115), "tower"),
    "K": Facade((244, 218, 190), (204, 121, 167), "pitched"),
    "L": Facade((190, 40, 60), (240, 228, 66), "dome"),
    "M": Facade((200, 215, 235), (0, 114, 178), "tower"),
    "N": Facade((214, 206, 190), (0, 114, 178), "saw"),
}


def slot_of(letter: str) -> int:
    index = LETTERS.index(letter)
    return index if index < PARK_SLOT else index + 1


def block(slot: int) -> tuple[float, float, float, float]:
    """x, y, w, h of block ``slot`` (0..14) in world units."""
    col, row = slot % COLUMNS, slot // COLUMNS
    return (
        STREET_W + col * (BLOCK_W + STREET_W),
        STREET_H + row * (BLOCK_H + STREET_H),
        BLOCK_W,
        BLOCK_H,
    )


def building(letter: str) -> tuple[float, float, float, float]:
    return block(slot_of(letter))


def door(letter: str) -> tuple[float, float]:
    """Where the avatar stands to enter: on the street, just below the door."""
    x, y, w, h = building(letter)
    return (x + w / 2, y + h + STREET_H * 0.45)


def obstacles() -> list[tuple[float, float, float, float]]:
    """Rectangles the avatar cannot walk into (buildings and the park)."""
    return [block(slot) for slot in range(COLUMNS * ROWS)]


def vertical_streets() -> list[float]:
    """x of the middle of each vertical street."""
    return [STREET_W / 2 + i * (BLOCK_W + STREET_W) for i in range(COLUMNS + 1)]


def _facade(pen: Pen, letter: str, open_: bool) -> None:
    x, y, w, h = building(letter)
    f = FACADES[letter]
    pen.shadow(x - 1, y + h - 2, w + 2, 4, alpha=70)
    top = y + 5
    if f.kind == "pitched":
        pen.poly([(x - 1, top + 1), (x + w / 2, y - 3), (x + w + 1, top + 1)], f.roof)
    elif f.kind == "dome":
        pen.ellipse(x + 3, y - 2, w - 6, 12, f.roof)
    elif f.kind == "saw":
        for i in range(3):
            sx = x + i * w / 3
            pen.poly([(sx, top + 1), (sx + w / 3, y), (sx + w / 3, top + 1)], f.roof)
    elif f.kind == "tower":
        pen.rect(x + 2, y - 4, w - 4, 10, f.wall)
        for i in range(3):
            pen.rect(x + 4 + i * 5.5, y - 2, 3.5, 3, (170, 215, 240), outline=False)
    elif f.kind == "site":
        pen.rect(x + w - 4, y - 6, 1.5, 12, (230, 159, 0))
        pen.rect(x + 4, y - 6, w - 6, 1.5, (230, 159, 0))
    pen.rect(x, top, w, h - 5, f.wall, radius=0.8)
    if f.kind == "flat":
        for i in range(6):
            pen.poly(
                [
                    (x + i * w / 6, top),
                    (x + (i + 1) * w / 6, top),
                    (x + (i + 1) * w / 6, top + 3),
                    (x + (i + 0.5) * w / 6, top + 4),
                    (x + i * w / 6, top + 3),
                ],
                f.roof if i % 2 else WHITE,
            )
    for wx in (x + 2.5, x + w - 7.5):
        pen.rect(wx, top + 5, 5, 4, (170, 215, 240) if open_ else (120, 126, 140))
    sign_colour = lighter(f.roof, 0.1)
    pen.circle(x + w / 2, top + 6.5, 3.3, sign_colour)
    _emblem(pen, letter, x + w / 2, top + 6.5)
    dx = x + w / 2 - 3
    pen.rect(dx, y + h - 7, 6, 7, darker(f.roof, 0.2) if open_ else (110, 110, 120), radius=0.6)
    if not open_:
        for i in range(3):
            pen.seg((dx, y + h - 6 + i * 2), (dx + 6, y + h - 6 + i * 2), (70, 70, 80), 0.4)
    pen.rect(dx - 1, y + h - 0.6, 8, 1.2, PAVEMENT, outline=False)


def _emblem(pen: Pen, letter: str, cx: float, cy: float) -> None:
    """A tiny white sign on each building (a shape, never the only cue: names are written)."""
    white = WHITE
    if letter == "J":
        pen.rect(cx - 0.6, cy - 2, 1.2, 4, white, outline=False)
        pen.rect(cx - 2, cy - 0.6, 4, 1.2, white, outline=False)
    elif letter in "KA":
        pen.circle(cx - 0.8, cy - 0.5, 1.1, white, outline=False)
        pen.circle(cx + 0.8, cy - 0.5, 1.1, white, outline=False)
        pen.poly([(cx - 1.9, cy), (cx + 1.9, cy), (cx, cy + 2)], white, outline=False)
    elif letter in "LE":
        pen.poly(
            [
                (cx, cy - 2.2),
                (cx + 0.7, cy - 0.5),
                (cx + 2.2, cy - 0.5),
                (cx + 1, cy + 0.6),
                (cx + 1.4, cy + 2.2),
                (cx, cy + 1.2),
                (cx - 1.4, cy + 2.2),
                (cx - 1, cy + 0.6),
                (cx - 2.2, cy - 0.5),
                (cx - 0.7, cy - 0.5),
            ],
            white,
            outline=False,
        )
    elif letter in "NDG":
        pen.rect(cx - 1.8, cy - 1.2, 3.6, 3, white, outline=False)
        pen.arc(cx - 1.2, cy - 2.4, 2.4, 2.6, 0, 3.14, 0.4)
    else:
        pen.circle(cx, cy, 1.6, white, outline=False)
        pen.circle(cx, cy, 0.7, darker(FACADES[letter].roof), outline=False)


def _park(pen: Pen) -> None:
    x, y, w, h = block(PARK_SLOT)
    pen.rect(x, y, w, h, (110, 180, 100), radius=2)
    pen.circle(x + w / 2, y + h / 2 + 1, 4.5, (150, 200, 235))
    pen.circle(x + w / 2, y + h / 2 + 1, 1.5, WHITE)
    for tx, ty in ((x + 3.5, y + 8), (x + w - 3.5, y + 8), (x + 4, y + h - 1)):
        tree(pen, tx, ty, 0.35)
    pen.poly(
        [(x + w - 6, y + h - 3), (x + w - 2, y + h - 3), (x + w - 4, y + h - 6)], (240, 228, 66)
    )


@lru_cache(maxsize=8)
def city(size: tuple[int, int], open_letters: frozenset[str]) -> pygame.Surface:
    """The static layer of the map at ``size``; closed districts have shutters."""
    surface = pygame.Surface(size)
    pen = Pen(surface, WORLD)
    pen.rect(0, 0, WORLD[0], WORLD[1], GRASS, outline=False)
    pen.rect(0, 0, WORLD[0], WORLD[1], ROAD, outline=False)
    for slot in range(COLUMNS * ROWS):
        x, y, w, h = block(slot)
        pen.rect(x - 1.6, y - 4.5, w + 3.2, h + 6, PAVEMENT, radius=1.5, outline=False)
    for i in range(ROWS + 1):
        cy = STREET_H / 2 + i * (BLOCK_H + STREET_H) - 1
        for sx in range(2, 160, 8):
            pen.rect(sx, cy, 4, 0.5, WHITE, outline=False)
    for cx in vertical_streets():
        for sy in range(4, 100, 8):
            pen.rect(cx - 0.25, sy, 0.5, 3, (235, 235, 235), outline=False)
    _park(pen)
    for letter in LETTERS:
        _facade(pen, letter, letter in open_letters)
    return surface
