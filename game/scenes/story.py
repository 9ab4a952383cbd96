"""The story around the tasks: the mentor's welcome, a trade's first day, the end of the day.

Lines are drawn as speech bubbles with a small portrait painted in code (never a copied
picture). Who speaks is written in words above each line, so the portrait's colour is never
the only sign of the speaker.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pygame

from game.core.content import StoryLine, Trade
from game.core.session import TaskRun
from game.scenes.theme import INK, MUTED, OK, PANEL, PURPLE, SKY, WARN, Color, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Text, Widget

if TYPE_CHECKING:
    from game.app import Game

PORTRAIT = 72
SKIN: tuple[Color, ...] = ((241, 194, 125), (198, 134, 66), (141, 85, 36), (224, 172, 105))
HAIR: tuple[Color, ...] = ((40, 30, 25), (110, 70, 40), (200, 160, 90), (60, 60, 70))
SHIRTS: tuple[Color, ...] = (SKY, WARN, PURPLE, (150, 190, 230))
MENTOR_LOOK = ((198, 134, 66), (40, 30, 25), OK)


def speaker_name(game: Game, line: StoryLine) -> str:
    """The name shown above a line: the mentor's name from the UI strings, else as written."""
    return game.t("story.mentor") if line.by_mentor else line.speaker


def paint_portrait(
    surface: pygame.Surface, rect: pygame.Rect, look: tuple[Color, Color, Color], mentor: bool
) -> None:
    """A friendly bust: shoulders, face, hair, eyes and a smile (the mentor wears earrings)."""
    skin, hair, shirt = look
    cx, size = rect.centerx, rect.width
    pygame.draw.ellipse(surface, shirt, pygame.Rect(rect.x, rect.y + size * 0.62, size, size * 0.7))
    head = pygame.Rect(0, 0, round(size * 0.56), round(size * 0.62))
    head.midtop = (cx, rect.y + round(size * 0.1))
    pygame.draw.ellipse(surface, hair, head.inflate(size // 8, size // 10).move(0, -size // 16))
    pygame.draw.ellipse(surface, skin, head)
    eye_y = head.y + head.height * 0.45
    for side in (-1, 1):
        pygame.draw.circle(surface, INK, (cx + side * head.width * 0.2, eye_y), max(2, size // 24))
    smile = pygame.Rect(0, 0, head.width * 0.45, head.height * 0.3)
    smile.center = (cx, round(head.y + head.height * 0.66))
    pygame.draw.arc(surface, INK, smile, 3.5, 5.9, max(2, size // 30))
    if mentor:
        for side in (-1, 1):
            pygame.draw.circle(
                surface, WARN, (cx + side * head.width * 0.52, eye_y + size * 0.1), size // 14
            )


class Speech(Widget):
    """A speech bubble: a portrait on the left, the speaker's name, then what they say."""

    def __init__(self, name: str, text: str, *, mentor: bool) -> None:
        super().__init__()
        self.mentor = mentor
        self.name = Text(f"{name} :", "small", MUTED)
        self.line = Text(text)
        seed = zlib.crc32(name.encode())
        self.look = (
            MENTOR_LOOK
            if mentor
            else (SKIN[seed % 4], HAIR[(seed // 4) % 4], SHIRTS[(seed // 16) % 4])
        )

    def children(self) -> Sequence[Widget]:
        return (self.name, self.line)

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        pad = theme.unit(14)
        face = theme.unit(PORTRAIT)
        left = x + face + 2 * pad
        inner = width - face - 3 * pad
        cursor = y + pad
        cursor += self.name.layout(theme, left, cursor, inner) + theme.unit(4)
        cursor += self.line.layout(theme, left, cursor, inner)
        self.rect = pygame.Rect(x, y, width, max(cursor + pad, y + face + 2 * pad) - y)
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        pad = theme.unit(14)
        face = pygame.Rect(self.rect.x + pad, self.rect.y + pad, theme.unit(PORTRAIT), 0)
        face.height = face.width
        bubble = self.rect.copy()
        bubble.x += face.width + pad
        bubble.width -= face.width + pad
        border = OK if self.mentor else SKY
        pygame.draw.rect(surface, PANEL, bubble, border_radius=theme.unit(14))
        pygame.draw.rect(surface, border, bubble, 3, border_radius=theme.unit(14))
        tip = (bubble.x, face.centery)
        pygame.draw.polygon(
            surface,
            border,
            [(tip[0] - pad, tip[1]), (tip[0] + 2, tip[1] - pad), (tip[0] + 2, tip[1] + pad)],
        )
        pygame.draw.circle(surface, PANEL, face.center, face.width // 2 + theme.unit(3))
        paint_portrait(surface, face, self.look, self.mentor)


def speech(game: Game, line: StoryLine) -> Speech:
    return Speech(speaker_name(game, line), line.text, mentor=line.by_mentor)


class StoryScene(UiScene):
    """A few lines of story, then one or two buttons. Escape does what the first button does."""

    def __init__(
        self,
        game: Game,
        title: str,
        lines: Sequence[StoryLine],
        actions: Sequence[tuple[str, str, Callable[[], Any]]],
        *,
        extra: Sequence[Widget] = (),
    ) -> None:
        super().__init__(game)
        self._title = title
        self.lines = tuple(lines)
        self.actions = tuple(actions)
        self.extra = tuple(extra)

    def title(self) -> str:
        return self._title

    def enter(self) -> None:
        if self.focus_key is None and self.actions:
            self.focus_key = self.actions[0][0]
        super().enter()

    def build(self) -> list[Widget]:
        widgets: list[Widget] = [speech(self.game, line) for line in self.lines]
        widgets += self.extra
        widgets += [Button(key, label, action, icon="arrow") for key, label, action in self.actions]
        return widgets

    def on_back(self) -> None:
        self.actions[0][2]()


def welcome_scene(game: Game) -> StoryScene:
    """The mentor welcomes the player in the city (once per session)."""
    t = game.t
    lines = [StoryLine("mentor", t(f"story.welcome_{i}")) for i in (1, 2, 3)]
    return StoryScene(
        game, t("story.welcome_title"), lines, [("go", t("story.lets_go"), game.stack.pop)]
    )


def arrival_scene(game: Game, trade: Trade) -> StoryScene:
    """The first lines of a trade's day, before its tasks."""
    assert trade.story is not None
    t = game.t
    return StoryScene(
        game,
        t("story.arrival_title", label=trade.intro.title),
        trade.story.arrival,
        [("go", t("story.start_day"), game.stack.pop)],
    )


def end_of_day_scene(game: Game, run: TaskRun) -> StoryScene:
    """After the interview: the workplace's last word, the mentor's, what was done today."""
    from game.scenes.hub import HubScene

    trade = run.trade
    assert trade.story is not None
    t = game.t
    good = run.outcome is not None and run.outcome.success
    mentor = StoryLine("mentor", t("story.end_good" if good else "story.end_weak"))
    done = sum((trade.rome, task.id) in game.progress for task in trade.tasks)
    summary = Text(
        t("story.end_tasks", done=done, total=len(trade.tasks)), icon="star" if good else "dot"
    )
    return StoryScene(
        game,
        t("story.end_title"),
        [trade.story.end_of_day, mentor],
        [
            ("to-city", t("story.to_city"), lambda: game.stack.pop_to(HubScene)),
            ("stay", t("story.stay"), game.stack.pop),
        ],
        extra=[summary],
    )
