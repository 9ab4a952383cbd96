"""Task scene for ``hazard``: a drawn workplace; each spot is a zone to mark as a danger.

The zones are laid out on the picture from the number of spots (a grid). Each zone shows a
small drawing of its situation; Tab / arrows move between zones, Enter (or a click) marks
or unmarks. A marked zone gets a warning triangle, a thick border and the word "marqué"
(never colour alone). The label of the focused zone is written under the picture.
"""

from __future__ import annotations

import math
from functools import partial

import pygame

from game.art.hazard import vignette
from game.art.pictures import workplace
from game.core.engines import HazardEngine
from game.scenes import icons
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import BAD, INK, MUTED, PANEL, Theme
from game.scenes.widgets import Action, Panel, Text, Widget

PICTURE_HEIGHT = 300


def zone_grid(count: int) -> tuple[int, int]:
    """Columns and rows for ``count`` zones on a wide picture."""
    columns = max(1, math.ceil(math.sqrt(count * 2)))
    columns = min(columns, count)
    return columns, math.ceil(count / columns)


class Zone(Widget):
    """One spot on the picture; the picture lays it out, the zone draws itself."""

    focusable = True

    def __init__(
        self, key: str, label: str, number: int, marked: bool, word: str, action: Action
    ) -> None:
        super().__init__(key)
        self.word = word
        self.label = label
        self.number = number
        self.marked = marked
        self.action = action

    def activate(self) -> None:
        self.action()

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        card = self.rect
        fill = (255, 236, 214) if self.marked else PANEL
        pygame.draw.rect(surface, fill, card, border_radius=theme.unit(10))
        art = card.inflate(-theme.unit(14), -theme.unit(14))
        art.height = max(8, art.height - theme.line_height("small"))
        picture = vignette(self.label, (max(8, art.height * 4 // 3), art.height))
        surface.blit(picture, picture.get_rect(center=art.center))
        badge = theme.render(str(self.number), "small", PANEL)
        size = max(badge.get_width(), badge.get_height()) + theme.unit(6)
        centre = (card.x + size // 2 + 4, card.y + size // 2 + 4)
        pygame.draw.circle(surface, INK, centre, size // 2)
        surface.blit(badge, badge.get_rect(center=centre))
        width = theme.unit(6) if self.marked else 2
        pygame.draw.rect(surface, BAD if self.marked else INK, card, width, theme.unit(10))
        if self.marked:
            mark = pygame.Rect(0, 0, size + 6, size + 6)
            mark.topright = (card.right - 4, card.y + 4)
            icons.draw_icon(surface, "warning", mark)
        word = theme.render(self.word, "small", BAD if self.marked else MUTED)
        if word.get_width() <= card.width - 8:  # the triangle and the border say it anyway
            surface.blit(word, word.get_rect(midbottom=(card.centerx, card.bottom - 4)))


class HazardPicture(Widget):
    """The workplace picture with its zones (children) placed on a grid."""

    def __init__(self, letter: str, zones: list[Zone], height: int) -> None:
        super().__init__()
        self.letter = letter
        self.zones = zones
        self.height = height

    def children(self) -> list[Zone]:
        return self.zones

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        picture_w = min(width, self.height * 16 // 9)
        self.rect = pygame.Rect(x + (width - picture_w) // 2, y, picture_w, self.height)
        columns, rows = zone_grid(len(self.zones))
        gap = theme.unit(10)
        cell_w = (self.rect.width - gap * (columns + 1)) // columns
        cell_h = (self.rect.height - gap * (rows + 1)) // rows
        for i, zone in enumerate(self.zones):
            col, row = i % columns, i // columns
            cell = pygame.Rect(
                self.rect.x + gap + col * (cell_w + gap),
                self.rect.y + gap + row * (cell_h + gap),
                cell_w,
                cell_h,
            )
            # Zones are smaller than their cell so the workplace shows between them.
            zone.rect = cell.inflate(-cell_w // 6, -cell_h // 8)
        return self.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        surface.blit(workplace(self.letter, self.rect.size), self.rect)
        veil = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        veil.fill((255, 255, 255, 70))
        surface.blit(veil, self.rect)
        pygame.draw.rect(surface, INK, self.rect, 2)


class HazardScene(TaskScene[HazardEngine]):
    def first_focus(self) -> str | None:
        return "spot-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        scene = self.engine.data.scene
        spots = self.engine.spots
        zones = [
            Zone(
                f"spot-{i}",
                spot.label,
                i + 1,
                self.engine.marked[i],
                t("hazard.marked") if self.engine.marked[i] else "",
                partial(self.toggle, i),
            )
            for i, spot in enumerate(spots)
        ]
        height = self.game.theme.unit(PICTURE_HEIGHT)
        widgets: list[Widget] = [
            Panel([Text(scene.title, "heading"), *(Text(line) for line in scene.lines)]),
            Text(t("hazard.help") + " " + t("hazard.picture_help"), "small", MUTED),
        ]
        index = self._focused_spot()
        if index is not None:
            state = t("hazard.mark_yes") if self.engine.marked[index] else t("hazard.mark_no")
            widgets.append(
                Panel(
                    [
                        Text(
                            t("hazard.focused", number=index + 1, label=spots[index].label),
                            "body",
                        ),
                        Text(state, "small", icon="warning" if self.engine.marked[index] else None),
                    ]
                )
            )
        widgets.append(HazardPicture(self.run.trade.grand_domaine, zones, height))
        return widgets

    def _focused_spot(self) -> int | None:
        key = self.focus_key or ""
        if key.startswith("spot-"):
            return int(key.removeprefix("spot-"))
        return None

    def move_focus(self, step: int) -> None:
        super().move_focus(step)
        self.invalidate()  # the text of the focused spot changes

    def toggle(self, index: int) -> None:
        self.engine.toggle(index)
        self.changed()
