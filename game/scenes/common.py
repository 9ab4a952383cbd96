"""Small helpers shared by several scenes (level words, French numbers, confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from game.core.engines import format_number
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


def level_words(game: Game, level: int) -> str:
    """ "Je fais", "J'explique" ... from the framework's scale; level 0 reads "pas encore vu"."""
    if level <= 0:
        return game.t("debrief.level0")
    found = game.framework.levels.get(level)
    return found.label if found is not None else str(level)


def number(value: float) -> str:
    """A number written the French way (``87,5``)."""
    return format_number(value)


class ConfirmScene(UiScene):
    """A yes/no question over the current scene; "no" (stay) has the focus first."""

    def __init__(
        self, game: Game, title: str, text: str, stay: str, leave: str, on_leave: Callable[[], None]
    ) -> None:
        super().__init__(game)
        self._title = title
        self.text = text
        self.stay = stay
        self.leave = leave
        self.on_leave = on_leave

    def title(self) -> str:
        return self._title

    def build(self) -> list[Widget]:
        return [
            Text(self.text, icon="warning"),
            Button("stay", self.stay, self.on_back),
            Button("leave", self.leave, self._leave),
        ]

    def _leave(self) -> None:
        self.game.stack.pop()
        self.on_leave()
