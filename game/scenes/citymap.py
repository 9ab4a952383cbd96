"""The city map widget and the walking avatar (state kept by the hub scene).

The map shows the cached static layer (streets, buildings, name plates) and draws only the
avatar on top each frame. Each open district has a :class:`Door`: a focusable widget over
its building, so Tab / Shift+Tab jump from door to door and the scene's focus ring shows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.art import city
from game.art.avatars import avatar
from game.scenes.theme import INK, PANEL, Theme
from game.scenes.widgets import Widget

SPEED = 36.0  # world units per second (the map is 160 wide: about 4.5 s across)
DOOR_REACH = 4.0  # how close to a door the avatar must stand to enter
FEET = (3.0, 1.6)  # the avatar's collision box, in world units


@dataclass
class Walker:
    """Where the avatar is (world units), where it goes, and its walking phase."""

    x: float
    y: float
    path: list[tuple[float, float]] = field(default_factory=list)
    phase: float = 0.0
    moving: bool = False

    def place(self, point: tuple[float, float]) -> None:
        self.x, self.y = point
        self.path.clear()

    def blocked(self, x: float, y: float) -> bool:
        half_w, h = FEET[0] / 2, FEET[1]
        if x - half_w < 0 or x + half_w > city.WORLD[0] or y - h < 0 or y > city.WORLD[1]:
            return True
        for bx, by, bw, bh in city.obstacles():
            if x + half_w > bx and x - half_w < bx + bw and y > by and y - h < by + bh:
                return True
        return False

    def step(self, dx: float, dy: float, dt: float) -> None:
        """Walk by keys: one axis at a time, stopping at walls."""
        length = math.hypot(dx, dy)
        self.moving = length > 0
        if not self.moving:
            return
        self.path.clear()
        vx, vy = dx / length * SPEED * dt, dy / length * SPEED * dt
        if not self.blocked(self.x + vx, self.y):
            self.x += vx
        if not self.blocked(self.x, self.y + vy):
            self.y += vy
        self.phase += dt

    def follow(self, dt: float) -> None:
        """Walk along the planned path (a mouse click or Enter on a far door)."""
        budget = SPEED * 1.5 * dt
        self.moving = bool(self.path)
        while self.path and budget > 0:
            tx, ty = self.path[0]
            gap = math.hypot(tx - self.x, ty - self.y)
            if gap <= budget:
                self.x, self.y = tx, ty
                budget -= gap
                self.path.pop(0)
            else:
                self.x += (tx - self.x) / gap * budget
                self.y += (ty - self.y) / gap * budget
                budget = 0
        if self.moving:
            self.phase += dt

    def route_to(self, target: tuple[float, float]) -> None:
        """Plan a walk along the streets: to a vertical street, along it, then to the door."""
        street_x = min(city.vertical_streets(), key=lambda sx: abs(sx - self.x))
        on_vertical = abs(street_x - self.x) < city.STREET_W / 2 - FEET[0] / 2
        path = [] if on_vertical else [(street_x, self.y)]
        path += [(street_x, target[1]), target]
        self.path = path


class Door(Widget):
    """A focusable district door over its building; the map draws it."""

    focusable = True

    def __init__(self, letter: str, action: Callable[[], None]) -> None:
        super().__init__(f"district-{letter}")
        self.letter = letter
        self.action = action

    def activate(self) -> None:
        self.action()


class CityMap(Widget):
    """The map, scaled into its rectangle, with a door widget per open district."""

    def __init__(
        self,
        doors: list[Door],
        walker: Walker,
        avatar_key: str,
        plates: Callable[[pygame.Rect, Theme], pygame.Surface],
    ) -> None:
        super().__init__()
        self.doors = doors
        self.walker = walker
        self.avatar_key = avatar_key
        self.plates = plates
        self.height = 0

    def children(self) -> list[Door]:
        return self.doors

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        return (
            self.rect.x + round(x * self.rect.width / city.WORLD[0]),
            self.rect.y + round(y * self.rect.height / city.WORLD[1]),
        )

    def to_world(self, pos: tuple[int, int]) -> tuple[float, float]:
        return (
            (pos[0] - self.rect.x) * city.WORLD[0] / max(1, self.rect.width),
            (pos[1] - self.rect.y) * city.WORLD[1] / max(1, self.rect.height),
        )

    def place(self, theme: Theme, x: int, y: int, width: int, height: int) -> None:
        self.rect = pygame.Rect(x, y, width, height)
        for door in self.doors:
            bx, by, bw, bh = city.building(door.letter)
            left, top = self.to_screen(bx, by - 4)
            right, bottom = self.to_screen(bx + bw, by + bh)
            door.rect = pygame.Rect(left, top, right - left, bottom - top)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.place(theme, x, y, width, self.height)
        return self.height

    def avatar_height(self) -> int:
        return max(24, round(self.rect.height * 0.1))

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        surface.blit(self.plates(self.rect, theme), self.rect)
        walker = self.walker
        step = 0
        if walker.moving:
            step = 1 + int(walker.phase * 8) % 2
        sprite = avatar(self.avatar_key, self.avatar_height(), step)
        fx, fy = self.to_screen(walker.x, walker.y)
        bob = 1 if step == 1 else 0
        surface.blit(sprite, sprite.get_rect(midbottom=(fx, fy - bob)))
        pygame.draw.rect(surface, INK, self.rect, 2, border_radius=theme.unit(6))


def draw_plates(
    base: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    names: dict[str, str],
    open_letters: frozenset[str],
) -> None:
    """Write each building's name on a small white plate under its roof line."""
    kx = rect.width / city.WORLD[0]
    for letter in city.LETTERS:
        bx, by, bw, _ = city.building(letter)
        text = theme.render(names[letter], "small", INK)
        room = round((bw + city.STREET_W * 0.8) * kx)
        if text.get_width() > room:
            ratio = room / text.get_width()
            text = pygame.transform.smoothscale(
                text, (room, max(8, round(text.get_height() * ratio)))
            )
        cx = round((bx + bw / 2) * kx)
        cy = round((by + 2.5) * rect.height / city.WORLD[1])
        plate = text.get_rect(center=(cx, cy)).inflate(8, 2)
        pygame.draw.rect(base, PANEL, plate, border_radius=4)
        pygame.draw.rect(base, INK if letter in open_letters else (140, 140, 150), plate, 1, 4)
        base.blit(text, text.get_rect(center=plate.center))
