"""Task scene for ``form``: the situation, then one option per field."""

from __future__ import annotations

from functools import partial

from game.core.engines import FormEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.widgets import Button, Panel, Text, Widget, grid


class FormScene(TaskScene[FormEngine]):
    def first_focus(self) -> str | None:
        return "field-0-0"

    def body(self) -> list[Widget]:
        situation = self.engine.data.situation
        widgets: list[Widget] = [
            Panel([Text(situation.title, "heading"), *(Text(line) for line in situation.lines)])
        ]
        for i, field in enumerate(self.engine.data.fields):
            widgets.append(Text(field.label))
            chosen = self.engine.shown_choice(i)
            widgets += grid(
                [
                    Button(
                        f"field-{i}-{j}",
                        option,
                        partial(self.choose, i, j),
                        icon="radio_on" if chosen == j else "radio",
                        role="small",
                    )
                    for j, option in enumerate(self.engine.options(i))
                ],
                self.columns(220),
            )
        return widgets

    def choose(self, field: int, option: int) -> None:
        self.engine.choose(field, option)
        self.changed()
        following = field + 1
        self.focus(f"field-{following}-0" if following < len(self.engine.chosen) else "confirm")
