"""The base of every menu-like scene: header, scrolling column of widgets, footer, focus.

A scene describes its screen in :meth:`UiScene.build` from its current state. The base class
lays the widgets out, moves the focus with the keyboard (Tab / Shift+Tab / arrows), activates
with Enter or Space, goes back with Escape, scrolls to keep the focus visible, and draws a
focus ring (a thick outline plus a marker, so it does not rely on colour).

Voice: "Écouter" (key L, or the header button) reads the screen; when read-aloud is on, the
screen is announced when it opens (title, :meth:`UiScene.intro`) and the focused item is read
each time the focus moves, like a screen reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.scenes import icons, listen
from game.scenes.base import Scene
from game.scenes.theme import BACKGROUND, FOCUS, HEADER, HEADER_INK, MUTED, PINNED, Theme
from game.scenes.widgets import Text, TextInput, Widget, walk

if TYPE_CHECKING:
    from game.app import Game

NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
PREVIOUS_KEYS = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
MAX_WIDTH = 1100
LISTEN_KEY = pygame.K_l


class UiScene(Scene):
    """A scene made of widgets. Subclasses implement :meth:`title` and :meth:`build`."""

    show_sync = False
    always_speak = False  # True: focus changes are spoken even with read-aloud off

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.widgets: list[Widget] = []
        self.focus_key: str | None = None
        self.scroll = 0
        self.notice: tuple[str, str] | None = None  # (icon, text) shown above the content
        self._dirty = True
        self._follow_focus = True  # False after the player scrolled by hand (wheel, page keys)
        self._built_for: tuple[tuple[int, int], int, str] | None = None
        self.pinned_widgets: list[Widget] = []
        self._band = 0  # height of the pinned band under the header
        self._announced = False  # the screen was announced since it became the top
        self._spoken_focus: str | None = None
        self._to_announce: list[str] = []

    # -- voice -----------------------------------------------------------------------------

    def intro(self) -> str:
        """What read-aloud says when the screen opens (after the title)."""
        return ""

    def announce(self, text: str) -> None:
        """Say ``text`` (with read-aloud on) before the focused item, at the next refresh."""
        self._to_announce.append(text)
        self._dirty = True

    def listen(self) -> None:
        """The "Écouter" action: read the whole screen, or stop when it is speaking."""
        if self._dirty:
            self.refresh()
        voice = self.game.audio.voice
        if voice.busy:
            voice.stop()
        else:
            self.game.audio.say(listen.screen_speech(self.title(), self.widgets, self.focused))

    def _narrate(self) -> None:
        """After a rebuild: announce a new screen, a message, or the newly focused item."""
        if self._announced and not self._to_announce and self._spoken_focus == self.focus_key:
            return
        parts = [] if self._announced else [self.title(), self.intro()]
        if not self._announced and self.notice is not None:
            parts.append(self.notice[1])
        parts += self._to_announce
        parts.append(listen.widget_speech(self.focused))
        self._announced = True
        self._to_announce = []
        self._spoken_focus = self.focus_key
        speak = self.game.audio.say if self.always_speak else self.game.audio.narrate
        speak(listen.sentences(parts))

    def _listen_label(self) -> str | None:
        return self.game.t("audio.listen") if self.game.audio.voice.is_available else None

    # -- to override -----------------------------------------------------------------------

    def title(self) -> str:
        return ""

    def build(self) -> list[Widget]:
        return []

    def pinned(self) -> list[Widget]:
        """Widgets that stay in place under the header while the rest scrolls (a task's
        instructions: big text must never push them out of sight)."""
        return []

    def on_back(self) -> None:
        """Escape: leave the scene."""
        self.game.stack.pop()

    def view_height(self) -> int:
        """Height of the scrolling area (under the header and the pinned band)."""
        return self._areas()[1].height

    def columns(self, min_width: int = 280, most: int = 4) -> int:
        """How many boxes fit side by side at the current window width and text size."""
        width = min(self.game.size[0], MAX_WIDTH)
        return max(1, min(most, width // self.game.theme.unit(min_width)))

    # -- state -----------------------------------------------------------------------------

    def invalidate(self) -> None:
        """The state changed: rebuild the widgets before the next draw."""
        self._dirty = True

    def focus(self, key: str) -> None:
        """Put the focus on the widget ``key`` (after the next rebuild)."""
        self.focus_key = key
        self._follow_focus = True
        self._dirty = True

    @property
    def focusables(self) -> list[Widget]:
        return [w for w in walk(self.widgets) if w.focusable]

    @property
    def focused(self) -> Widget | None:
        for widget in self.focusables:
            if widget.key == self.focus_key:
                return widget
        return None

    def enter(self) -> None:
        self._dirty = True
        self._announced = False

    # -- layout ----------------------------------------------------------------------------

    def _areas(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """Header, content and footer rectangles for the current window size."""
        theme = self.game.theme
        width, height = self.game.size
        header_h = theme.line_height("heading") + 2 * theme.unit(14)
        footer_h = theme.line_height("small") + 2 * theme.unit(8)
        header = pygame.Rect(0, 0, width, header_h)
        footer = pygame.Rect(0, height - footer_h, width, footer_h)
        margin = theme.unit(32)
        column = min(width - 2 * margin, MAX_WIDTH)
        top = header_h + theme.unit(16) + self._band
        content = pygame.Rect((width - column) // 2, top, column, 0)
        content.height = max(10, footer.top - theme.unit(12) - content.top)
        return header, content, footer

    def _layout(self, theme: Theme, content: pygame.Rect) -> int:
        y = content.top - self.scroll
        gap = theme.unit(12)
        for widget in self.widgets:
            y += widget.layout(theme, content.x, y, content.width) + gap
        return y + self.scroll - content.top

    def refresh(self) -> None:
        """Rebuild the widgets from the state, lay them out and keep the focus in view."""
        self._dirty = False
        theme = self.game.theme
        self._layout_pinned(theme)
        built = self.build()
        if self.notice is not None:
            built.insert(0, Text(self.notice[1], icon=self.notice[0]))
        opening = self._built_for is None
        self.widgets = built
        self._built_for = (self.game.size, theme.scale, self.game.t.language)
        focusables = self.focusables
        keys = [w.key for w in focusables]
        if focusables and self.focus_key not in keys:
            self.focus_key = keys[0]
        _, content, _ = self._areas()
        total = self._layout(theme, content)
        widget = self.focused
        scroll = self.scroll
        if widget is not None and self._follow_focus:
            if (
                focusables
                and widget is focusables[0]
                and widget.rect.bottom + scroll <= content.bottom
            ):
                scroll = 0
            else:
                # Once the player moves, show a bit of the neighbours too (there is more).
                room = max(0, min(theme.unit(40), (content.height - widget.rect.height) // 2))
                room = 0 if opening else room
                if widget.rect.bottom + room > content.bottom:
                    scroll += widget.rect.bottom + room - content.bottom
                elif widget.rect.top - room < content.top:
                    scroll -= content.top - (widget.rect.top - room)
        scroll = max(0, min(scroll, max(0, total - content.height)))
        if scroll != self.scroll:
            self.scroll = scroll
            self._layout(theme, content)
        self._narrate()

    def _layout_pinned(self, theme: Theme) -> None:
        """Lay the pinned widgets out under the header; the scrolling area starts below them."""
        self._band = 0
        self.pinned_widgets = self.pinned()
        if not self.pinned_widgets:
            return
        header, content, _ = self._areas()
        y = header.bottom + theme.unit(10)
        for widget in self.pinned_widgets:
            y += widget.layout(theme, content.x, y, content.width) + theme.unit(6)
        self._band = y - header.bottom - theme.unit(6)

    # -- input -----------------------------------------------------------------------------

    def move_focus(self, step: int) -> None:
        focusables = self.focusables
        if not focusables:
            return
        keys = [w.key for w in focusables]
        index = keys.index(self.focus_key) if self.focus_key in keys else 0
        self.focus_key = keys[(index + step) % len(keys)]
        self._follow_focus = True
        self._dirty = True

    def handle_event(self, event: pygame.event.Event) -> None:
        if self._dirty:
            self.refresh()
        widget = self.focused
        if event.type == pygame.KEYDOWN:
            if widget is not None and widget.on_key(event):
                self._follow_focus = True
                self._dirty = True
            elif event.key == LISTEN_KEY and not isinstance(widget, TextInput):
                self.listen()
            elif event.key == pygame.K_TAB:
                self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            elif event.key in NEXT_KEYS:
                self.move_focus(1)
            elif event.key in PREVIOUS_KEYS:
                self.move_focus(-1)
            elif event.key in ACTIVATE_KEYS and widget is not None:
                self.game.audio.play("click")
                widget.activate()
                self._follow_focus = True
                self._dirty = True
            elif event.key == pygame.K_ESCAPE:
                self.on_back()
            elif event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                sign = 1 if event.key == pygame.K_PAGEDOWN else -1
                self.scroll = max(0, self.scroll + sign * self._areas()[1].height // 2)
                self._follow_focus = False
                self._dirty = True
        elif event.type == pygame.TEXTINPUT:
            if widget is not None and widget.on_text(event.text):
                self._dirty = True
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            label = self._listen_label()
            header = self._areas()[0]
            if label and listen.button_rect(self.game.theme, header, label).collidepoint(event.pos):
                self.listen()
            for candidate in self.focusables:
                if candidate.rect.collidepoint(event.pos):
                    self.focus_key = candidate.key
                    self.game.audio.play("click")
                    candidate.activate()
                    self._dirty = True
                    break
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - event.y * self.game.theme.unit(40))
            self._follow_focus = False
            self._dirty = True
        if self._dirty and self.game.stack.top is self:
            self.refresh()

    def update(self, dt: float) -> None:
        current = (self.game.size, self.game.theme.scale, self.game.t.language)
        if self._dirty or current != self._built_for:
            self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.game.theme
        header, _content, footer = self._areas()
        surface.fill(BACKGROUND)
        top = header.bottom + (self._band + theme.unit(8) if self.pinned_widgets else 0)
        clip = pygame.Rect(0, top, surface.get_width(), footer.top - top)
        surface.set_clip(clip)
        focused = self.focused
        for widget in walk(self.widgets):
            if widget.rect.bottom >= clip.top and widget.rect.top <= clip.bottom:
                widget.draw(surface, theme, widget is focused)
        if focused is not None:
            ring = focused.rect.inflate(theme.unit(10), theme.unit(10))
            pygame.draw.rect(surface, FOCUS, ring, theme.unit(4), border_radius=theme.unit(10))
            size = theme.unit(14)
            marker = [
                (ring.left - size - 2, ring.centery - size),
                (ring.left - 2, ring.centery),
                (ring.left - size - 2, ring.centery + size),
            ]
            pygame.draw.polygon(surface, FOCUS, marker)
        surface.set_clip(None)
        if self.pinned_widgets:
            band = pygame.Rect(0, header.bottom, surface.get_width(), self._band + theme.unit(8))
            pygame.draw.rect(surface, PINNED, band)
            pygame.draw.line(surface, MUTED, band.bottomleft, band.bottomright, 2)
            for widget in walk(self.pinned_widgets):
                widget.draw(surface, theme, False)
        self._draw_header(surface, theme, header)
        pygame.draw.rect(surface, BACKGROUND, footer)
        pygame.draw.line(surface, MUTED, footer.topleft, footer.topright, 1)
        hint = theme.render(self.game.t("keys.help"), "small", MUTED)
        surface.blit(hint, (footer.x + theme.unit(16), footer.y + theme.unit(8)))

    def _draw_header(self, surface: pygame.Surface, theme: Theme, header: pygame.Rect) -> None:
        pygame.draw.rect(surface, HEADER, header)
        pad = theme.unit(14)
        right = header.right - pad
        label = self._listen_label()
        if label:
            button = listen.button_rect(theme, header, label)
            listen.draw_button(surface, theme, button, label)
            right = button.left - pad
        if self.show_sync:
            icon_name, text = self.game.sync_line
            image = theme.render(text, "small", HEADER_INK)
            right -= image.get_width()
            y = header.centery - image.get_height() // 2
            surface.blit(image, (right, y))
            size = theme.line_height("small")
            icon_rect = pygame.Rect(right - size - pad // 2, header.centery - size // 2, size, size)
            pygame.draw.circle(surface, HEADER_INK, icon_rect.center, size // 2 + 3)
            icons.draw_icon(surface, icon_name, icon_rect)
            right = icon_rect.left - pad
        title = self.title()
        width = right - header.x - 2 * pad
        lines = theme.wrap(title, "heading", max(50, width))
        shown = lines[0] + ("…" if len(lines) > 1 else "")
        image = theme.render(shown, "heading", HEADER_INK)
        surface.blit(image, (header.x + 2 * pad, header.centery - image.get_height() // 2))
