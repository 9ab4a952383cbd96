"""The journal: every piece of evidence and where it stands (sent, confirmed, refused ...)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from game.core.store import OutboxRow
from game.scenes.common import level_words
from game.scenes.icons import STATUS_ICONS
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game

RELOAD_EVERY = 2.0


def short_date(stamp: str) -> str:
    """``2026-11-27T10:00:00Z`` -> ``27/11 11:00`` in local time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d/%m %H:%M")


class JournalScene(UiScene):
    """Reloads from the save every two seconds, so sending progress shows up by itself."""

    show_sync = True

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.rows: list[OutboxRow] = []
        self._timer = 0.0

    def title(self) -> str:
        return self.game.t("journal.title")

    def enter(self) -> None:
        super().enter()
        self.rows = self.game.store.journal()

    def update(self, dt: float) -> None:
        self._timer += dt
        if self._timer >= RELOAD_EVERY:
            self._timer = 0.0
            rows = self.game.store.journal()
            if rows != self.rows:
                self.rows = rows
                self.invalidate()
        super().update(dt)

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = []
        if self.game.sender is not None and self.game.linked:
            widgets.append(Button("refresh", t("journal.refresh"), self.refresh_remote))
        if not self.rows:
            widgets.append(Text(t("journal.empty")))
        for row in self.rows:
            try:
                trade = self.game.catalogue.trade(row.rome).label
            except KeyError:
                trade = row.rome
            details = [
                t(f"status.{row.status}"),
                t("journal.level", level=level_words(self.game, row.level)),
            ]
            if row.reason:
                details.append(t("journal.reason", reason=row.reason))
            widgets.append(
                Button(
                    f"entry-{row.id}",
                    t(
                        "journal.entry",
                        date=short_date(row.created_at),
                        trade=trade,
                        task=row.title,
                    ),
                    None,
                    icon=STATUS_ICONS[row.status],
                    description=" · ".join(details),
                    role="small",
                )
            )
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def refresh_remote(self) -> None:
        if self.game.sender is not None:
            self.game.sender.request_journal()
