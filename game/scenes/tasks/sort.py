"""Task scene for ``sort``: one item at a time, pick its category; the list allows changes."""

from __future__ import annotations

from functools import partial

from game.core.engines import SortEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import MUTED
from game.scenes.widgets import Button, Text, Widget, grid


class SortScene(TaskScene[SortEngine]):
    def first_focus(self) -> str | None:
        return "cat-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        engine = self.engine
        current = engine.items[engine.current]
        categories = engine.categories
        widgets: list[Widget] = [
            Text(t("sort.where", item=current.label), "heading"),
            *grid(
                [
                    Button(f"cat-{i}", c.label, partial(self.place, i))
                    for i, c in enumerate(categories)
                ],
                self.columns(220),
            ),
            Text(t("sort.items"), "small", MUTED),
        ]
        for i, item in enumerate(engine.items):
            placed = engine.placed[i]
            where = categories[placed].label if placed is not None else t("sort.not_placed")
            widgets.append(
                Button(
                    f"item-{i}",
                    item.label,
                    partial(self.select, i),
                    icon="radio_on" if i == engine.current else "radio",
                    description=where,
                    role="small",
                )
            )
        return widgets

    def place(self, category: int) -> None:
        self.engine.place(category)
        self.changed()
        if self.engine.can_confirm:
            self.focus("confirm")

    def select(self, index: int) -> None:
        self.engine.select_item(index)
        self.changed()
        self.focus("cat-0")
