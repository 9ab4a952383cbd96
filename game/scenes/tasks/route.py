"""Task scene for ``route``: a map, and the places to visit in the chosen order."""

from __future__ import annotations

from functools import partial

import pygame

from game.core.engines import RouteEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import FOCUS, INK, LINE, MUTED, PANEL, Theme
from game.scenes.widgets import Button, Canvas, Text, Widget

MAP_HEIGHT = 300


class RouteScene(TaskScene[RouteEngine]):
    def first_focus(self) -> str | None:
        return f"go-{self.engine.remaining[0]}"

    def body(self) -> list[Widget]:
        t = self.game.t
        data = self.engine.data
        names = [data.place(p).label for p in self.engine.route]
        widgets: list[Widget] = [
            Canvas(self.map_height(), self.paint_map),
            Text(t("route.start", place=data.place(data.start).label)),
            Text(t("route.trip", trip=" > ".join(names) if names else "…"), icon="arrow"),
        ]
        if data.return_to_start:
            widgets.append(Text(t("route.return"), "small", MUTED))
        for place_id in self.engine.remaining:
            widgets.append(
                Button(
                    f"go-{place_id}",
                    t("route.go", place=data.place(place_id).label),
                    partial(self.pick, place_id),
                )
            )
        widgets.append(Button("undo", t("route.undo"), self.undo, enabled=bool(self.engine.route)))
        return widgets

    def map_height(self) -> int:
        """The map takes at most half of the scrolling area, so the trip and the first
        place to choose stay in view beside it, even with big text in a small window."""
        return max(self.game.theme.unit(90), min(self.game.theme.unit(MAP_HEIGHT), self.view_height() // 2))

    def pick(self, place_id: str) -> None:
        self.engine.pick(place_id)
        self.changed()
        remaining = self.engine.remaining
        self.focus(f"go-{remaining[0]}" if remaining else "confirm")

    def undo(self) -> None:
        self.engine.undo()
        self.changed()

    def paint_map(self, surface: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
        """Places as shapes with names: square = start, circle = to visit (numbered when
        chosen), small diamond = other places. The chosen trip is a thick line."""
        data = self.engine.data
        pygame.draw.rect(surface, PANEL, rect)
        pygame.draw.rect(surface, LINE, rect, 2)
        pad = theme.unit(30)
        area = rect.inflate(-2 * pad, -2 * pad)

        def at(place_id: str) -> tuple[int, int]:
            place = data.place(place_id)
            return (
                round(area.x + area.width * place.x / 100),
                round(area.y + area.height * place.y / 100),
            )

        stops = [data.start, *self.engine.route]
        if data.return_to_start and not self.engine.remaining:
            stops.append(data.start)
        if len(stops) > 1:
            pygame.draw.lines(surface, FOCUS, False, [at(s) for s in stops], theme.unit(5))
        size = theme.unit(14)
        for place in data.places:
            x, y = at(place.id)
            if place.id == data.start:
                pygame.draw.rect(surface, INK, pygame.Rect(x - size, y - size, 2 * size, 2 * size))
            elif place.id in data.visit:
                pygame.draw.circle(surface, PANEL, (x, y), size)
                pygame.draw.circle(surface, INK, (x, y), size, 3)
                if place.id in self.engine.route:
                    number = theme.render(str(self.engine.route.index(place.id) + 1), "small", INK)
                    surface.blit(number, number.get_rect(center=(x, y)))
            else:
                points = [
                    (x, y - size // 2),
                    (x + size // 2, y),
                    (x, y + size // 2),
                    (x - size // 2, y),
                ]
                pygame.draw.polygon(surface, MUTED, points)
            label = theme.render(place.label, "small", INK if place.id != data.start else FOCUS)
            lx = min(
                max(rect.x + 4, x - label.get_width() // 2), rect.right - label.get_width() - 4
            )
            ly = (
                y + size + 2
                if y + size + label.get_height() < rect.bottom
                else y - size - label.get_height()
            )
            surface.blit(label, (lx, ly))
