"""Choose one or two interests (RIASEC), asked once at first start, changeable later."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from game.core.content import RIASEC
from game.core.riasec import MAX_INTERESTS
from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


class InterestsScene(UiScene):
    """Six toggles; "Valider" saves 1 or 2 of them."""

    def __init__(self, game: Game, *, then_hub: bool = False) -> None:
        super().__init__(game)
        self.then_hub = then_hub
        self.chosen: list[str] = list(game.profile.interests)
        self.message = ""

    def title(self) -> str:
        return self.game.t("interests.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = [Text(t("interests.help"))]
        for letter in RIASEC:
            on = letter in self.chosen
            widgets.append(
                Button(
                    f"riasec-{letter}",
                    t(f"riasec.{letter}"),
                    partial(self.toggle, letter),
                    icon="box_checked" if on else "box",
                )
            )
        if self.message:
            widgets.append(Text(self.message, "small", MUTED, icon="warning"))
        widgets.append(
            Button(
                "confirm",
                t("common.confirm"),
                self.confirm,
                enabled=bool(self.chosen),
                on_disabled=lambda: self._say("interests.need"),
                icon="arrow",
            )
        )
        return widgets

    def _say(self, key: str) -> None:
        self.message = self.game.t(key)
        self.invalidate()

    def toggle(self, letter: str) -> None:
        self.message = ""
        if letter in self.chosen:
            self.chosen.remove(letter)
        elif len(self.chosen) >= MAX_INTERESTS:
            self.message = self.game.t("interests.max")
        else:
            self.chosen.append(letter)
        self.invalidate()

    def confirm(self) -> None:
        if not self.chosen:
            return
        self.game.save_interests(tuple(self.chosen))
        if self.then_hub:
            from game.scenes.hub import HubScene

            self.game.stack.replace(HubScene(self.game))
        else:
            self.game.stack.pop()
