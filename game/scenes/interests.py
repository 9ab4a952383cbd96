"""Interests through picture cards: "j'aime", "je n'aime pas", "je ne sais pas".

About twenty cards, one at a time: a picture drawn in code and one plain line. Keys 1, 2, 3
answer at once; arrows and Enter, or the mouse, work too; Backspace (or "Carte d'avant") goes
back one card. After the last card the scene shows the one or two letters of the profile
(computed in :mod:`game.core.riasec`) and saves them when the player agrees. Asked once at
first start, changeable later.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from game.core.interest_cards import ANSWERS, CARDS, Answer, Card
from game.core.riasec import profile_from_answers
from game.scenes.card_art import card_picture
from game.scenes.theme import INK, LINE, MUTED, PANEL, Theme
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Row, Text, Widget

if TYPE_CHECKING:
    from game.app import Game

ANSWER_KEYS: dict[int, Answer] = {
    pygame.K_1: "like",
    pygame.K_KP1: "like",
    pygame.K_2: "dislike",
    pygame.K_KP2: "dislike",
    pygame.K_3: "unsure",
    pygame.K_KP3: "unsure",
}
ANSWER_ICONS = {"like": "check", "dislike": "cross", "unsure": "dot"}
SLIDE_TIME = 0.2  # seconds a new card takes to slide in (never blocks an answer)
PICTURE = 250  # picture side at 100 % text; it shrinks as the text grows


class CardView(Widget):
    """The current card: its picture, its line, and where we are ("7 / 20")."""

    def __init__(self, scene: InterestsScene, card: Card, line: str, count: str) -> None:
        super().__init__()
        self.scene = scene
        self.card = card
        self.label = line
        self.description = count

    def picture_size(self, theme: Theme) -> int:
        return round(PICTURE * (1 - (theme.scale - 100) / 400))

    def layout(self, theme: Theme, x: int, y: int, width: int) -> int:
        self.rect = pygame.Rect(x, y, width, 0)
        text = theme.text_height(self.label, "heading", width - self.picture_size(theme))
        self.rect.height = max(self.picture_size(theme), text + theme.line_height("small"))
        return self.rect.height

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        size = self.picture_size(theme)
        shift = round(self.scene.slide / SLIDE_TIME * theme.unit(60))
        pad = theme.unit(8)
        back = self.rect.move(shift, 0).inflate(2 * pad, 2 * pad)
        pygame.draw.rect(surface, PANEL, back, border_radius=theme.unit(14))
        pygame.draw.rect(surface, LINE, back, 2, border_radius=theme.unit(14))
        picture = card_picture(self.card.id, self.card.letter, size)
        surface.blit(picture, (self.rect.x + shift, self.rect.y))
        gap = theme.unit(24)
        area = pygame.Rect(
            self.rect.x + size + gap + shift, self.rect.y, self.rect.width - size - gap, 0
        )
        count = theme.render(self.description, "small", MUTED)
        surface.blit(count, area.topleft)
        area.y += theme.line_height("small")
        theme.blit_wrapped(surface, self.label, "heading", INK, area)


class InterestsScene(UiScene):
    """One card at a time, then the profile to keep or redo."""

    def __init__(self, game: Game, *, then_hub: bool = False) -> None:
        super().__init__(game)
        self.then_hub = then_hub
        self.index = 0
        self.answers: dict[str, Answer] = {}
        self.slide = 0.0

    def title(self) -> str:
        return self.game.t("cards.title")

    @property
    def done(self) -> bool:
        return self.index >= len(CARDS)

    @property
    def profile(self) -> tuple[str, ...]:
        return profile_from_answers(self.answers)

    def build(self) -> list[Widget]:
        t = self.game.t
        if self.done:
            return self._build_result()
        card = CARDS[self.index]
        widgets: list[Widget] = [
            Text(t("cards.help"), "small", MUTED),
            CardView(
                self,
                card,
                t(f"card.{card.id}"),
                t("cards.count", number=self.index + 1, total=len(CARDS)),
            ),
            Row(
                [
                    Button(
                        answer,
                        f"{number}. {t(f'cards.{answer}')}",
                        partial(self.answer, answer),
                        icon=ANSWER_ICONS[answer],
                    )
                    for number, answer in enumerate(ANSWERS, start=1)
                ]
            ),
            Button("previous", t("cards.previous"), self.previous, enabled=self.index > 0),
            Text(t("cards.keys"), "small", MUTED),
        ]
        return widgets

    def _build_result(self) -> list[Widget]:
        t = self.game.t
        liked = sum(answer == "like" for answer in self.answers.values())
        widgets: list[Widget] = [Text(t("cards.result"), "heading")]
        widgets += [Text(t(f"riasec.{letter}"), icon="star") for letter in self.profile]
        widgets += [
            Text(t("cards.liked", count=liked, total=len(CARDS)), "small", MUTED),
            Button("confirm", t("cards.save"), self.confirm, icon="arrow"),
            Button("again", t("cards.again"), self.again),
            Button("previous", t("cards.previous"), self.previous),
        ]
        return widgets

    # -- input -----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and not self.done and event.key in ANSWER_KEYS:
            self.answer(ANSWER_KEYS[event.key])
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.previous()
            return
        super().handle_event(event)

    def update(self, dt: float) -> None:
        self.slide = max(0.0, self.slide - dt)
        super().update(dt)

    def _moved(self) -> None:
        self.slide = 0.0 if self.game.profile.settings.reduce_motion else SLIDE_TIME
        self.focus("confirm" if self.done else "like")

    def answer(self, answer: Answer) -> None:
        if self.done:
            return
        self.answers[CARDS[self.index].id] = answer
        self.index += 1
        self._moved()

    def previous(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._moved()

    def again(self) -> None:
        self.index = 0
        self.answers.clear()
        self._moved()

    def confirm(self) -> None:
        if not self.done:
            return
        self.game.save_interests(self.profile)
        if self.then_hub:
            from game.scenes.hub import HubScene

            self.game.stack.replace(HubScene(self.game))
        else:
            self.game.stack.pop()
