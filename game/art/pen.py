"""A pen that draws on a logical grid (160 x 90 by default) scaled to any surface size.

Every picture of :mod:`game.art` is described in logical units, so it stays crisp at any
size: the pen multiplies coordinates by the surface's scale. The friendly flat style is
made here: soft fills, one dark outline colour, soft drop shadows, vertical gradients.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

Color = tuple[int, int, int]
Point = tuple[float, float]

OUTLINE: Color = (46, 50, 70)
WHITE: Color = (255, 255, 255)
SKINS: tuple[Color, ...] = (
    (255, 219, 172),
    (241, 194, 125),
    (224, 172, 105),
    (198, 134, 66),
    (141, 85, 36),
    (96, 60, 32),
)
HAIRS: tuple[Color, ...] = ((40, 30, 25), (90, 56, 30), (20, 20, 24), (176, 110, 50), (60, 40, 35))
CLOTHES: tuple[Color, ...] = (
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (120, 90, 200),
)


def mix(a: Color, b: Color, t: float) -> Color:
    """``a`` moved a share ``t`` towards ``b``."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def darker(c: Color, t: float = 0.25) -> Color:
    return mix(c, (0, 0, 0), t)


def lighter(c: Color, t: float = 0.3) -> Color:
    return mix(c, (255, 255, 255), t)


class Pen:
    """Draws shapes given in logical units on ``surface`` (offset by ``origin`` pixels)."""

    def __init__(
        self,
        surface: pygame.Surface,
        logical: tuple[float, float] = (160, 90),
        area: pygame.Rect | None = None,
    ) -> None:
        self.surface = surface
        self.area = area or surface.get_rect()
        self.kx = self.area.width / logical[0]
        self.ky = self.area.height / logical[1]
        self.k = min(self.kx, self.ky)
        self.line = max(1, round(0.45 * self.k))

    # -- coordinates -----------------------------------------------------------------------

    def x(self, value: float) -> int:
        return self.area.x + round(value * self.kx)

    def y(self, value: float) -> int:
        return self.area.y + round(value * self.ky)

    def pt(self, p: Point) -> tuple[int, int]:
        return (self.x(p[0]), self.y(p[1]))

    def box(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        left, top = self.x(x), self.y(y)
        return pygame.Rect(left, top, max(1, self.x(x + w) - left), max(1, self.y(y + h) - top))

    # -- shapes ----------------------------------------------------------------------------

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: Color,
        *,
        radius: float = 0,
        outline: bool = True,
    ) -> pygame.Rect:
        r = self.box(x, y, w, h)
        rad = round(radius * self.k)
        pygame.draw.rect(self.surface, fill, r, border_radius=rad)
        if outline:
            pygame.draw.rect(self.surface, OUTLINE, r, self.line, border_radius=rad)
        return r

    def poly(self, points: Sequence[Point], fill: Color, *, outline: bool = True) -> None:
        pts = [self.pt(p) for p in points]
        pygame.draw.polygon(self.surface, fill, pts)
        if outline:
            pygame.draw.polygon(self.surface, OUTLINE, pts, self.line)

    def circle(self, x: float, y: float, r: float, fill: Color, *, outline: bool = True) -> None:
        centre, radius = self.pt((x, y)), max(1, round(r * self.k))
        pygame.draw.circle(self.surface, fill, centre, radius)
        if outline:
            pygame.draw.circle(self.surface, OUTLINE, centre, radius, self.line)

    def ellipse(
        self, x: float, y: float, w: float, h: float, fill: Color, *, outline: bool = True
    ) -> None:
        r = self.box(x, y, w, h)
        pygame.draw.ellipse(self.surface, fill, r)
        if outline:
            pygame.draw.ellipse(self.surface, OUTLINE, r, self.line)

    def seg(self, a: Point, b: Point, color: Color = OUTLINE, width: float = 0.6) -> None:
        pygame.draw.line(self.surface, color, self.pt(a), self.pt(b), max(1, round(width * self.k)))

    def arc(
        self, x: float, y: float, w: float, h: float, start: float, stop: float, width: float
    ) -> None:
        pygame.draw.arc(
            self.surface, OUTLINE, self.box(x, y, w, h), start, stop, max(1, round(width * self.k))
        )

    def gradient(self, x: float, y: float, w: float, h: float, top: Color, bottom: Color) -> None:
        r = self.box(x, y, w, h)
        steps = max(1, r.height)
        for i in range(0, steps, 2):
            colour = mix(top, bottom, i / steps)
            pygame.draw.rect(self.surface, colour, (r.x, r.y + i, r.width, 2))

    def shadow(self, x: float, y: float, w: float, h: float, alpha: int = 60) -> None:
        """A soft oval shadow on the floor."""
        r = self.box(x, y, w, h)
        layer = pygame.Surface(r.size, pygame.SRCALPHA)
        pygame.draw.ellipse(layer, (20, 20, 40, alpha), layer.get_rect())
        self.surface.blit(layer, r)

    def veil(self, colour: Color, alpha: int) -> None:
        layer = pygame.Surface(self.area.size, pygame.SRCALPHA)
        layer.fill((*colour, alpha))
        self.surface.blit(layer, self.area)

    # -- a person --------------------------------------------------------------------------

    def person(
        self,
        x: float,
        feet: float,
        height: float,
        *,
        skin: Color,
        shirt: Color,
        hair: Color,
        style: int = 0,
        trousers: Color = (60, 66, 96),
        arms_up: bool = False,
    ) -> None:
        """A friendly round-headed character standing with feet at (x, feet)."""
        u = height / 10
        self.shadow(x - 2.4 * u, feet - 0.6 * u, 4.8 * u, 1.2 * u)
        self.rect(x - 1.3 * u, feet - 3.6 * u, 1.1 * u, 3.6 * u, trousers, radius=0.4 * u)
        self.rect(x + 0.2 * u, feet - 3.6 * u, 1.1 * u, 3.6 * u, trousers, radius=0.4 * u)
        if style == 1:  # a dress or a long top
            self.poly(
                [
                    (x - 1.6 * u, feet - 6.8 * u),
                    (x + 1.6 * u, feet - 6.8 * u),
                    (x + 2.4 * u, feet - 2.4 * u),
                    (x - 2.4 * u, feet - 2.4 * u),
                ],
                shirt,
            )
        self.rect(x - 1.8 * u, feet - 7 * u, 3.6 * u, 3.9 * u, shirt, radius=1.1 * u)
        arm_y = feet - 9 * u if arms_up else feet - 6.6 * u
        arm_h = 3.4 * u
        self.rect(x - 2.7 * u, arm_y, 1 * u, arm_h, shirt, radius=0.5 * u)
        self.rect(x + 1.7 * u, arm_y, 1 * u, arm_h, shirt, radius=0.5 * u)
        hand_y = arm_y if arms_up else arm_y + arm_h
        self.circle(x - 2.2 * u, hand_y, 0.55 * u, skin)
        self.circle(x + 2.2 * u, hand_y, 0.55 * u, skin)
        head_y = feet - 8.6 * u
        if style in (1, 3):  # long hair behind the head
            self.rect(x - 1.9 * u, head_y - 1.2 * u, 3.8 * u, 3.4 * u, hair, radius=1.2 * u)
        self.circle(x, head_y, 1.55 * u, skin)
        if style == 2:  # short curly hair
            for dx in (-1.1, -0.4, 0.4, 1.1):
                self.circle(x + dx * u, head_y - 1.2 * u, 0.6 * u, hair, outline=False)
        elif style == 4:  # a cap
            self.rect(x - 1.6 * u, head_y - 1.8 * u, 3.2 * u, 1.1 * u, shirt, radius=0.5 * u)
            self.rect(x, head_y - 1.0 * u, 2.2 * u, 0.5 * u, darker(shirt), radius=0.2 * u)
        else:
            self.ellipse(x - 1.6 * u, head_y - 1.85 * u, 3.2 * u, 1.7 * u, hair, outline=False)
        eye = max(1, round(0.22 * u * self.k))
        for dx in (-0.55, 0.55):
            pygame.draw.circle(self.surface, OUTLINE, self.pt((x + dx * u, head_y + 0.1 * u)), eye)
        self.arc(x - 0.6 * u, head_y + 0.1 * u, 1.2 * u, 0.9 * u, 3.5, 5.9, 0.18 * u)
