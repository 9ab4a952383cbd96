"""The "Écouter" action of every menu-like scene: what to say, and its button in the header.

The button is drawn at the right of the header (a speaker and the word, so it does not rest on
the picture alone) and answers a click; the key L does the same from anywhere but a text field.
"""

from __future__ import annotations

from collections.abc import Iterable

import pygame

from game.scenes.theme import HEADER_INK, Theme
from game.scenes.widgets import Text, Widget, walk

SPOKEN_FIELDS = ("label", "text", "value", "description")


def widget_speech(widget: Widget | None) -> str:
    """The words a widget shows, in reading order (label, then its description)."""
    if widget is None:
        return ""
    parts = [getattr(widget, name, None) for name in SPOKEN_FIELDS]
    return sentences(p for p in parts if isinstance(p, str))


def sentences(parts: Iterable[str]) -> str:
    """Join texts so the voice pauses between them."""
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part[-1] in ".!?:;…»" else part + ".")
    return " ".join(out)


def screen_speech(title: str, widgets: list[Widget], focused: Widget | None) -> str:
    """What "Écouter" reads: the title, every paragraph on the screen, then the focused item."""
    texts = [w.text for w in walk(widgets) if isinstance(w, Text)]
    return sentences([title, *texts, widget_speech(focused)])


def button_rect(theme: Theme, header: pygame.Rect, label: str) -> pygame.Rect:
    """Where the button sits in the header (depends only on the size and the word)."""
    pad = theme.unit(10)
    icon = theme.line_height("small")
    width = icon + pad + theme.font("small").size(label)[0] + 2 * pad
    height = min(header.height - 2 * theme.unit(6), icon + 2 * pad)
    return pygame.Rect(
        header.right - theme.unit(14) - width, header.centery - height // 2, width, height
    )


def draw_button(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, label: str) -> None:
    pygame.draw.rect(surface, HEADER_INK, rect, 2, border_radius=rect.height // 2)
    pad = theme.unit(10)
    size = theme.line_height("small")
    icon = pygame.Rect(rect.x + pad, rect.centery - size // 2, size, size)
    draw_speaker(surface, icon, HEADER_INK)
    image = theme.render(label, "small", HEADER_INK)
    surface.blit(image, (icon.right + pad // 2, rect.centery - image.get_height() // 2))


def draw_speaker(surface: pygame.Surface, rect: pygame.Rect, color: tuple[int, int, int]) -> None:
    """A loudspeaker with two sound waves."""
    w = rect.width
    body = pygame.Rect(rect.x, rect.y + w * 3 // 8, w // 4, w // 4)
    pygame.draw.rect(surface, color, body)
    cone = [
        (body.right, body.top),
        (rect.x + w // 2, rect.y + w // 8),
        (rect.x + w // 2, rect.bottom - w // 8),
        (body.right, body.bottom),
    ]
    pygame.draw.polygon(surface, color, cone)
    thick = max(2, w // 10)
    for radius in (w // 4, w * 5 // 12):
        arc = pygame.Rect(0, 0, 2 * radius, 2 * radius)
        arc.center = (rect.x + w // 2, rect.centery)
        pygame.draw.arc(surface, color, arc, -0.9, 0.9, thick)
