"""Choose the avatar who walks in the city (asked once before the first visit, changeable)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.art.avatars import avatar, avatar_alt
from game.core.store import AVATARS
from game.scenes.theme import MUTED, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Action, Button, Text, Widget, grid

if TYPE_CHECKING:
    from game.app import Game


class AvatarCard(Button):
    """A button with the character drawn above its name and its description."""

    def __init__(self, key: str, avatar_key: str, label: str, action: Action, **kw: str) -> None:
        super().__init__(key, label, action, role="heading", **kw)  # type: ignore[arg-type]
        self.avatar_key = avatar_key

    def picture_height(self, theme: Theme) -> int:
        return theme.unit(120)

    def _inner(self, theme: Theme) -> pygame.Rect:
        inner = super()._inner(theme)
        return inner.move(0, self.picture_height(theme))

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        return super().layout(theme, x, y, width) + self.picture_height(theme)

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        super().draw(surface, theme, focused)
        sprite = avatar(self.avatar_key, self.picture_height(theme))
        surface.blit(sprite, sprite.get_rect(midtop=(self.rect.centerx, self.rect.y + 6)))


class AvatarScene(UiScene):
    """Six characters; the chosen one is saved in the settings."""

    def __init__(self, game: Game, *, first: bool = False) -> None:
        super().__init__(game)
        self.first = first
        chosen = game.profile.settings.avatar
        self.focus_key = f"avatar-{chosen or AVATARS[0]}"

    def title(self) -> str:
        return self.game.t("avatar.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        chosen = self.game.profile.settings.avatar
        cards: list[Widget] = [
            AvatarCard(
                f"avatar-{key}",
                key,
                t(f"avatar.{key}") + (f" ({t('avatar.chosen')})" if key == chosen else ""),
                partial(self.choose, key),
                description=avatar_alt(key),
            )
            for key in AVATARS
        ]
        return [Text(t("avatar.help"), color=MUTED), *grid(cards, self.columns(330, 3))]

    def choose(self, key: str) -> None:
        self.game.save_settings(replace(self.game.profile.settings, avatar=key))
        if not self.first:
            self.game.stack.pop()
        elif self.game.profile.interests:
            from game.scenes.hub import HubScene

            self.game.stack.replace(HubScene(self.game))
        else:
            from game.scenes.interests import InterestsScene

            self.game.stack.replace(InterestsScene(self.game, then_hub=True))
