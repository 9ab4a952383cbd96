"""Drive a Game like a player: synthetic keyboard events, one fixed step per frame."""

from __future__ import annotations

from typing import Any

import pygame

from game.core.clock import ManualClock


class Driver:
    """Plays a Game frame by frame with synthetic keyboard events and a manual clock."""

    def __init__(self, game: Any, clock: ManualClock) -> None:
        self.game = game
        self.clock = clock

    @property
    def top(self) -> Any:
        return self.game.stack.top

    def frame(self, count: int = 1) -> None:
        for _ in range(count):
            self.clock.advance(1 / 60)
            self.game.step()

    def press(self, key: int, mod: int = 0) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
        )
        self.frame()

    def hold(self, key: int, frames: int) -> None:
        """Hold ``key`` down for ``frames`` frames, then release it."""
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
        )
        self.frame(frames)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        self.frame()

    def type(self, text: str) -> None:
        for char in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        self.frame()

    def focus(self, key: str, limit: int = 200) -> None:
        """Press Tab until the widget ``key`` has the focus (fails after ``limit`` presses)."""
        for _ in range(limit):
            if self.top.focus_key == key:
                return
            self.press(pygame.K_TAB)
        raise AssertionError(
            f"cannot reach {key!r}; focusables: {[w.key for w in self.top.focusables]}"
        )

    def choose(self, key: str) -> None:
        """Tab to ``key`` and press Enter."""
        self.focus(key)
        self.press(pygame.K_RETURN)

    def texts(self) -> list[str]:
        """Every text the top scene shows (labels, descriptions, paragraphs)."""
        from game.scenes.widgets import walk

        found = []
        for widget in walk([*self.top.widgets, *getattr(self.top, "pinned_widgets", [])]):
            for name in ("text", "label", "description", "value"):
                value = getattr(widget, name, None)
                if isinstance(value, str) and value:
                    found.append(value)
        return found

    def shows(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())


class FakeVoice:
    """A voice that works (so the game asks its read-aloud question) and records what the
    scenes ask it to say."""

    is_available = True
    busy = False

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass

    def pump(self) -> None:
        pass

    def configure(self, language: str, speed: str) -> None:
        pass
