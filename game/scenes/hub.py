"""The hub: a town whose districts are the ROME grands domaines, and the suggestion panel."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.art import city
from game.core.content import DOMAIN_LABELS, Trade
from game.core.riasec import suggest
from game.core.store import AVATARS
from game.scenes.citymap import DOOR_REACH, CityMap, Door, Walker, draw_plates
from game.scenes.theme import FOCUS, MUTED, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Panel, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


WALK_KEYS = {
    pygame.K_LEFT: "left",
    pygame.K_a: "left",
    pygame.K_q: "left",  # AZERTY
    pygame.K_RIGHT: "right",
    pygame.K_d: "right",
    pygame.K_UP: "up",
    pygame.K_w: "up",
    pygame.K_z: "up",  # AZERTY
    pygame.K_DOWN: "down",
    pygame.K_s: "down",
}


def tasks_done(game: Game, trade: Trade) -> int:
    """How many of the trade's tasks the player has finished at least once."""
    return sum((trade.rome, task.id) in game.progress for task in trade.tasks)


class HubScene(UiScene):
    """The city map on the left; on the right the focused place, "Pour vous", the menu.

    The avatar walks with the arrows / WASD (held keys, fixed speed in ``update``) and stops
    at walls; near a door the door gets the focus and Enter opens the district. Tab /
    Shift+Tab jump the avatar from door to door; a click on a building walks there.
    """

    show_sync = True

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.walker: Walker | None = None
        self.held: set[str] = set()
        self._base: tuple[tuple[object, ...], pygame.Surface] | None = None

    def title(self) -> str:
        return self.game.t("hub.title")

    def enter(self) -> None:
        super().enter()
        self.held.clear()
        if self.game.options.exit_at_hub:
            self.game.running = False
        elif not self.game.welcomed and any(t.story for t in self.game.catalogue.trades):
            from game.scenes.story import welcome_scene

            self.game.welcomed = True
            self.game.stack.push(welcome_scene(self.game))

    # -- widgets ---------------------------------------------------------------------------

    def open_letters(self) -> frozenset[str]:
        return frozenset(self.game.catalogue.by_domain())

    def build(self) -> list[Widget]:
        t = self.game.t
        game = self.game
        doors = [
            Door(letter, partial(self.use_door, letter))
            for letter in city.LETTERS
            if letter in self.open_letters()
        ]
        if self.focus_key is None and doors:
            self.focus_key = doors[0].key
        if self.walker is None:
            first = next((d.letter for d in doors if d.key == self.focus_key), None)
            start = city.door(first or (doors[0].letter if doors else "A"))
            self.walker = Walker(*start)
        avatar_key = game.profile.settings.avatar or AVATARS[0]
        widgets: list[Widget] = [CityMap(doors, self.walker, avatar_key, self.base_layer)]
        widgets += self.place_panel()
        if game.profile.interests:
            played = {rome for rome, _ in game.progress}
            found = suggest(
                game.catalogue.trades,
                game.profile.interests,
                played=played,
                turn=len(game.progress),
            )
            widgets.append(Text(t("hub.for_you"), "heading"))
            for trade in found.matching:
                widgets.append(
                    Button(
                        f"suggest-{trade.rome}",
                        trade.label,
                        partial(self.open_trade, trade),
                        icon="arrow",
                        role="small",
                    )
                )
            if found.outside is not None:
                outside = found.outside
                widgets.append(
                    Button(
                        f"outside-{outside.rome}",
                        outside.label,
                        lambda: self.open_trade(outside),
                        icon="star",
                        description=t("hub.why_not"),
                        role="small",
                    )
                )
        widgets.append(Text(t("hub.menu"), "heading"))
        for key, action in (
            ("journal", self.open_journal),
            ("interests", self.open_interests),
            ("avatar", self.open_avatar),
            ("settings", self.open_settings),
            ("home", self.on_back),
        ):
            widgets.append(Button(key, t(f"hub.{key}"), action, role="small"))
        return widgets

    def place_panel(self) -> list[Widget]:
        """What the focused building is (or how to play when no door has the focus)."""
        t = self.game.t
        letter = self.focus_key.removeprefix("district-") if self.focus_key else ""
        trades = self.game.catalogue.by_domain().get(letter)
        if not trades:
            return [Panel([Text(t("hub.walk_help"), "small")])]
        done = sum(tasks_done(self.game, trade) for trade in trades)
        at_door = self.at_door() == letter
        return [
            Panel(
                [
                    Text(t(f"place.{letter}"), "heading"),
                    Text(DOMAIN_LABELS.get(letter, letter), "small", MUTED),
                    Text(t("hub.tile", count=len(trades), done=done), "small"),
                    Text(
                        t("hub.enter") if at_door else t("hub.go"),
                        "small",
                        icon="arrow",
                    ),
                ],
                border=FOCUS,
            )
        ]

    def base_layer(self, rect: pygame.Rect, theme: Theme) -> pygame.Surface:
        """The static map with the name plates, cached per size, text size and language."""
        opened = self.open_letters()
        key = (rect.size, theme.scale, self.game.t.language, opened)
        if self._base is None or self._base[0] != key:
            base = city.city(rect.size, opened).copy()
            names = {
                letter: self.game.t(f"place.{letter}")
                if letter in opened
                else self.game.t("hub.soon", name=self.game.t(f"place.{letter}"))
                for letter in city.LETTERS
            }
            draw_plates(base, rect, theme, names, opened)
            self._base = (key, base)
        return self._base[1]

    # -- layout: the map left, the panel right (the panel scrolls, the map does not) ------

    def _areas(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        header, content, footer = super()._areas()
        margin = self.game.theme.unit(12)
        content.x, content.width = margin, self.game.size[0] - 2 * margin
        return header, content, footer

    def _layout(self, theme: Theme, content: pygame.Rect) -> int:
        gap = theme.unit(12)
        panel_w = min(max(theme.unit(300), content.width // 3), content.width // 2)
        map_w = content.width - panel_w - gap
        map_w = min(map_w, round(content.height * city.WORLD[0] / city.WORLD[1] * 1.05))
        citymap = self.widgets[0]
        assert isinstance(citymap, CityMap)
        citymap.place(theme, content.x, content.y, map_w, content.height)
        panel_x = content.x + map_w + gap
        panel_w = content.right - panel_x
        y = content.top - self.scroll
        for widget in self.widgets[1:]:
            y += widget.layout(theme, panel_x, y, panel_w) + gap
        return y + self.scroll - content.top

    def refresh(self) -> None:
        super().refresh()
        if isinstance(self.focused, Door) and self._follow_focus and self.scroll:
            self.scroll = 0  # a door has the focus: show what that building is, at the top
            self._layout(self.game.theme, self._areas()[1])

    # -- walking ---------------------------------------------------------------------------

    def at_door(self) -> str | None:
        """The open district whose door the avatar stands at, if any."""
        if self.walker is None:
            return None
        for letter in self.open_letters():
            dx, dy = city.door(letter)
            if math.hypot(dx - self.walker.x, dy - self.walker.y) <= DOOR_REACH:
                return letter
        return None

    def use_door(self, letter: str) -> None:
        """Enter on a door: go in when the avatar is there, else walk there."""
        if self.at_door() == letter:
            self.open_district(letter)
        elif self.walker is not None:
            self.walker.route_to(city.door(letter))

    def move_focus(self, step: int) -> None:
        super().move_focus(step)
        if self.focus_key and self.focus_key.startswith("district-") and self.walker:
            self.walker.place(city.door(self.focus_key.removeprefix("district-")))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in WALK_KEYS:
            self.held.add(WALK_KEYS[event.key])
            return
        if event.type == pygame.KEYUP:
            self.held.discard(WALK_KEYS.get(event.key, ""))
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self._dirty:
                self.refresh()
            for door in self.widgets[0].children() if self.widgets else ():
                if door.rect.collidepoint(event.pos) and isinstance(door, Door):
                    self.focus(door.key)
                    if self.walker is not None:
                        self.walker.route_to(city.door(door.letter))
                    return
        super().handle_event(event)

    def update(self, dt: float) -> None:
        super().update(dt)
        walker = self.walker
        if walker is None:
            return
        was = self.at_door()
        dx = ("right" in self.held) - ("left" in self.held)
        dy = ("down" in self.held) - ("up" in self.held)
        if dx or dy:
            walker.step(dx, dy, dt)
        else:
            walker.follow(dt)
        now = self.at_door()
        if now != was:
            if now is not None:
                self.focus_key = f"district-{now}"
                self._follow_focus = True
            self._dirty = True

    # -- going elsewhere -------------------------------------------------------------------

    def open_trade(self, trade: Trade) -> None:
        from game.scenes.trade import TradeScene

        self.game.stack.push(TradeScene(self.game, trade))

    def open_district(self, letter: str) -> None:
        self.held.clear()
        self.game.stack.push(DistrictScene(self.game, letter))

    def open_journal(self) -> None:
        from game.scenes.journal import JournalScene

        self.game.stack.push(JournalScene(self.game))

    def open_interests(self) -> None:
        from game.scenes.interests import InterestsScene

        self.game.stack.push(InterestsScene(self.game))

    def open_avatar(self) -> None:
        from game.scenes.avatar import AvatarScene

        self.game.stack.push(AvatarScene(self.game))

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
