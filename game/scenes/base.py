"""Scenes and the scene stack.

Only the top scene gets events, updates and draws. ``draw`` must never change state: it reads
the scene and paints; everything that changes happens in ``handle_event`` or ``update``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.app import Game


class Scene:
    """A screen of the game. Subclasses override what they need."""

    def __init__(self, game: Game) -> None:
        self.game = game

    def enter(self) -> None:
        """The scene becomes the top of the stack (pushed, or uncovered by a pop)."""

    def exit(self) -> None:
        """The scene stops being the top (popped, replaced, or covered by a push)."""

    def handle_event(self, event: pygame.event.Event) -> None:
        """React to one input event."""

    def update(self, dt: float) -> None:
        """Advance by one fixed step of ``dt`` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the scene. Never changes state."""


class SceneStack:
    """Push, pop and replace scenes; ``enter``/``exit`` are called on every change."""

    def __init__(self) -> None:
        self._scenes: list[Scene] = []

    def __len__(self) -> int:
        return len(self._scenes)

    @property
    def top(self) -> Scene | None:
        return self._scenes[-1] if self._scenes else None

    @property
    def scenes(self) -> tuple[Scene, ...]:
        return tuple(self._scenes)

    def push(self, scene: Scene) -> None:
        if self._scenes:
            self._scenes[-1].exit()
        self._scenes.append(scene)
        scene.enter()

    def pop(self) -> Scene | None:
        if not self._scenes:
            return None
        scene = self._scenes.pop()
        scene.exit()
        if self._scenes:
            self._scenes[-1].enter()
        return scene

    def replace(self, scene: Scene) -> None:
        if self._scenes:
            self._scenes.pop().exit()
        self._scenes.append(scene)
        scene.enter()

    def pop_to(self, kind: type[Scene]) -> Scene | None:
        """Pop until the top is a ``kind`` scene (and keep it); returns it.

        When no scene of that kind is on the stack, only the top is popped.
        """
        if not any(isinstance(scene, kind) for scene in self._scenes):
            self.pop()
            return None
        while self._scenes and not isinstance(self._scenes[-1], kind):
            self._scenes.pop().exit()
        if self._scenes:
            self._scenes[-1].enter()
            return self._scenes[-1]
        return None
