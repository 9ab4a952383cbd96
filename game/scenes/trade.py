"""A trade's introduction: "Une journée comme ...", where, access, and its tasks."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.art.pictures import trade_alt, trade_picture
from game.core.content import StoryLine, Task, Trade
from game.core.session import TaskRun
from game.scenes.common import level_words
from game.scenes.theme import INK, MUTED, WARN, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Canvas, Panel, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


PICTURE_HEIGHT = 240


class TradeScene(UiScene):
    """What the job is, where it happens, how to get in (regulated trades), the tasks."""

    show_sync = True

    def __init__(self, game: Game, trade: Trade) -> None:
        super().__init__(game)
        self.trade = trade
        self.reaction: StoryLine | None = None
        """The last story line: how the workplace reacted to the task just played."""

    def enter(self) -> None:
        super().enter()
        if self.trade.story is not None and self.trade.rome not in self.game.story_seen:
            from game.scenes.story import arrival_scene

            self.game.story_seen.add(self.trade.rome)
            self.game.stack.push(arrival_scene(self.game, self.trade))

    def title(self) -> str:
        return self.trade.intro.title

    def build(self) -> list[Widget]:
        t = self.game.t
        trade = self.trade
        widgets: list[Widget] = [
            Text(f"{trade.label} ({trade.rome})", "small", MUTED),
            Text(trade.intro.text),
        ]
        if trade.story is not None:
            from game.scenes.story import speech

            widgets.insert(0, speech(self.game, self.reaction or trade.story.arrival[-1]))
        widgets.append(Canvas(self.game.theme.unit(PICTURE_HEIGHT), self._paint_image))
        alt = trade_alt(trade.rome, trade.grand_domaine)
        widgets.append(Text(t("trade.image", alt=alt), "small", MUTED))
        widgets += [Text(t("trade.where"), "heading"), Text(trade.intro.where)]
        if trade.regulated and trade.access:
            widgets.append(
                Panel(
                    [Text(t("trade.access"), "heading", icon="warning"), Text(trade.access)],
                    border=WARN,
                )
            )
        widgets.append(Text(t("trade.tasks"), "heading"))
        for task in trade.tasks:
            seen = self.game.progress.get((trade.rome, task.id))
            status = (
                t("trade.done", level=level_words(self.game, seen.last_level))
                if seen
                else t("trade.todo")
            )
            widgets.append(
                Button(
                    f"task-{task.id}",
                    t("trade.start", title=task.title),
                    partial(self.start, task),
                    icon="check" if seen else "arrow",
                    description=status,
                )
            )
        widgets += self._interview()
        widgets.append(Button("back", t("common.back"), self.on_back))
        return widgets

    def _interview(self) -> list[Widget]:
        """The job interview closes the day: advised after the tasks, offered anyway."""
        story = self.trade.story
        if story is None:
            return []
        t = self.game.t
        seen = self.game.progress.get((self.trade.rome, story.interview.id))
        ready = all((self.trade.rome, task.id) in self.game.progress for task in self.trade.tasks)
        if seen:
            note = t("story.interview_done", level=level_words(self.game, seen.last_level))
        else:
            note = t("story.interview_ready" if ready else "story.interview_early")
        return [
            Text(t("story.interview"), "heading"),
            Text(t("story.interview_with", recruiter=story.recruiter), "small", MUTED),
            Button(
                "interview",
                t("story.interview_button"),
                partial(self.start, story.interview),
                icon="check" if seen else ("star" if ready else "clock"),
                description=note,
            ),
        ]

    def after_task(self, run: TaskRun) -> None:
        """A task was recorded: the workplace reacts; the interview ends the day."""
        story = self.trade.story
        if story is None or run.outcome is None:
            return
        if run.task.id == story.interview.id:
            from game.scenes.story import end_of_day_scene

            self.game.stack.push(end_of_day_scene(self.game, run))
            return
        self.reaction = story.after_good if run.outcome.success else story.after_weak
        self.invalidate()

    def _paint_image(self, surface: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
        size = (min(rect.width, rect.height * 16 // 9), rect.height)
        picture = trade_picture(self.trade.rome, self.trade.grand_domaine, size)
        surface.blit(picture, picture.get_rect(midtop=rect.midtop))
        pygame.draw.rect(surface, INK, picture.get_rect(midtop=rect.midtop), 2)

    def start(self, task: Task) -> None:
        from game.scenes.tasks import scene_for

        self.notice = None
        run = self.game.new_run(self.trade, task)
        self.game.stack.push(scene_for(self.game, run))
