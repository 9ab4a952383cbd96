"""Pictures of the interest cards, drawn with shapes (ours, no image file).

Each picture is painted in a square of 100 x 100 "points" scaled to the rectangle it gets, on
a warm background whose colour follows the card's letter. :func:`draw_card` never changes
state; pictures are cached by (card, size) because drawing them is the slow part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from game.scenes.theme import INK, PANEL, Color

SKIN: Color = (224, 172, 128)
SKIN_DARK: Color = (150, 98, 62)
HAIR: Color = (60, 44, 38)
RED: Color = (222, 84, 62)
ORANGE: Color = (242, 153, 54)
YELLOW: Color = (250, 214, 80)
GREEN: Color = (78, 168, 96)
LEAF: Color = (52, 132, 74)
BLUE: Color = (66, 134, 214)
SKY: Color = (150, 204, 240)
PURPLE: Color = (150, 100, 190)
PINK: Color = (240, 150, 170)
BROWN: Color = (150, 98, 58)
WOOD: Color = (206, 150, 90)
GREY: Color = (130, 138, 150)
LIGHT: Color = (236, 238, 242)
BACKGROUNDS: dict[str, Color] = {
    "R": (255, 222, 196),
    "I": (208, 230, 250),
    "A": (246, 214, 240),
    "S": (214, 240, 214),
    "E": (255, 236, 180),
    "C": (226, 222, 250),
}


class Pen:
    """Draws on ``surface`` in 0-100 coordinates mapped into the square ``box``."""

    def __init__(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        self.surface = surface
        self.box = box
        self.k = box.width / 100

    def p(self, x: float, y: float) -> tuple[int, int]:
        return (round(self.box.x + x * self.k), round(self.box.y + y * self.k))

    def n(self, value: float) -> int:
        return max(1, round(value * self.k))

    def rect(self, x: float, y: float, w: float, h: float, color: Color, radius: float = 0) -> None:
        area = pygame.Rect(*self.p(x, y), self.n(w), self.n(h))
        pygame.draw.rect(self.surface, color, area, border_radius=self.n(radius) if radius else 0)
        pygame.draw.rect(
            self.surface, INK, area, self.n(1.2), border_radius=self.n(radius) if radius else 0
        )

    def circle(self, x: float, y: float, r: float, color: Color, line: bool = True) -> None:
        pygame.draw.circle(self.surface, color, self.p(x, y), self.n(r))
        if line:
            pygame.draw.circle(self.surface, INK, self.p(x, y), self.n(r), self.n(1.2))

    def poly(self, points: Sequence[tuple[float, float]], color: Color) -> None:
        mapped = [self.p(x, y) for x, y in points]
        pygame.draw.polygon(self.surface, color, mapped)
        pygame.draw.polygon(self.surface, INK, mapped, self.n(1.2))

    def line(self, points: Sequence[tuple[float, float]], color: Color = INK, w: float = 2) -> None:
        pygame.draw.lines(self.surface, color, False, [self.p(x, y) for x, y in points], self.n(w))

    def person(
        self, x: float, y: float, shirt: Color, size: float = 1.0, hair: Color = HAIR
    ) -> None:
        """A friendly figure: head at (x, y), body below."""
        s = size
        self.poly(
            [
                (x - 13 * s, y + 34 * s),
                (x - 10 * s, y + 12 * s),
                (x + 10 * s, y + 12 * s),
                (x + 13 * s, y + 34 * s),
            ],
            shirt,
        )
        self.circle(x, y, 9 * s, SKIN)
        pygame.draw.arc(
            self.surface,
            hair,
            pygame.Rect(*self.p(x - 9 * s, y - 9 * s), self.n(18 * s), self.n(18 * s)),
            0.3,
            2.85,
            self.n(4 * s),
        )
        self.circle(x - 3 * s, y, 1.2 * s, INK, line=False)
        self.circle(x + 3 * s, y, 1.2 * s, INK, line=False)
        pygame.draw.arc(
            self.surface,
            INK,
            pygame.Rect(*self.p(x - 4 * s, y - 1 * s), self.n(8 * s), self.n(6 * s)),
            3.5,
            5.9,
            self.n(1),
        )


def _bike(pen: Pen) -> None:
    pen.circle(28, 64, 16, LIGHT)
    pen.circle(72, 64, 16, LIGHT)
    pen.circle(28, 64, 3, GREY)
    pen.circle(72, 64, 3, GREY)
    pen.line([(28, 64), (44, 40), (66, 40), (72, 64)], RED, 3.5)
    pen.line([(44, 40), (52, 64), (66, 40)], RED, 3.5)
    pen.line([(40, 33), (50, 33)], INK, 3)
    pen.line([(66, 40), (64, 30), (72, 28)], INK, 3)
    pen.line([(80, 20), (90, 30)], GREY, 5)  # a spanner
    pen.circle(80, 20, 4, GREY)


def _care_old(pen: Pen) -> None:
    pen.person(34, 30, GREEN)
    pen.person(66, 34, PURPLE, 0.95, hair=LIGHT)
    pen.line([(76, 48), (82, 88)], BROWN, 3)  # walking stick
    pen.line([(42, 50), (58, 52)], SKIN_DARK, 4)  # holding hands
    pen.poly([(48, 14), (52, 10), (56, 14), (52, 19)], RED)


def _draw(pen: Pen) -> None:
    pen.rect(20, 16, 60, 62, PANEL, 2)
    pen.circle(40, 36, 8, YELLOW)
    pen.poly([(24, 74), (42, 48), (56, 64), (66, 54), (78, 74)], GREEN)
    pen.line([(72, 86), (90, 62)], ORANGE, 5)
    pen.poly([(90, 62), (93, 57), (94, 63)], INK)
    pen.circle(14, 86, 5, BLUE)
    pen.circle(26, 88, 5, RED)


def _stock(pen: Pen) -> None:
    pen.line([(14, 88), (14, 10)], GREY, 3)
    pen.line([(86, 88), (86, 10)], GREY, 3)
    boxes = (((18, 18), WOOD), ((42, 14), ORANGE), ((64, 18), WOOD))
    for shelf in (36, 62, 88):
        pen.line([(14, shelf), (86, shelf)], GREY, 3)
        for (x, height), color in boxes:
            pen.rect(x + (shelf % 7), shelf - height, 18, height, color, 1)
        boxes = boxes[1:] + boxes[:1]


def _engine(pen: Pen) -> None:
    pen.rect(22, 36, 56, 40, GREY, 3)
    pen.rect(30, 22, 14, 14, LIGHT, 1)
    pen.rect(56, 22, 14, 14, LIGHT, 1)
    pen.circle(50, 56, 11, LIGHT)
    for angle in range(0, 360, 60):
        v = pygame.math.Vector2(13, 0).rotate(angle)
        pen.circle(50 + v.x, 56 + v.y, 3, LIGHT)
    pen.circle(50, 56, 4, ORANGE)
    pen.circle(82, 24, 9, SKY)  # magnifying glass
    pen.line([(88, 31), (95, 40)], BROWN, 4)


def _sell(pen: Pen) -> None:
    pen.person(28, 28, BLUE)
    pen.person(74, 30, ORANGE, 0.95)
    pen.rect(10, 62, 80, 26, WOOD, 2)
    pen.rect(42, 48, 16, 14, RED, 2)  # a bag on the counter
    pen.line([(45, 48), (50, 42), (55, 48)], INK, 1.5)
    pen.poly([(60, 8), (80, 8), (80, 18), (66, 18), (62, 22)], PANEL)


def _wood(pen: Pen) -> None:
    pen.rect(16, 40, 68, 10, WOOD, 1)
    pen.rect(20, 50, 8, 36, WOOD, 1)
    pen.rect(72, 50, 8, 36, WOOD, 1)
    pen.line([(30, 22), (52, 34)], GREY, 5)  # hammer handle
    pen.rect(24, 14, 14, 10, GREY, 1)
    pen.line([(60, 20), (82, 30)], BROWN, 4)  # saw
    pen.poly([(60, 18), (84, 28), (80, 34), (56, 24)], LIGHT)


def _nurse(pen: Pen) -> None:
    pen.person(36, 26, PANEL)
    pen.rect(30, 42, 12, 12, PANEL, 0)
    pen.line([(36, 44), (36, 52)], RED, 2.5)
    pen.line([(32, 48), (40, 48)], RED, 2.5)
    pen.rect(54, 62, 36, 14, SKY, 3)  # bed
    pen.circle(62, 58, 7, SKIN)
    pen.rect(74, 56, 10, 6, PANEL, 1)  # bandage
    pen.line([(54, 76), (54, 88)], GREY, 3)
    pen.line([(90, 76), (90, 88)], GREY, 3)


def _music(pen: Pen) -> None:
    pen.poly([(24, 70), (36, 42), (48, 70), (40, 86), (30, 86)], ORANGE)  # guitar body
    pen.circle(36, 66, 5, BROWN)
    pen.line([(36, 44), (56, 10)], BROWN, 4)
    for x, y, c in ((64, 30, PURPLE), (80, 46, BLUE), (70, 66, RED)):
        pen.circle(x, y, 5, c)
        pen.line([(x + 5, y), (x + 5, y - 16), (x + 12, y - 12)], INK, 2)


def _numbers(pen: Pen) -> None:
    pen.rect(14, 14, 72, 72, PANEL, 2)
    for y in (30, 46, 62):
        pen.line([(14, y), (86, y)], GREY, 1.5)
    pen.line([(40, 14), (40, 86)], GREY, 1.5)
    for i, height in enumerate((10, 18, 14)):
        pen.rect(48 + i * 12, 78 - height * 1.6, 8, height * 1.6, (BLUE, GREEN, ORANGE)[i])
    for y in (20, 36, 52, 68):
        pen.line([(20, y + 2), (34, y + 2)], INK, 2)


def _experiment(pen: Pen) -> None:
    pen.poly([(40, 14), (56, 14), (56, 40), (74, 80), (22, 80), (40, 40)], LIGHT)
    pen.poly([(33, 58), (63, 58), (74, 80), (22, 80)], GREEN)
    for x, y, r in ((46, 50, 3), (54, 36, 4), (60, 22, 5)):
        pen.circle(x + 10, y - 14, r, SKY)
    pen.rect(78, 40, 8, 40, PANEL, 2)
    pen.rect(78, 62, 8, 18, PURPLE, 2)


def _lead(pen: Pen) -> None:
    pen.person(50, 20, RED, 1.05)
    pen.person(22, 52, BLUE, 0.8)
    pen.person(50, 58, GREEN, 0.8)
    pen.person(78, 52, PURPLE, 0.8)
    pen.line([(62, 38), (80, 24)], SKIN_DARK, 3.5)
    pen.poly([(80, 14), (88, 24), (80, 30)], YELLOW)


def _garden(pen: Pen) -> None:
    pen.rect(8, 72, 84, 18, BROWN, 2)
    for x in (22, 44, 66):
        pen.line([(x, 72), (x, 52)], LEAF, 3)
        pen.circle(x - 5, 56, 5, GREEN)
        pen.circle(x + 5, 50, 5, GREEN)
    pen.circle(66, 46, 6, YELLOW)
    pen.poly([(62, 20), (86, 20), (90, 36), (58, 36)], BLUE)  # watering can
    pen.line([(86, 24), (96, 14)], BLUE, 3)
    for x, y in ((90, 22), (84, 30), (78, 40)):
        pen.circle(x - 6, y + 8, 1.5, SKY, line=False)


def _teach(pen: Pen) -> None:
    pen.rect(46, 10, 46, 34, LEAF, 2)
    pen.line([(52, 24), (62, 18), (72, 28), (84, 20)], PANEL, 2)
    pen.person(30, 28, ORANGE)
    pen.person(70, 60, SKY, 0.7)
    pen.line([(42, 44), (50, 38)], SKIN_DARK, 3)


def _decorate(pen: Pen) -> None:
    pen.rect(8, 8, 84, 84, (250, 240, 220), 2)
    pen.rect(18, 18, 28, 22, SKY, 1)  # a picture
    pen.poly([(20, 38), (30, 26), (44, 38)], GREEN)
    pen.poly([(60, 44), (84, 44), (78, 58), (66, 58)], YELLOW)  # lamp
    pen.line([(72, 58), (72, 84)], INK, 2)
    pen.rect(14, 64, 40, 20, PINK, 4)  # sofa
    pen.rect(60, 14, 24, 14, PURPLE, 2)  # paint roller
    pen.line([(72, 28), (72, 38)], INK, 2)


def _planning(pen: Pen) -> None:
    pen.rect(12, 20, 54, 64, PANEL, 2)
    pen.rect(12, 20, 54, 12, RED, 2)
    for row in range(3):
        for col in range(4):
            mark = (row + col) % 3 == 0
            pen.rect(16 + col * 12, 38 + row * 14, 8, 8, GREEN if mark else LIGHT)
    pen.circle(76, 62, 16, PANEL)
    pen.line([(76, 62), (76, 52)], INK, 2.5)
    pen.line([(76, 62), (84, 66)], INK, 2.5)


def _computer(pen: Pen) -> None:
    pen.rect(16, 16, 60, 42, INK, 2)
    pen.rect(20, 20, 52, 34, SKY, 0)
    pen.poly([(40, 26), (48, 26), (50, 40), (38, 40)], ORANGE)
    pen.circle(44, 46, 2, ORANGE, line=False)
    pen.rect(38, 58, 16, 8, GREY)
    pen.rect(24, 66, 44, 6, GREY, 2)
    pen.line([(78, 80), (90, 46)], GREY, 4)  # screwdriver
    pen.rect(84, 72, 8, 16, RED, 2)


def _project(pen: Pen) -> None:
    pen.poly([(50, 10), (62, 36), (62, 66), (38, 66), (38, 36)], PANEL)  # rocket
    pen.circle(50, 40, 6, SKY)
    pen.poly([(38, 50), (26, 70), (38, 66)], RED)
    pen.poly([(62, 50), (74, 70), (62, 66)], RED)
    pen.poly([(42, 66), (50, 90), (58, 66)], ORANGE)
    pen.poly([(46, 66), (50, 80), (54, 66)], YELLOW)
    for x, y in ((18, 20), (82, 30), (22, 84), (84, 80)):
        pen.circle(x, y, 2.5, YELLOW)


def _cook(pen: Pen) -> None:
    pen.rect(18, 48, 56, 30, GREY, 3)  # pot
    pen.line([(10, 54), (18, 54)], INK, 4)
    pen.line([(74, 54), (82, 54)], INK, 4)
    pen.rect(14, 42, 64, 8, LIGHT, 3)
    for x in (32, 46, 60):
        pen.line([(x, 36), (x - 4, 28), (x, 20), (x - 4, 12)], GREY, 2)
    pen.circle(86, 80, 7, RED)  # tomato
    pen.circle(86, 73, 2, LEAF, line=False)


def _listen(pen: Pen) -> None:
    pen.person(32, 34, BLUE)
    pen.person(68, 38, ORANGE, 0.95)
    pen.line([(44, 52), (58, 48)], SKIN_DARK, 4)  # hand on the shoulder
    pen.poly([(10, 8), (44, 8), (44, 20), (22, 20), (16, 26), (16, 20), (10, 20)], PANEL)
    pen.circle(22, 14, 2, INK, line=False)
    pen.circle(30, 14, 2, INK, line=False)
    pen.circle(38, 14, 2, INK, line=False)


PAINTERS: dict[str, Callable[[Pen], None]] = {
    "bike": _bike,
    "care_old": _care_old,
    "draw": _draw,
    "stock": _stock,
    "engine": _engine,
    "sell": _sell,
    "wood": _wood,
    "nurse": _nurse,
    "music": _music,
    "numbers": _numbers,
    "experiment": _experiment,
    "lead": _lead,
    "garden": _garden,
    "teach": _teach,
    "decorate": _decorate,
    "planning": _planning,
    "computer": _computer,
    "project": _project,
    "cook": _cook,
    "listen": _listen,
}

_CACHE: dict[tuple[str, str, int], pygame.Surface] = {}


def card_picture(card_id: str, letter: str, size: int) -> pygame.Surface:
    """The card's picture as a ``size`` x ``size`` surface (cached)."""
    key = (card_id, letter, size)
    found = _CACHE.get(key)
    if found is None:
        found = pygame.Surface((size, size), pygame.SRCALPHA)
        box = pygame.Rect(0, 0, size, size)
        pygame.draw.rect(found, BACKGROUNDS.get(letter, LIGHT), box, border_radius=size // 8)
        painter = PAINTERS.get(card_id)
        if painter is not None:
            painter(Pen(found, box.inflate(-size // 10, -size // 10)))
        pygame.draw.rect(found, INK, box, max(2, size // 90), border_radius=size // 8)
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = found
    return found
