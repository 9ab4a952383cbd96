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
            Canvas(self.map_height(), self.paint_map),
            Text(t("route.start", place=data.place(data.start).label)),
            Text(t("route.trip", trip=" > ".join(names) if names else "…"), icon="arrow"),
        ]
        if data.return_to_start:
            widgets.append(Text(t("route.return"), "small", MUTED))
        tags = self.tags()
        for place_id in self.engine.remaining:
            widgets.append(
                Button(
                    f"go-{place_id}",
                    t("route.go", place=f"{tags[place_id]} – {data.place(place_id).label}"),
                    partial(self.pick, place_id),
                )
            )
        widgets.append(Button("undo", t("route.undo"), self.undo, enabled=bool(self.engine.route)))
        return widgets

    def tags(self) -> dict[str, str]:
        """A letter per place besides the start: the map shows letters (long names would
        overlap with big text), the buttons give each letter its name."""
        others = [p.id for p in self.engine.data.places if p.id != self.engine.data.start]
        return {place_id: chr(ord("A") + i) for i, place_id in enumerate(others)}

    def map_height(self) -> int:
        """The map takes at most a third of the scrolling area, so the trip and the first
        place to choose stay in view beside it, even with big text in a small window."""
        return max(
            self.game.theme.unit(90), min(self.game.theme.unit(MAP_HEIGHT), self.view_height() // 3)
        )

    def pick(self, place_id: str) -> None:
        self.engine.pick(place_id)
        self.changed()
        remaining = self.engine.remaining
        self.focus(f"go-{remaining[0]}" if remaining else "confirm")

    def undo(self) -> None:
        self.engine.undo()
        self.changed()

    def paint_map(self, surface: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
        """Places as shapes with their letter: square = start, circle = to visit (filled once
        chosen), diamond = other places. The chosen trip is a thick line."""
        data = self.engine.data
        pygame.draw.rect(surface, PANEL, rect)
        pygame.draw.rect(surface, LINE, rect, 2)
        size = max(theme.line_height("small") // 2 + theme.unit(4), theme.unit(14))
        area = rect.inflate(-2 * size - theme.unit(12), -2 * size - theme.unit(12))

        def at(place_id: str) -> tuple[int, int]:
            place = data.place(place_id)
            return (
                round(area.x + area.width * place.x / 100),
                round(area.y + area.height * place.y / 100),
            )

        stops = self.stops()
        if len(stops) > 1:
            pygame.draw.lines(surface, FOCUS, False, [at(s) for s in stops], theme.unit(5))
        tags = self.tags()
        for place in data.places:
            x, y = at(place.id)
            ink = INK
            if place.id == data.start:
                pygame.draw.rect(surface, INK, pygame.Rect(x - size, y - size, 2 * size, 2 * size))
                continue
            if place.id in data.visit:
                chosen = place.id in self.engine.route
                pygame.draw.circle(surface, INK if chosen else PANEL, (x, y), size)
                pygame.draw.circle(surface, INK, (x, y), size, 3)
                ink = PANEL if chosen else INK
            else:
                points = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
                pygame.draw.polygon(surface, PANEL, points)
                pygame.draw.polygon(surface, MUTED, points, 3)
            letter = theme.render(tags[place.id], "small", ink)
            surface.blit(letter, letter.get_rect(center=(x, y)))
        leg = min(int(self.walked), len(stops) - 1)
        (x0, y0), (x1, y1) = at(stops[leg]), at(stops[min(leg + 1, len(stops) - 1)])
        share = self.walked - leg
        walker = (round(x0 + (x1 - x0) * share), round(y0 + (y1 - y0) * share - size))
        pygame.draw.circle(surface, FOCUS, walker, size * 2 // 3)
        pygame.draw.circle(surface, INK, walker, size * 2 // 3, 2)
        pygame.draw.circle(surface, PANEL, (walker[0], walker[1] - size // 5), size // 4)
