"""After a task: the debrief (what was observed) and the reflection (the player's own view).

The statement is written when the reflection ends (with the self-rating, or without it when
the player skips), in the same transaction as the save.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.core.passport import build_passport
from game.core.scoring import Observation
from game.core.session import TaskRun
from game.core.store import StoreError
from game.scenes.celebration import Badge, Celebration
from game.scenes.common import level_words, number
from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Bar, Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game

REVIEW_ICONS = {True: "check", False: "cross", None: "dot"}


class DebriefScene(UiScene):
    """Score in words and as a bar, competencies and levels observed, things to remember."""

    def __init__(self, game: Game, run: TaskRun) -> None:
        super().__init__(game)
        self.run = run
        assert run.outcome is not None, "the debrief needs a finished task"
        self.outcome = run.outcome
        before = build_passport(game.store.journal()).competencies
        self.gained: tuple[Observation, ...] = tuple(
            seen
            for seen in self.outcome.observations
            if seen.level >= 1 and seen.level > before.get(seen.competency, 0)
        )
        calm = game.profile.settings.reduce_motion or not self.outcome.success
        self.celebration = Celebration(run.seed, calm=calm)

    def title(self) -> str:
        return self.game.t("debrief.title")

    def intro(self) -> str:
        result = self.outcome.result
        return self.game.t("debrief.score", raw=number(result.raw), max=number(result.maximum))

    def build(self) -> list[Widget]:
        t = self.game.t
        outcome = self.outcome
        result = outcome.result
        widgets: list[Widget] = []
        if outcome.success:
            widgets.append(Badge(t("celebrate.done")))
        for seen in self.gained:
            level = level_words(self.game, seen.level)
            label = self.game.framework.plain(seen.competency)
            widgets.append(
                Badge(t("celebrate.level_up", label=label, level=level), "body", shape="rise")
            )
        widgets += [
            Text(self.run.task.title, "small", MUTED),
            Bar(
                result.score, t("debrief.score", raw=number(result.raw), max=number(result.maximum))
            ),
            Text(t("debrief.observed"), "heading"),
        ]
        for seen in outcome.observations:
            label = self.game.framework.label(seen.competency)
            widgets.append(
                Text(
                    t("debrief.level", label=label, level=level_words(self.game, seen.level)),
                    icon="check" if seen.level >= 1 else "dot",
                )
            )
        if outcome.hints_used:
            widgets.append(
                Text(t("debrief.hints", count=outcome.hints_used), "small", MUTED, icon="bulb")
            )
        if result.review:
            widgets.append(Text(t("debrief.review"), "heading"))
            widgets += [
                Text(line.text, "small", icon=REVIEW_ICONS[line.ok]) for line in result.review
            ]
        widgets.append(Button("continue", t("common.continue"), self.on_back, icon="arrow"))
        return widgets

    def update(self, dt: float) -> None:
        self.celebration.update(dt)
        super().update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.celebration.draw(surface, self.game.theme)

    def on_back(self) -> None:
        """Continue (Escape too): the reflection comes next; nothing is lost."""
        self.game.stack.replace(ReflectionScene(self.game, self.run))


class ReflectionScene(UiScene):
    """The player rates themselves; then the evidence is saved and we go back to the trade."""

    def __init__(self, game: Game, run: TaskRun) -> None:
        super().__init__(game)
        self.run = run
        self.error = ""

    def title(self) -> str:
        return self.game.t("reflection.title")

    def intro(self) -> str:
        return self.game.t("reflection.help")

    def build(self) -> list[Widget]:
        t = self.game.t
        widgets: list[Widget] = [Text(t("reflection.help"))]
        for level in (1, 2, 0):
            widgets.append(
                Button(f"self-{level}", t(f"reflection.{level}"), partial(self.choose, level))
            )
        widgets.append(Button("skip", t("reflection.skip"), partial(self.choose, None)))
        if self.error:
            widgets.append(Text(self.error, icon="cross"))
        return widgets

    def choose(self, level: int | None) -> None:
        from game.scenes.trade import TradeScene

        try:
            queued = self.game.record(self.run, level)
        except StoreError as exc:
            self.error = self.game.t("reflection.error", error=str(exc))
            self.invalidate()
            return
        if not queued:
            key = "reflection.saved_again"
        else:
            key = "reflection.saved" if self.game.linked else "reflection.saved_local"
        back = self.game.stack.pop_to(TradeScene)
        if isinstance(back, TradeScene):
            back.notice = ("check", self.game.t(key))
            back.invalidate()
            back.after_task(self.run)

    def on_back(self) -> None:
        """Escape skips the rating; the evidence is still kept."""
        self.choose(None)
