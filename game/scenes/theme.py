"""Colours, fonts and text rendering, scaled by the player's text size (100-200 %).

The palette is Okabe-Ito (readable with every common colour-vision deficiency); meaning is
never carried by colour alone: every state also has a shape (see :mod:`game.scenes.icons`)
and a word.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

Color = tuple[int, int, int]

BACKGROUND: Color = (247, 244, 236)
PANEL: Color = (255, 255, 255)
INK: Color = (22, 26, 34)
MUTED: Color = (74, 80, 92)
LINE: Color = (60, 68, 84)
BUTTON: Color = (226, 234, 243)
BUTTON_OFF: Color = (236, 236, 236)
HEADER: Color = (30, 46, 74)
HEADER_INK: Color = (255, 255, 255)
FOCUS: Color = (0, 114, 178)  # blue
# State marks are darker shades of Okabe-Ito's bluish green, vermillion and orange: each keeps
# a contrast of 3:1 or more with every light surface, also with protanopia, deuteranopia and
# tritanopia (tests/game/test_game_palette.py); the bright originals only fill districts.
OK: Color = (0, 135, 98)  # bluish green
BAD: Color = (190, 80, 0)  # vermillion
WARN: Color = (166, 104, 0)  # orange
SUN: Color = (230, 159, 0)  # bright orange of pictures (hint bulb, star): not a state mark
SKY: Color = (86, 180, 233)
PURPLE: Color = (204, 121, 167)
YELLOW: Color = (240, 228, 66)
PINNED: Color = (255, 246, 222)  # the band that keeps a task's instructions in view
DISTRICT_COLOURS: tuple[Color, ...] = (
    SKY,
    SUN,
    (0, 158, 115),
    PURPLE,
    YELLOW,
    (150, 190, 230),
)
# What each state is drawn with, and the surfaces it is drawn on (checked in a test).
STATE_MARKS: dict[str, Color] = {
    "right": OK,
    "wrong": BAD,
    "warning": WARN,
    "focus": FOCUS,
    "selected": INK,
}
SURFACES: dict[str, Color] = {
    "background": BACKGROUND,
    "button": BUTTON,
    "panel": PANEL,
    "pinned": PINNED,
}

BASE_SIZES = {"title": 52, "heading": 34, "body": 26, "small": 21}


class Theme:
    """Fonts for one text scale; renders and caches text surfaces.

    The cache only speeds drawing up; it holds no game state.
    """

    def __init__(self, scale: int = 100) -> None:
        self.scale = scale
        self._fonts: dict[str, pygame.font.Font] = {}
        self._cache: OrderedDict[tuple[str, str, Color], pygame.Surface] = OrderedDict()
        self._wrapped: dict[tuple[str, str, int], list[str]] = {}

    def size(self, role: str) -> int:
        return round(BASE_SIZES[role] * self.scale / 100)

    def unit(self, pixels: float) -> int:
        """A spacing that grows with the text (half as fast, so big text keeps room)."""
        return round(pixels * (1 + (self.scale - 100) / 200))

    def font(self, role: str) -> pygame.font.Font:
        if role not in self._fonts:
            self._fonts[role] = pygame.font.Font(None, self.size(role))
        return self._fonts[role]

    def line_height(self, role: str) -> int:
        return self.font(role).get_linesize()

    def render(self, text: str, role: str = "body", color: Color = INK) -> pygame.Surface:
        key = (text, role, color)
        found = self._cache.get(key)
        if found is None:
            found = self.font(role).render(text, True, color)
            self._cache[key] = found
            if len(self._cache) > 3000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return found

    def wrap(self, text: str, role: str, width: int) -> list[str]:
        """Split ``text`` into lines that fit ``width`` pixels (long words are cut)."""
        key = (text, role, width)
        found = self._wrapped.get(key)
        if found is None:
            if len(self._wrapped) > 3000:
                self._wrapped.clear()
            found = self._wrapped[key] = self._wrap(text, role, width)
        return found

    def _wrap(self, text: str, role: str, width: int) -> list[str]:
        font = self.font(role)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split():
                trial = f"{current} {word}" if current else word
                if font.size(trial)[0] <= width:
                    current = trial
                    continue
                if current:
                    lines.append(current)
                while font.size(word)[0] > width and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and font.size(word[:cut])[0] > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                current = word
            lines.append(current)
        return lines

    def text_height(self, text: str, role: str, width: int) -> int:
        return len(self.wrap(text, role, width)) * self.line_height(role)

    def blit_wrapped(
        self,
        surface: pygame.Surface,
        text: str,
        role: str,
        color: Color,
        rect: pygame.Rect,
        *,
        center: bool = False,
    ) -> int:
        """Draw wrapped text inside ``rect``; return the height used."""
        y = rect.y
        for line in self.wrap(text, role, rect.width):
            image = self.render(line, role, color)
            x = rect.x + (rect.width - image.get_width()) // 2 if center else rect.x
            surface.blit(image, (x, y))
            y += self.line_height(role)
        return y - rect.y
