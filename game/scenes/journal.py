"""The passport: a stamp per trade visited, the best level seen per competency, and below
every piece of evidence and where it stands (sent, confirmed, refused ...).

Stamps and levels are built from the outbox rows (:mod:`game.core.passport`), the statements
the game sends, so they match what the portfolio shows for the game stream.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pygame

from game.core.passport import Passport, Stamp, build_passport
from game.core.store import OutboxRow
from game.scenes.common import level_words
from game.scenes.icons import STATUS_ICONS, draw_icon
from game.scenes.theme import DISTRICT_COLOURS, INK, LINE, MUTED, PANEL, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget, grid

if TYPE_CHECKING:
    from game.app import Game

RELOAD_EVERY = 2.0
LEVEL_ICONS = {0: "dot", 1: "check", 2: "star"}
DOMAINS = "ABCDEFGHIJKLMN"


def short_date(stamp: str) -> str:
    """``2026-11-27T10:00:00Z`` -> ``27/11 11:00`` in local time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d/%m %H:%M")


class StampWidget(Widget):
    """A round stamp: the district's letter in a double ring, one star per level reached,
    the trade's name and the missions below."""

    def __init__(self, stamp: Stamp, letter: str, label: str, description: str) -> None:
        super().__init__()
        self.stamp = stamp
        self.letter = letter
        self.label = label
        self.description = description

    def _seal(self, theme: Theme) -> int:
        return theme.unit(96)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, 0)
        pad = theme.unit(10)
        text = theme.text_height(self.label, "small", width - 2 * pad)
        text += theme.text_height(self.description, "small", width - 2 * pad)
        self.rect.height = self._seal(theme) + text + 3 * pad
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        pad = theme.unit(10)
        pygame.draw.rect(surface, PANEL, self.rect, border_radius=theme.unit(10))
        pygame.draw.rect(surface, LINE, self.rect, 2, border_radius=theme.unit(10))
        seal = self._seal(theme)
        centre = (self.rect.centerx, self.rect.y + pad + seal // 2)
        index = DOMAINS.find(self.letter)
        colour = DISTRICT_COLOURS[max(0, index) % len(DISTRICT_COLOURS)]
        pygame.draw.circle(surface, colour, centre, seal // 2)
        pygame.draw.circle(surface, INK, centre, seal // 2, max(2, seal // 30))
        pygame.draw.circle(surface, INK, centre, seal // 2 - seal // 9, max(1, seal // 50))
        letter = theme.render(self.letter, "heading", INK)
        surface.blit(letter, letter.get_rect(center=(centre[0], centre[1] - seal // 12)))
        star = max(8, seal // 6)
        for i in range(2):
            spot = pygame.Rect(0, 0, star, star)
            spot.center = (centre[0] + (i * 2 - 1) * star * 2 // 3, centre[1] + seal // 4)
            if i < self.stamp.best_level:
                draw_icon(surface, "star", spot)
            else:  # a level not reached yet: an empty ring
                pygame.draw.circle(surface, INK, spot.center, star // 3, 2)
        area = pygame.Rect(
            self.rect.x + pad, self.rect.y + seal + 2 * pad, self.rect.width - 2 * pad, 0
        )
        used = theme.blit_wrapped(surface, self.label, "small", INK, area, center=True)
        theme.blit_wrapped(
            surface, self.description, "small", MUTED, area.move(0, used), center=True
        )


class JournalScene(UiScene):
    """Reloads from the save every two seconds, so sending progress shows up by itself."""

    show_sync = True

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.rows: list[OutboxRow] = []
        self.passport = Passport((), {})
        self._timer = 0.0

    def title(self) -> str:
        return self.game.t("passport.title")

    def enter(self) -> None:
        super().enter()
        self._load()

    def _load(self) -> None:
        self.rows = self.game.store.journal()
        self.passport = build_passport(self.rows)

    def update(self, dt: float) -> None:
        self._timer += dt
        if self._timer >= RELOAD_EVERY:
            self._timer = 0.0
            rows = self.game.store.journal()
            if rows != self.rows:
                self._load()
                self.invalidate()
        super().update(dt)

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = [Text(t("passport.trades"), "heading")]
        if not self.passport.stamps:
            widgets.append(Text(t("passport.none")))
        stamps: list[Widget] = []
        for stamp in self.passport.stamps:
            try:
                trade = self.game.catalogue.trade(stamp.rome)
                label, letter = trade.label, trade.grand_domaine
            except KeyError:
                label, letter = stamp.rome, stamp.rome[:1]
            detail = t(
                "passport.stamp",
                count=stamp.missions,
                level=level_words(self.game, stamp.best_level),
            )
            stamps.append(StampWidget(stamp, letter, label, detail))
        widgets += grid(stamps, self.columns(230, 5), fill=True)
        if self.passport.competencies:
            widgets.append(Text(t("passport.skills"), "heading"))
        framework = self.game.framework
        for competency, level in self.passport.competencies.items():
            words = level_words(self.game, level)
            widgets.append(
                Text(
                    t("passport.skill", label=framework.plain(competency), level=words),
                    icon=LEVEL_ICONS.get(level, "star"),
                )
            )
        widgets.append(Text(t("passport.evidence"), "heading"))
        widgets += self._evidence()
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def _evidence(self) -> list[Widget]:
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
        return widgets

    def refresh_remote(self) -> None:
        if self.game.sender is not None:
            self.game.sender.request_journal()
