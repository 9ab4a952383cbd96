"""Task scene for ``hazard``: mark each spot that is a danger or a mistake."""

from __future__ import annotations

from functools import partial

from game.core.engines import HazardEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import MUTED
from game.scenes.widgets import Button, Panel, Text, Widget


class HazardScene(TaskScene[HazardEngine]):
    def first_focus(self) -> str | None:
        return "spot-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        scene = self.engine.data.scene
        widgets: list[Widget] = [
            Panel([Text(scene.title, "heading"), *(Text(line) for line in scene.lines)]),
            Text(t("hazard.help"), "small", MUTED),
        ]
        for i, spot in enumerate(self.engine.spots):
            marked = self.engine.marked[i]
            widgets.append(
                Button(
                    f"spot-{i}",
                    spot.label,
                    partial(self.toggle, i),
                    icon="box_checked" if marked else "box",
                    description=t("hazard.marked") if marked else None,
                )
            )
        return widgets

    def toggle(self, index: int) -> None:
        self.engine.toggle(index)
        self.changed()
