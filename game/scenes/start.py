"""The start screen: play, link my portfolio, settings, quit."""

from __future__ import annotations

from concurrent.futures import Future

from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Spacer, Text, Widget


class StartScene(UiScene):
    """First screen. "Jouer" goes to the interests (first time) or to the hub."""

    show_sync = True
    _probe: Future[bool] | None = None
    portfolio_up: bool | None = None  # None: not linked, or not known yet

    def enter(self) -> None:
        """Linked: ask, in the background, whether the portfolio answers (2 s at most)."""
        link = self.game.profile.link
        if link is not None and not self.game.options.offline and self._probe is None:
            from game.net.client import reachable

            url = link.base_url
            self._probe = self.game.submit(lambda: reachable(url))
        super().enter()

    def update(self, dt: float) -> None:
        if self._probe is not None and self._probe.done():
            try:
                self.portfolio_up = bool(self._probe.result())
            except Exception:  # a check that failed means "not reachable"
                self.portfolio_up = False
            self._probe = None
            self.invalidate()
        super().update(dt)

    @property
    def offline(self) -> bool:
        """Offline by choice (command line) or because the linked portfolio does not answer."""
        return self.game.options.offline or (
            self.game.profile.link is not None and self.portfolio_up is False
        )

    def title(self) -> str:
        return self.game.t("app.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        link = self.game.profile.link
        if self.game.options.offline:
            status = t("start.offline")
        elif link is not None and self.portfolio_up is False:
            status = t("start.unreachable")
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
                t("start.play_offline") if self.offline else t("start.play"),
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
            Text(status, "small", MUTED, icon="check" if link and not self.offline else "clock"),
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
