"""What every task scene shares: title, instructions, hints, "Valider", leaving, finishing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from game.core.engines import Engine
from game.core.session import TaskRun
from game.scenes.common import ConfirmScene
from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game

E = TypeVar("E", bound=Engine)


class TaskScene(UiScene, Generic[E]):
    """Base of the eight task scenes. Subclasses build the engine's part in :meth:`body`."""

    has_confirm = True

    def __init__(self, game: Game, run: TaskRun, engine: E) -> None:
        super().__init__(game)
        self.run = run
        self.engine = engine
        self.message = ""

    def title(self) -> str:
        return self.run.task.title

    def body(self) -> list[Widget]:
        return []

    def intro(self) -> str:
        """Read-aloud opens a task with its instructions."""
        return self.run.task.instructions

    def first_focus(self) -> str | None:
        """Key of the widget that gets the focus when the task opens (the first answer)."""
        return None

    def enter(self) -> None:
        if self.focus_key is None:
            self.focus_key = self.first_focus()
        super().enter()

    def pinned(self) -> list[Widget]:
        """The instructions stay in view whatever the text size and the scrolling; a title
        too long for the header (big text, small window) is written whole above them."""
        theme = self.game.theme
        title = self.run.task.title
        room = self.game.size[0] - 4 * theme.unit(14)  # the header's width for the title
        widgets: list[Widget] = []
        if len(theme.wrap(title, "heading", max(50, room))) > 1:
            widgets.append(Text(title, "small", MUTED))
        widgets.append(Text(self.run.task.instructions))
        return widgets

    def build(self) -> list[Widget]:
        t = self.game.t
        run = self.run
        widgets: list[Widget] = [Text(run.trade.label, "small", MUTED)]
        for hint in run.shown_hints:
            widgets.append(Text(t("task.hint_shown", text=hint), "small", icon="bulb"))
        if run.hints_left > 0:
            widgets.append(
                Button(
                    "hint",
                    t("task.hint"),
                    self.use_hint,
                    icon="bulb",
                    description=t("task.hints_left", count=run.hints_left),
                )
            )
        widgets += self.body()
        if self.message:
            widgets.append(Text(self.message, "small", icon="warning"))
        if self.has_confirm:
            widgets.append(
                Button(
                    "confirm",
                    t("common.confirm"),
                    self.confirm,
                    enabled=self.engine.can_confirm,
                    on_disabled=self.need_all,
                    icon="arrow",
                )
            )
        return widgets

    def update(self, dt: float) -> None:
        self.run.tick(dt)
        super().update(dt)

    def use_hint(self) -> None:
        self.run.use_hint()
        if self.run.hints_left == 0:
            self.focus_key = None
        self.invalidate()

    def need_all(self) -> None:
        """Say why "Valider" is refused (answer everything; move a step first ...)."""
        self.message = self.game.t(self.engine.refusal)
        self.invalidate()

    def changed(self) -> None:
        """The engine's state changed: clear the message and redraw."""
        self.message = ""
        self.invalidate()

    def confirm(self) -> None:
        if not self.engine.confirm():
            self.need_all()
            return
        if self.engine.finished:
            self.finish()
        else:
            self.changed()
            self.after_step()

    def after_step(self) -> None:
        """Called when a multi-step engine (dialogue, quiz) moved to its next step."""

    def finish(self) -> None:
        from game.scenes.debrief import DebriefScene

        self.run.finish(self.game.wall())
        self.game.audio.play("done")
        self.game.unrecorded = self.run
        self.game.stack.replace(DebriefScene(self.game, self.run))

    def leave(self) -> None:
        """Leave the task without keeping anything."""
        self.game.stack.pop()

    def on_back(self) -> None:
        t = self.game.t
        self.game.stack.push(
            ConfirmScene(
                self.game,
                t("task.quit_title"),
                t("task.quit_text"),
                t("task.stay"),
                t("task.leave"),
                self.leave,
            )
        )
