"""Task scene for ``order``: pick a step up with Enter, move it with the arrows, drop it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.core.engines import OrderEngine
from game.core.session import TaskRun
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import MUTED, SKY
from game.scenes.widgets import Action, Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


class StepRow(Button):
    """One step. While carried, Up/Down move it instead of moving the focus."""

    def __init__(
        self,
        key: str,
        label: str,
        action: Action,
        carried: bool,
        move: Action | None,
        move_down: Action | None,
    ) -> None:
        super().__init__(
            key,
            label,
            action,
            icon="hand" if carried else None,
            fill=SKY if carried else (226, 234, 243),
        )
        self.carried = carried
        self.move_up = move
        self.move_down = move_down

    def on_key(self, event: pygame.event.Event) -> bool:
        if not self.carried:
            return False
        if event.key == pygame.K_UP and self.move_up is not None:
            self.move_up()
            return True
        if event.key == pygame.K_DOWN and self.move_down is not None:
            self.move_down()
            return True
        return event.key in (pygame.K_UP, pygame.K_DOWN)


class OrderScene(TaskScene[OrderEngine]):
    def first_focus(self) -> str | None:
        return f"step-{self.engine.order[0]}"

    def __init__(self, game: Game, run: TaskRun, engine: OrderEngine) -> None:
        super().__init__(game, run, engine)
        self.carried: int | None = None  # index of the carried step in the content

    def body(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = [Text(t("order.help"), "small", MUTED)]
        for position, step in enumerate(self.engine.order):
            carried = step == self.carried
            label = f"{position + 1}. {self.engine.data.steps[step]}"
            if carried:
                label += f"  ({t('order.carried')})"
            widgets.append(
                StepRow(
                    f"step-{step}",
                    label,
                    partial(self.toggle, step),
                    carried,
                    partial(self.move, position, -1),
                    partial(self.move, position, 1),
                )
            )
        return widgets

    def toggle(self, step: int) -> None:
        self.carried = None if self.carried == step else step
        self.changed()

    def move(self, position: int, delta: int) -> None:
        self.engine.move(position, delta)
        self.changed()

    def confirm(self) -> None:
        self.carried = None
        super().confirm()
