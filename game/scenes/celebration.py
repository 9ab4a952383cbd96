"""A short celebration drawn in code: confetti and stars that fall and fade, and a badge.

The particles move in :meth:`Celebration.update` (fixed steps), are drawn by
:meth:`Celebration.draw` (which changes nothing), and are gone after :data:`DURATION`. They
never block input. With "animations calmes" there are no particles at all.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame

from game.scenes.icons import draw_icon
from game.scenes.theme import FOCUS, INK, OK, PANEL, PURPLE, SKY, WARN, YELLOW, Color, Theme
from game.scenes.widgets import Widget

DURATION = 1.6  # seconds
COUNT = 70
WHITE = PANEL
COLOURS: tuple[Color, ...] = (SKY, WARN, OK, PURPLE, YELLOW, FOCUS)
GRAVITY = 0.9  # share of the screen height per second squared


@dataclass(slots=True)
class Particle:
    x: float  # share of the width
    y: float  # share of the height
    vx: float
    vy: float
    spin: float
    angle: float
    colour: Color
    star: bool


class Celebration:
    """Confetti and stars bursting from the top of the screen for a moment."""

    def __init__(self, seed: int, *, calm: bool = False) -> None:
        rng = random.Random(seed)
        self.time = 0.0
        self.particles: list[Particle] = []
        if calm:
            return
        for i in range(COUNT):
            self.particles.append(
                Particle(
                    x=rng.uniform(0.05, 0.95),
                    y=rng.uniform(-0.15, 0.05),
                    vx=rng.uniform(-0.12, 0.12),
                    vy=rng.uniform(0.05, 0.35),
                    spin=rng.uniform(-8, 8),
                    angle=rng.uniform(0, math.tau),
                    colour=COLOURS[i % len(COLOURS)],
                    star=i % 5 == 0,
                )
            )

    @property
    def running(self) -> bool:
        return bool(self.particles) and self.time < DURATION

    def update(self, dt: float) -> None:
        if not self.running:
            self.particles.clear()
            return
        self.time += dt
        for p in self.particles:
            p.vy += GRAVITY * dt
            p.x += p.vx * dt
            p.y += p.vy * dt
            p.angle += p.spin * dt
        if self.time >= DURATION:
            self.particles.clear()

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        width, height = surface.get_size()
        size = theme.unit(10)
        for p in self.particles:
            x, y = p.x * width, p.y * height
            if p.star:
                draw_icon(surface, "star", pygame.Rect(round(x), round(y), 2 * size, 2 * size))
                continue
            dx, dy = math.cos(p.angle) * size, math.sin(p.angle) * size / 2
            points = [
                (x - dx, y - dy),
                (x + dy, y - dx / 2),
                (x + dx, y + dy),
                (x - dy, y + dx / 2),
            ]
            pygame.draw.polygon(surface, p.colour, points)


class Badge(Widget):
    """A round badge with a line of text beside it: a star (mission done) or two rising
    chevrons (a level gained), so the shape tells which, not only the words."""

    def __init__(self, text: str, role: str = "heading", *, shape: str = "star") -> None:
        super().__init__()
        self.text = text
        self.role = role
        self.shape = shape

    def _star(self, theme: Theme) -> int:
        return theme.unit(64)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, 0)
        text = theme.text_height(self.text, self.role, width - self._star(theme) - theme.unit(20))
        self.rect.height = max(self._star(theme), text)
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        star = self._star(theme)
        box = pygame.Rect(self.rect.x, self.rect.y, star, star)
        pygame.draw.circle(surface, YELLOW if self.shape == "star" else OK, box.center, star // 2)
        pygame.draw.circle(surface, INK, box.center, star // 2, 2)
        if self.shape == "star":
            draw_icon(surface, "star", box.inflate(-star // 4, -star // 4))
        else:
            half, step = star // 4, star // 6
            for lift in (-step, step):
                cx, cy = box.centerx, box.centery + lift
                points = [
                    (cx - half, cy + half // 2),
                    (cx, cy - half // 2),
                    (cx + half, cy + half // 2),
                ]
                pygame.draw.lines(surface, WHITE, False, points, max(3, star // 10))
        gap = theme.unit(20)
        area = pygame.Rect(box.right + gap, self.rect.y, self.rect.width - star - gap, 0)
        text_h = theme.text_height(self.text, self.role, area.width)
        area.y += max(0, (star - text_h) // 2)
        theme.blit_wrapped(surface, self.text, self.role, INK, area)
