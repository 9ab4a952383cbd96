"""Type the one-time code shown in the portfolio to link this game to it.

The request runs in a worker thread; the scene polls it in ``update`` so the window never
freezes, even when the network is slow.
"""

from __future__ import annotations

import platform
from concurrent.futures import Future
from typing import TYPE_CHECKING

from game.core.store import Link, StoreError
from game.net.client import LinkError, link_device, normalise_code
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, TextInput, Widget

if TYPE_CHECKING:
    from game.app import Game


class LinkScene(UiScene):
    """A code field and a "Relier" button; shows progress and the result in words."""

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.code = ""
        self.message: tuple[str, str] | None = None
        self.job: Future[Link] | None = None
        self.done = False

    def title(self) -> str:
        return self.game.t("link.title")

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = [Text(t("link.help"))]
        if self.game.options.offline:
            return [
                *widgets,
                Text(t("link.offline"), icon="warning"),
                Button("back", t("common.back"), self.on_back),
            ]
        if not self.done:
            widgets.append(
                TextInput(
                    "code",
                    t("link.code"),
                    self.code,
                    self.set_code,
                    max_length=9,
                    on_submit=self.send,
                )
            )
            widgets.append(
                Button("send", t("link.send"), self.send, enabled=self.job is None, icon="arrow")
            )
        if self.message is not None:
            widgets.append(Text(self.message[1], icon=self.message[0]))
        widgets.append(
            Button("back", t("common.continue") if self.done else t("common.back"), self.on_back)
        )
        return widgets

    def set_code(self, text: str) -> None:
        self.code = normalise_code(text)
        self.invalidate()

    def send(self) -> None:
        if self.job is not None:
            return
        code = normalise_code(self.code)
        if len(code) != 9:
            self.message = ("warning", self.game.t("link.too_short"))
            self.invalidate()
            return
        base_url = self.game.options.portfolio
        device = f"Jeu E2C ({platform.node() or 'PC'})"
        self.job = self.game.submit(lambda: link_device(base_url, code, device))
        self.message = ("clock", self.game.t("link.working"))
        self.invalidate()

    def update(self, dt: float) -> None:
        if self.job is not None and self.job.done():
            job, self.job = self.job, None
            try:
                link = job.result()
            except LinkError as exc:
                self.message = ("cross", str(exc))
            except Exception as exc:  # unexpected: say it plainly, keep the game running
                self.message = ("cross", f"{exc}")
            else:
                try:
                    self.game.save_link(link)
                except StoreError as exc:  # the token could not be kept on this computer
                    self.message = ("cross", str(exc))
                else:
                    self.done = True
                    name = link.display_name or "?"
                    self.message = ("check", self.game.t("link.done", name=name))
                    self.focus("back")
            self.invalidate()
        super().update(dt)

    def on_back(self) -> None:
        self.game.stack.pop()
