"""Task scene for ``sort``: one item at a time, pick its category; the list allows changes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.core.engines import SortEngine
from game.core.session import TaskRun
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import INK, LINE, MUTED, PANEL
from game.scenes.widgets import Button, Text, Widget, grid

if TYPE_CHECKING:
    from game.app import Game

TWEEN_TIME = 0.3  # seconds an item takes to fly to its bin (the player can go on meanwhile)


class SortScene(TaskScene[SortEngine]):
    def __init__(self, game: Game, run: TaskRun, engine: SortEngine) -> None:
        super().__init__(game, run, engine)
        self.flight: tuple[str, pygame.Rect, pygame.Rect] | None = None  # label, from, to
        self.flown = 0.0
        self.flight_scroll = 0  # the scroll when the item took off (the rects are on screen)

    def first_focus(self) -> str | None:
        return "cat-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        engine = self.engine
        current = engine.items[engine.current]
        categories = engine.categories
        self.where = Text(t("sort.where", item=current.label), "heading")
        widgets: list[Widget] = [
            self.where,
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
        label = self.engine.items[self.engine.current].label
        bins = [w for w in self.focusables if w.key == f"cat-{category}"]
        if bins and not self.game.profile.settings.reduce_motion:
            self.flight = (label, self.where.rect.copy(), bins[0].rect.copy())
            self.flown = 0.0
            self.flight_scroll = self.scroll
        self.engine.place(category)
        self.changed()
        if self.engine.can_confirm:
            self.focus("confirm")

    def select(self, index: int) -> None:
        self.engine.select_item(index)
        self.changed()
        self.focus("cat-0")

    def update(self, dt: float) -> None:
        if self.flight is not None:
            self.flown += dt
            if self.flown >= TWEEN_TIME:
                self.flight = None
        super().update(dt)

    def flight_chip(self) -> tuple[pygame.Surface, pygame.Rect] | None:
        """The flying item's label and where its chip is now, on screen (None: nothing flies)."""
        if self.flight is None:
            return None
        theme = self.game.theme
        label, start, end = self.flight
        share = min(1.0, self.flown / TWEEN_TIME)
        eased = 1 - (1 - share) ** 3
        image = theme.render(label, "small", INK)
        chip = image.get_rect().inflate(theme.unit(24), theme.unit(14))
        shift = self.flight_scroll - self.scroll  # the column scrolled since the take-off
        chip.center = (
            round(start.centerx + (end.centerx - start.centerx) * eased),
            round(start.centery + (end.centery - start.centery) * eased) + shift,
        )
        return image, chip

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        flying = self.flight_chip()
        if flying is None:
            return
        theme = self.game.theme
        image, chip = flying
        pygame.draw.rect(surface, PANEL, chip, border_radius=theme.unit(8))
        pygame.draw.rect(surface, LINE, chip, 2, border_radius=theme.unit(8))
        surface.blit(image, image.get_rect(center=chip.center))
