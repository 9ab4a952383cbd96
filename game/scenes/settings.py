"""Settings: text size, language, full screen, colours, sound and voice, link, interests."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from game.audio.mixer import VOLUME_STEP
from game.core.i18n import LANGUAGE_NAMES
from game.core.store import FONT_SCALES, VOICE_SPEEDS
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
            *self.sound_widgets(),
            Button("interests", t("settings.interests"), self.interests),
        ]
        if self.game.linked:
            widgets.append(Button("unlink", t("settings.unlink"), self.unlink))
        if self.message:
            widgets.append(Text(self.message, icon="check"))
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def sound_widgets(self) -> list[Widget]:
        """Volume (steps of 10 %), sound off, read-aloud on/off, voice speed."""
        t = self.game.t
        settings = self.game.profile.settings
        audio = self.game.audio
        if not audio.mixer.available:
            return [
                Text(t("settings.sound"), "heading"),
                Text(t("settings.no_sound"), "small", MUTED),
            ]

        def yes_no(value: bool) -> str:
            return t("common.yes") if value else t("common.no")

        widgets: list[Widget] = [
            Text(t("settings.sound"), "heading"),
            Text(t("settings.volume", value=settings.volume)),
            Row(
                [
                    Button(
                        "quieter",
                        t("settings.quieter"),
                        lambda: self.change_volume(-VOLUME_STEP),
                        enabled=settings.volume > 0,
                    ),
                    Button(
                        "louder",
                        t("settings.louder"),
                        lambda: self.change_volume(VOLUME_STEP),
                        enabled=settings.volume < 100,
                    ),
                ]
            ),
            Button(
                "mute",
                t("settings.mute", value=yes_no(settings.muted)),
                partial(self.save, muted=not settings.muted),
                icon="box_checked" if settings.muted else "box",
            ),
        ]
        if not audio.voice.is_available:
            return [*widgets, Text(t("settings.no_voice"), "small", MUTED)]
        speed = t(f"settings.speed_{settings.voice_speed}")
        widgets += [
            Button(
                "read-aloud",
                t("settings.read_aloud", value=yes_no(bool(settings.read_aloud))),
                partial(self.save, read_aloud=not settings.read_aloud),
                icon="box_checked" if settings.read_aloud else "box",
            ),
            Text(t("settings.voice_speed", value=speed)),
            Row(
                [
                    Button(
                        f"speed-{name}",
                        t(f"settings.speed_{name}").capitalize(),
                        partial(self.save, voice_speed=name),
                        icon="radio_on" if name == settings.voice_speed else "radio",
                    )
                    for name in VOICE_SPEEDS
                ]
            ),
        ]
        return widgets

    def change_volume(self, step: int) -> None:
        volume = max(0, min(100, self.game.profile.settings.volume + step))
        self.save(volume=volume)
        self.game.audio.play("click")

    def save(self, **changes: object) -> None:
        """Save one change of the sound settings and show it."""
        self.game.save_settings(replace(self.game.profile.settings, **changes))  # type: ignore[arg-type]
        if "voice_speed" in changes:  # let the player hear the new speed
            speed = self.game.t(f"settings.speed_{self.game.profile.settings.voice_speed}")
            self.game.audio.say(self.game.t("settings.voice_speed", value=speed))
        self.invalidate()

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
