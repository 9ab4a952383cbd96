"""A small widget kit: text, buttons, text input, rows, panels, bars and free drawings.

Widgets are rebuilt by their scene whenever the state changes, laid out top to bottom, and
drawn. They keep no game state of their own: a button holds the function to call, a text
input holds a copy of the text and reports every change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from game.scenes import icons
from game.scenes.theme import (
    BUTTON,
    BUTTON_OFF,
    FOCUS,
    INK,
    LINE,
    MUTED,
    PANEL,
    Color,
    Theme,
)

Action = Callable[[], None]


def icon_size(theme: Theme, role: str) -> int:
    """Icons stay big enough to read their shape, even beside small text."""
    return max(theme.unit(20), theme.line_height(role) - theme.unit(4))


class Widget:
    """Base widget. ``key`` identifies a focusable widget across rebuilds."""

    focusable = False

    def __init__(self, key: str = "") -> None:
        self.key = key
        self.rect = pygame.Rect(0, 0, 0, 0)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        """Place the widget at (x, y) with ``width``; return its height."""
        self.rect = pygame.Rect(x, y, width, 0)
        return 0

    def children(self) -> Sequence[Widget]:
        return ()

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        """Paint the widget in ``self.rect``."""

    def on_key(self, event: pygame.event.Event) -> bool:
        """A key while focused; True when the widget used it."""
        return False

    def on_text(self, text: str) -> bool:
        """Typed text while focused; True when the widget used it."""
        return False

    def activate(self) -> None:
        """Enter, Space or a click."""


class Spacer(Widget):
    def __init__(self, height: int) -> None:
        super().__init__()
        self.height = height

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, theme.unit(self.height))
        return self.rect.height


class Text(Widget):
    """Wrapped text, with an optional icon on the left."""

    def __init__(
        self,
        text: str,
        role: str = "body",
        color: Color = INK,
        *,
        icon: str | None = None,
        center: bool = False,
    ) -> None:
        super().__init__()
        self.text = text
        self.role = role
        self.color = color
        self.icon = icon
        self.center = center

    def _icon_size(self, theme: Theme) -> int:
        return icon_size(theme, self.role) if self.icon else 0

    def _text_rect(self, theme: Theme) -> pygame.Rect:
        shift = self._icon_size(theme) + theme.unit(10) if self.icon else 0
        return pygame.Rect(self.rect.x + shift, self.rect.y, self.rect.width - shift, 0)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, 0)
        height = theme.text_height(self.text, self.role, self._text_rect(theme).width)
        self.rect.height = max(height, self._icon_size(theme))
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        if self.icon:
            size = self._icon_size(theme)
            offset = max(0, (theme.line_height(self.role) - size) // 2)
            icons.draw_icon(
                surface, self.icon, pygame.Rect(self.rect.x, self.rect.y + offset, size, size)
            )
        theme.blit_wrapped(
            surface, self.text, self.role, self.color, self._text_rect(theme), center=self.center
        )


class Button(Widget):
    """A focusable box with a label; ``description`` adds a smaller second text."""

    focusable = True

    def __init__(
        self,
        key: str,
        label: str,
        action: Action | None = None,
        *,
        icon: str | None = None,
        enabled: bool = True,
        description: str | None = None,
        role: str = "body",
        fill: Color = BUTTON,
        on_disabled: Action | None = None,
    ) -> None:
        super().__init__(key)
        self.label = label
        self.action = action
        self.icon = icon
        self.enabled = enabled
        self.description = description
        self.role = role
        self.fill = fill
        self.on_disabled = on_disabled

    def _inner(self, theme: Theme) -> pygame.Rect:
        pad = theme.unit(12)
        shift = icon_size(theme, self.role) + pad if self.icon else 0
        return pygame.Rect(
            self.rect.x + pad + shift, self.rect.y + pad, self.rect.width - 2 * pad - shift, 0
        )

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, 0)
        inner = self._inner(theme)
        height = theme.text_height(self.label, self.role, inner.width)
        if self.description:
            height += theme.text_height(self.description, "small", inner.width)
        self.rect.height = height + 2 * theme.unit(12)
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        fill = self.fill if self.enabled else BUTTON_OFF
        pygame.draw.rect(surface, fill, self.rect, border_radius=theme.unit(8))
        border = LINE if self.enabled else MUTED
        pygame.draw.rect(
            surface, border, self.rect, 2 if self.enabled else 1, border_radius=theme.unit(8)
        )
        inner = self._inner(theme)
        if self.icon:
            size = icon_size(theme, self.role)
            icons.draw_icon(
                surface,
                self.icon,
                pygame.Rect(inner.x - size - theme.unit(12), inner.y + theme.unit(2), size, size),
            )
        color = INK if self.enabled else MUTED
        used = theme.blit_wrapped(surface, self.label, self.role, color, inner)
        if self.description:
            below = pygame.Rect(inner.x, inner.y + used, inner.width, 0)
            theme.blit_wrapped(surface, self.description, "small", MUTED, below)

    def activate(self) -> None:
        if self.enabled and self.action is not None:
            self.action()
        elif not self.enabled and self.on_disabled is not None:
            self.on_disabled()


class TextInput(Widget):
    """A one-line text field; the caret stays at the end. Reports every change."""

    focusable = True

    def __init__(
        self,
        key: str,
        label: str,
        value: str,
        on_change: Callable[[str], None],
        *,
        max_length: int = 40,
        on_submit: Action | None = None,
        suffix: str = "",
    ) -> None:
        super().__init__(key)
        self.label = label
        self.value = value
        self.on_change = on_change
        self.max_length = max_length
        self.on_submit = on_submit
        self.suffix = suffix

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        label_height = theme.text_height(self.label, "small", width)
        self.rect = pygame.Rect(
            x, y, width, label_height + theme.line_height("body") + 2 * theme.unit(10)
        )
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        used = theme.blit_wrapped(
            surface,
            self.label,
            "small",
            MUTED,
            pygame.Rect(self.rect.x, self.rect.y, self.rect.width, 0),
        )
        box_width = min(self.rect.width, theme.unit(360))
        field = pygame.Rect(
            self.rect.x, self.rect.y + used, box_width, self.rect.bottom - self.rect.y - used
        )
        pygame.draw.rect(surface, PANEL, field)
        pygame.draw.rect(surface, FOCUS if focused else LINE, field, 3 if focused else 2)
        text = theme.render(self.value, "body", INK)
        x = field.x + theme.unit(10)
        y = field.y + (field.height - text.get_height()) // 2
        surface.blit(text, (x, y))
        if focused:
            caret_x = x + text.get_width() + 2
            pygame.draw.line(surface, INK, (caret_x, y), (caret_x, y + text.get_height()), 2)
        if self.suffix:
            surface.blit(theme.render(self.suffix, "body", INK), (field.right + theme.unit(10), y))

    def on_text(self, text: str) -> bool:
        if len(self.value) < self.max_length:
            self.value = (self.value + text)[: self.max_length]
            self.on_change(self.value)
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_BACKSPACE:
            if self.value:
                self.value = self.value[:-1]
                self.on_change(self.value)
            return True
        # Space is typed text here, not "activate".
        return bool(event.key == pygame.K_SPACE)

    def activate(self) -> None:
        if self.on_submit is not None:
            self.on_submit()


class Row(Widget):
    """Children side by side, equal widths, equal heights."""

    def __init__(self, items: Sequence[Widget], gap: int = 12) -> None:
        super().__init__()
        self.items = list(items)
        self.gap = gap

    def children(self) -> Sequence[Widget]:
        return self.items

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        count = max(1, len(self.items))
        gap = theme.unit(self.gap)
        each = (width - gap * (count - 1)) // count
        height = 0
        for i, item in enumerate(self.items):
            height = max(height, item.layout(theme, x + i * (each + gap), y, each))
        for item in self.items:
            item.rect.height = height
        self.rect = pygame.Rect(x, y, width, height)
        return height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        """Children are drawn by the scene (it knows which one has the focus)."""


class Panel(Widget):
    """A white box with a border, holding widgets (a document, a situation)."""

    def __init__(self, items: Sequence[Widget], border: Color = LINE) -> None:
        super().__init__()
        self.items = list(items)
        self.border = border

    def children(self) -> Sequence[Widget]:
        return self.items

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        pad = theme.unit(16)
        cursor = y + pad
        for item in self.items:
            cursor += item.layout(theme, x + pad, cursor, width - 2 * pad) + theme.unit(6)
        self.rect = pygame.Rect(x, y, width, cursor - y + pad - theme.unit(6))
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        pygame.draw.rect(surface, PANEL, self.rect, border_radius=theme.unit(6))
        pygame.draw.rect(surface, self.border, self.rect, 2, border_radius=theme.unit(6))


class Bar(Widget):
    """A score bar with its value written beside it (never the bar alone)."""

    def __init__(self, value: float, label: str) -> None:
        super().__init__()
        self.value = max(0.0, min(1.0, value))
        self.label = label

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, theme.line_height("heading"))
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        text = theme.render(self.label, "heading", INK)
        bar = pygame.Rect(
            self.rect.x,
            self.rect.y + theme.unit(6),
            min(theme.unit(400), self.rect.width // 2),
            self.rect.height - theme.unit(12),
        )
        pygame.draw.rect(surface, PANEL, bar)
        filled = bar.copy()
        filled.width = round(bar.width * self.value)
        pygame.draw.rect(surface, FOCUS, filled)
        # Ticks every quarter so the length reads without colour.
        for quarter in range(1, 4):
            tx = bar.x + bar.width * quarter // 4
            pygame.draw.line(surface, INK, (tx, bar.bottom - bar.height // 3), (tx, bar.bottom), 2)
        pygame.draw.rect(surface, INK, bar, 2)
        surface.blit(text, (bar.right + theme.unit(16), self.rect.y))


class Canvas(Widget):
    """A free drawing of a fixed height (the route map). ``paint`` must not change state."""

    def __init__(
        self, height: int, paint: Callable[[pygame.Surface, pygame.Rect, Theme], None]
    ) -> None:
        super().__init__()
        self.height = height
        self.paint = paint

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, self.height)
        return self.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        self.paint(surface, self.rect, theme)


def grid(items: Sequence[Widget], per_row: int, *, fill: bool = False) -> list[Widget]:
    """Rows of ``per_row`` widgets; the last row is padded so columns line up (and a single
    short row too when ``fill``)."""
    per_row = max(1, per_row)
    rows: list[Widget] = []
    for start in range(0, len(items), per_row):
        chunk = list(items[start : start + per_row])
        if len(items) > per_row or fill:
            chunk += [Widget() for _ in range(per_row - len(chunk))]
        rows.append(Row(chunk))
    return rows


def walk(widgets: Sequence[Widget]) -> list[Widget]:
    """Every widget, parents before children, in reading order."""
    out: list[Widget] = []
    for widget in widgets:
        out.append(widget)
        out.extend(walk(widget.children()))
    return out
