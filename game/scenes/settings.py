"""Settings: text size, language, full screen, colours and sound notes, link, interests."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from game.core.i18n import LANGUAGE_NAMES
from game.core.store import FONT_SCALES
from game.net.client import NetworkError, PortfolioClient
from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Row, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


class SettingsScene(UiScene):
    """Every change is saved at once and shown at once."""

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.message = ""

    def title(self) -> str:
        return self.game.t("settings.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        settings = self.game.profile.settings
        scale = settings.font_scale
        widgets: list[Widget] = [
            Text(t("settings.size", value=scale), "heading"),
            Row(
                [
                    Button(
                        "smaller",
                        t("settings.smaller"),
                        lambda: self.resize(-1),
                        enabled=scale > FONT_SCALES[0],
                    ),
                    Button(
                        "bigger",
                        t("settings.bigger"),
                        lambda: self.resize(1),
                        enabled=scale < FONT_SCALES[-1],
                    ),
                ]
            ),
            Text(t("settings.language", value=LANGUAGE_NAMES[settings.language]), "heading"),
            Row(
                [
                    Button(
                        f"lang-{code}",
                        name,
                        partial(self.language, code),
                        icon="radio_on" if code == settings.language else "radio",
                    )
                    for code, name in LANGUAGE_NAMES.items()
                ]
            ),
            Button(
                "fullscreen",
                t(
                    "settings.fullscreen",
                    value=t("common.yes") if settings.fullscreen else t("common.no"),
                ),
                self.toggle_fullscreen,
                icon="box_checked" if settings.fullscreen else "box",
            ),
            Button(
                "motion",
                t(
                    "settings.motion",
                    value=t("common.yes") if settings.reduce_motion else t("common.no"),
                ),
                self.toggle_motion,
                icon="box_checked" if settings.reduce_motion else "box",
            ),
            Text(t("settings.colours"), "small", icon="check"),
            Text(t("settings.sound"), "small", MUTED),
            Button("interests", t("settings.interests"), self.interests),
        ]
        if self.game.linked:
            widgets.append(Button("unlink", t("settings.unlink"), self.unlink))
        if self.message:
            widgets.append(Text(self.message, icon="check"))
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def resize(self, step: int) -> None:
        settings = self.game.profile.settings
        index = FONT_SCALES.index(settings.font_scale) + step
        if 0 <= index < len(FONT_SCALES):
            self.game.save_settings(replace(settings, font_scale=FONT_SCALES[index]))
        self.invalidate()

    def language(self, code: str) -> None:
        self.game.save_settings(replace(self.game.profile.settings, language=code))
        self.invalidate()

    def toggle_fullscreen(self) -> None:
        settings = self.game.profile.settings
        self.game.save_settings(replace(settings, fullscreen=not settings.fullscreen))
        self.invalidate()

    def toggle_motion(self) -> None:
        settings = self.game.profile.settings
        self.game.save_settings(replace(settings, reduce_motion=not settings.reduce_motion))
        self.invalidate()

    def interests(self) -> None:
        from game.scenes.interests import InterestsScene

        self.game.stack.push(InterestsScene(self.game))

    def unlink(self) -> None:
        """Forget the link here at once; revoke the token on the portfolio in the background."""
        link = self.game.profile.link
        if link is None:
            return
        self.game.save_link(None)
        if not self.game.options.offline:

            def revoke() -> None:
                # When the portfolio cannot be reached, the token still expires by itself.
                with suppress(NetworkError):
                    PortfolioClient(link.base_url, link.token, timeout=5).unlink()

            self.game.submit(revoke)
        self.message = self.game.t("settings.unlinked")
        self.focus("back")
