"""The start screen: play, link my portfolio, settings, quit."""

from __future__ import annotations

from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Spacer, Text, Widget


class StartScene(UiScene):
    """First screen. "Jouer" goes to the interests (first time) or to the hub."""

    show_sync = True

    def title(self) -> str:
        return self.game.t("app.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        link = self.game.profile.link
        if self.game.options.offline:
            status = t("start.offline")
        elif link is not None:
            status = t("start.linked", name=link.display_name or "?")
        else:
            status = t("start.unlinked")
        widgets: list[Widget] = [
            Text(t("app.title"), "title"),
            Text(t("app.subtitle"), color=MUTED),
            Spacer(16),
            Button(
                "play",
                t("start.play")
                if link and not self.game.options.offline
                else t("start.play_offline"),
                self.play,
                icon="arrow",
            ),
        ]
        if not self.game.options.offline:
            widgets.append(Button("link", t("start.link"), self.link))
        widgets += [
            Button("settings", t("start.settings"), self.settings),
            Button("quit", t("start.quit"), self.game.quit),
            Spacer(8),
            Text(status, "small", MUTED, icon="check" if link else "clock"),
        ]
        return widgets

    def play(self) -> None:
        from game.scenes.avatar import AvatarScene
        from game.scenes.hub import HubScene
        from game.scenes.interests import InterestsScene

        if not self.game.profile.settings.avatar:
            self.game.stack.push(AvatarScene(self.game, first=True))
        elif self.game.profile.interests:
            self.game.stack.push(HubScene(self.game))
        else:
            self.game.stack.push(InterestsScene(self.game, then_hub=True))

    def link(self) -> None:
        from game.scenes.link import LinkScene

        self.game.stack.push(LinkScene(self.game))

    def settings(self) -> None:
        from game.scenes.settings import SettingsScene

        self.game.stack.push(SettingsScene(self.game))

    def on_back(self) -> None:
        """Escape on the first screen does nothing: quitting is an explicit choice."""
