"""The hub: a town whose districts are the ROME grands domaines, and the suggestion panel."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.core.content import DOMAIN_LABELS, Trade
from game.core.riasec import suggest
from game.scenes.theme import DISTRICT_COLOURS, INK, LINE, MUTED, PANEL, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Action, Button, Text, Widget, grid

if TYPE_CHECKING:
    from game.app import Game


def tasks_done(game: Game, trade: Trade) -> int:
    """How many of the trade's tasks the player has finished at least once."""
    return sum((trade.rome, task.id) in game.progress for task in trade.tasks)


class DistrictTile(Button):
    """A district drawn as a house: roof, walls, the domain letter on the door."""

    def __init__(
        self, key: str, letter: str, label: str, detail: str, colour_index: int, action: Action
    ) -> None:
        super().__init__(key, label, action, description=detail, role="small")
        self.letter = letter
        self.colour = DISTRICT_COLOURS[colour_index % len(DISTRICT_COLOURS)]

    def _inner(self, theme: Theme) -> pygame.Rect:
        pad = theme.unit(12)
        roof = theme.unit(70)
        return pygame.Rect(
            self.rect.x + pad, self.rect.y + roof + pad, self.rect.width - 2 * pad, 0
        )

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        height = super().layout(theme, x, y, width)
        self.rect.height = height + theme.unit(70)
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        roof_h = theme.unit(70)
        body = pygame.Rect(
            self.rect.x, self.rect.y + roof_h // 2, self.rect.width, self.rect.height - roof_h // 2
        )
        pygame.draw.rect(surface, PANEL, body)
        roof = [
            (self.rect.x - 2, body.y + 2),
            (self.rect.centerx, self.rect.y),
            (self.rect.right + 2, body.y + 2),
        ]
        pygame.draw.polygon(surface, self.colour, roof)
        pygame.draw.polygon(surface, LINE, roof, 2)
        pygame.draw.rect(surface, LINE, body, 2)
        door = pygame.Rect(0, 0, theme.unit(44), theme.unit(44))
        door.midbottom = (self.rect.centerx, body.y + roof_h // 2 + theme.unit(6))
        pygame.draw.rect(surface, self.colour, door)
        pygame.draw.rect(surface, INK, door, 2)
        letter = theme.render(self.letter, "heading", INK)
        surface.blit(letter, letter.get_rect(center=door.center))
        inner = self._inner(theme)
        used = theme.blit_wrapped(surface, self.label, "small", INK, inner)
        if self.description:
            theme.blit_wrapped(surface, self.description, "small", MUTED, inner.move(0, used))


class HubScene(UiScene):
    """Top: journal, tastes, settings, home. Then suggestions. Then the districts."""

    show_sync = True

    def title(self) -> str:
        return self.game.t("hub.title")

    def enter(self) -> None:
        super().enter()
        if self.game.options.exit_at_hub:
            self.game.running = False
        elif not self.game.welcomed and any(t.story for t in self.game.catalogue.trades):
            from game.scenes.story import welcome_scene

            self.game.welcomed = True
            self.game.stack.push(welcome_scene(self.game))

    def build(self) -> list[Widget]:
        t = self.game.t
        game = self.game
        widgets: list[Widget] = grid(
            [
                Button("journal", t("hub.journal"), self.open_journal),
                Button("interests", t("hub.interests"), self.open_interests),
                Button("settings", t("hub.settings"), self.open_settings),
                Button("home", t("hub.home"), self.on_back),
            ],
            self.columns(240),
        )
        if game.profile.interests:
            played = {rome for rome, _ in game.progress}
            found = suggest(
                game.catalogue.trades,
                game.profile.interests,
                played=played,
                turn=len(game.progress),
            )
            widgets.append(Text(t("hub.for_you"), "heading"))
            picks: list[Widget] = [
                Button(
                    f"suggest-{trade.rome}",
                    trade.label,
                    partial(self.open_trade, trade),
                    icon="arrow",
                )
                for trade in found.matching
            ]
            if found.outside is not None:
                outside = found.outside
                picks.append(
                    Button(
                        f"outside-{outside.rome}",
                        outside.label,
                        lambda: self.open_trade(outside),
                        icon="star",
                        description=t("hub.why_not"),
                    )
                )
            widgets += grid(picks, self.columns())
        widgets.append(Text(t("hub.districts"), "heading"))
        tiles: list[Widget] = []
        for index, (letter, trades) in enumerate(game.catalogue.by_domain().items()):
            done = sum(tasks_done(game, trade) for trade in trades)
            tiles.append(
                DistrictTile(
                    f"district-{letter}",
                    letter,
                    DOMAIN_LABELS.get(letter, letter),
                    t("hub.tile", count=len(trades), done=done),
                    index,
                    partial(self.open_district, letter),
                )
            )
        widgets += grid(tiles, self.columns(), fill=True)
        return widgets

    def open_trade(self, trade: Trade) -> None:
        from game.scenes.trade import TradeScene

        self.game.stack.push(TradeScene(self.game, trade))

    def open_district(self, letter: str) -> None:
        self.game.stack.push(DistrictScene(self.game, letter))

    def open_journal(self) -> None:
        from game.scenes.journal import JournalScene

        self.game.stack.push(JournalScene(self.game))

    def open_interests(self) -> None:
        from game.scenes.interests import InterestsScene

        self.game.stack.push(InterestsScene(self.game))

    def open_settings(self) -> None:
        from game.scenes.settings import SettingsScene

        self.game.stack.push(SettingsScene(self.game))


class DistrictScene(UiScene):
    """The trades of one grand domaine, with how many tasks are done."""

    show_sync = True

    def __init__(self, game: Game, letter: str) -> None:
        super().__init__(game)
        self.letter = letter

    def title(self) -> str:
        return self.game.t("district.title", name=DOMAIN_LABELS.get(self.letter, self.letter))

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = []
        for trade in self.game.catalogue.by_domain().get(self.letter, ()):
            done = tasks_done(self.game, trade)
            widgets.append(
                Button(
                    f"trade-{trade.rome}",
                    trade.label,
                    partial(self.open_trade, trade),
                    icon="check" if done == len(trade.tasks) else "arrow",
                    description=t(
                        "district.trade", label=trade.rome, done=done, total=len(trade.tasks)
                    ),
                )
            )
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def open_trade(self, trade: Trade) -> None:
        from game.scenes.trade import TradeScene

        self.game.stack.push(TradeScene(self.game, trade))
