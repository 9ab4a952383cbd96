"""Task scene for ``route``: a map, and the places to visit in the chosen order."""

from __future__ import annotations

from functools import partial

import pygame

from game.core.engines import RouteEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import FOCUS, INK, LINE, MUTED, PANEL, Theme
from game.scenes.widgets import Button, Canvas, Text, Widget

MAP_HEIGHT = 300
WALK_SPEED = 2.5  # legs of the trip per second the walker covers


class RouteScene(TaskScene[RouteEngine]):
    walked = 0.0  # how far the walker is along the trip, in legs (0 = at the start)

    def stops(self) -> list[str]:
        """The start, the places chosen, and the start again once back there."""
        data = self.engine.data
        stops = [data.start, *self.engine.route]
        if data.return_to_start and not self.engine.remaining:
            stops.append(data.start)
        return stops

    def update(self, dt: float) -> None:
        target = float(len(self.stops()) - 1)
        if self.game.profile.settings.reduce_motion or self.walked > target:
            self.walked = target
        else:
            self.walked = min(target, self.walked + WALK_SPEED * dt)
        super().update(dt)

    def first_focus(self) -> str | None:
        return f"go-{self.engine.remaining[0]}"

    def body(self) -> list[Widget]:
        t = self.game.t
        data = self.engine.data
        names = [data.place(p).label for p in self.engine.route]
        widgets: list[Widget] = [
            Canvas(self.game.theme.unit(MAP_HEIGHT), self.paint_map),
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

        stops = self.stops()
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
        leg = min(int(self.walked), len(stops) - 1)
        (x0, y0), (x1, y1) = at(stops[leg]), at(stops[min(leg + 1, len(stops) - 1)])
        share = self.walked - leg
        walker = (round(x0 + (x1 - x0) * share), round(y0 + (y1 - y0) * share - size))
        pygame.draw.circle(surface, FOCUS, walker, size * 2 // 3)
        pygame.draw.circle(surface, INK, walker, size * 2 // 3, 2)
        pygame.draw.circle(surface, PANEL, (walker[0], walker[1] - size // 5), size // 4)
