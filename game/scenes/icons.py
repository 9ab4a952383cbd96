"""Small icons drawn with shapes, so no meaning rests on colour alone.

Each icon fits a square ``rect``. The default font has no symbols, so we draw them.
"""

from __future__ import annotations

import math
from typing import Protocol

import pygame

from game.scenes.theme import BAD, FOCUS, INK, OK, PANEL, SUN, WARN, Color


class Icon(Protocol):
    def __call__(self, surface: pygame.Surface, rect: pygame.Rect, color: Color = ...) -> None: ...


def _w(rect: pygame.Rect) -> int:
    return max(2, rect.width // 8)


def check(surface: pygame.Surface, rect: pygame.Rect, color: Color = OK) -> None:
    """A ticked circle: right."""
    pygame.draw.circle(surface, color, rect.center, rect.width // 2)
    r = rect.inflate(-rect.width // 2.2, -rect.height // 2.2)
    points = [(r.left, r.centery), (r.left + r.width * 0.4, r.bottom), (r.right, r.top)]
    pygame.draw.lines(surface, PANEL, False, points, _w(rect))


def cross(surface: pygame.Surface, rect: pygame.Rect, color: Color = BAD) -> None:
    """A cross in a square: to review / refused."""
    pygame.draw.rect(surface, color, rect, border_radius=rect.width // 6)
    r = rect.inflate(-rect.width // 2, -rect.height // 2)
    pygame.draw.line(surface, PANEL, r.topleft, r.bottomright, _w(rect))
    pygame.draw.line(surface, PANEL, r.bottomleft, r.topright, _w(rect))


def dot(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """A half-filled diamond: neutral / partly right."""
    c = rect.center
    h = rect.width // 2
    points = [(c[0], c[1] - h), (c[0] + h, c[1]), (c[0], c[1] + h), (c[0] - h, c[1])]
    pygame.draw.polygon(surface, color, points, _w(rect))
    pygame.draw.polygon(surface, color, [points[1], points[2], points[3]])


def clock(surface: pygame.Surface, rect: pygame.Rect, color: Color = WARN) -> None:
    """A clock face: waiting."""
    pygame.draw.circle(surface, color, rect.center, rect.width // 2, _w(rect))
    c = rect.center
    pygame.draw.line(surface, color, c, (c[0], rect.top + rect.height // 4), _w(rect))
    pygame.draw.line(surface, color, c, (rect.right - rect.width // 4, c[1]), _w(rect))


def arrow(surface: pygame.Surface, rect: pygame.Rect, color: Color = FOCUS) -> None:
    """An arrow pointing right: sent / go."""
    w = _w(rect)
    y = rect.centery
    pygame.draw.line(surface, color, (rect.left, y), (rect.right - w, y), w + 1)
    head = [(rect.right, y), (rect.centerx, rect.top + w), (rect.centerx, rect.bottom - w)]
    pygame.draw.polygon(surface, color, head)


def warning(surface: pygame.Surface, rect: pygame.Rect, color: Color = WARN) -> None:
    """A triangle with an exclamation mark: regulated access, danger."""
    points = [(rect.centerx, rect.top), (rect.right, rect.bottom), (rect.left, rect.bottom)]
    pygame.draw.polygon(surface, color, points)
    w = _w(rect)
    pygame.draw.line(
        surface,
        INK,
        (rect.centerx, rect.top + rect.height * 0.35),
        (rect.centerx, rect.bottom - rect.height * 0.35),
        w,
    )
    pygame.draw.circle(surface, INK, (rect.centerx, rect.bottom - rect.height * 0.18), w // 2 + 1)


def star(surface: pygame.Surface, rect: pygame.Rect, color: Color = SUN) -> None:
    """A star: the "why not?" suggestion."""
    c = rect.center
    outer, inner = rect.width / 2, rect.width / 5
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((c[0] + radius * math.cos(angle), c[1] + radius * math.sin(angle)))
    pygame.draw.polygon(surface, color, points)
    pygame.draw.polygon(surface, INK, points, 1)


def box(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """An empty checkbox."""
    pygame.draw.rect(surface, PANEL, rect)
    pygame.draw.rect(surface, color, rect, _w(rect))


def box_checked(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """A ticked checkbox."""
    pygame.draw.rect(surface, color, rect)
    r = rect.inflate(-rect.width // 2.5, -rect.height // 2.5)
    points = [(r.left, r.centery), (r.left + r.width * 0.4, r.bottom), (r.right, r.top)]
    pygame.draw.lines(surface, PANEL, False, points, _w(rect) + 1)


def radio(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """An empty round option."""
    pygame.draw.circle(surface, PANEL, rect.center, rect.width // 2)
    pygame.draw.circle(surface, color, rect.center, rect.width // 2, _w(rect))


def radio_on(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """A chosen round option (ring and filled centre)."""
    radio(surface, rect, color)
    pygame.draw.circle(surface, color, rect.center, rect.width // 4)


def bulb(surface: pygame.Surface, rect: pygame.Rect, color: Color = SUN) -> None:
    """A question mark in a circle: hint."""
    pygame.draw.circle(surface, color, rect.center, rect.width // 2)
    w = _w(rect)
    r = rect.inflate(-rect.width // 2, -rect.height // 2)
    pygame.draw.arc(surface, INK, pygame.Rect(r.x, r.y, r.width, r.height // 1.4), -1.2, 3.3, w)
    pygame.draw.circle(surface, INK, (rect.centerx, r.bottom), w // 2 + 1)


def hand(surface: pygame.Surface, rect: pygame.Rect, color: Color = FOCUS) -> None:
    """Two stacked arrows (up and down): an item being moved."""
    w = _w(rect)
    c = rect.centerx
    pygame.draw.line(surface, color, (c, rect.top + w), (c, rect.bottom - w), w)
    pygame.draw.polygon(
        surface,
        color,
        [(c, rect.top), (rect.right - w, rect.centery - w), (rect.left + w, rect.centery - w)],
    )
    pygame.draw.polygon(
        surface,
        color,
        [(c, rect.bottom), (rect.right - w, rect.centery + w), (rect.left + w, rect.centery + w)],
    )


ICONS: dict[str, Icon] = {
    "check": check,
    "cross": cross,
    "dot": dot,
    "clock": clock,
    "arrow": arrow,
    "warning": warning,
    "star": star,
    "box": box,
    "box_checked": box_checked,
    "radio": radio,
    "radio_on": radio_on,
    "bulb": bulb,
    "hand": hand,
}

STATUS_ICONS = {
    "local": "clock",
    "pending": "clock",
    "acknowledged": "arrow",
    "confirmed": "check",
    "discarded": "cross",
    "rejected": "cross",
}


def draw_icon(surface: pygame.Surface, name: str, rect: pygame.Rect) -> None:
    """Draw the icon called ``name`` with its usual colour."""
    ICONS[name](surface, rect)
