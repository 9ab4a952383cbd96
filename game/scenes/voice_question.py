"""The very first screen: does the player want the texts read aloud?

Shown once, before the start screen, when the voice works on this computer and the question
was never answered. The question is spoken whatever the answer will be (that is the point);
"Oui" has the focus first. The answer is saved with the other settings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from game.scenes.listen import sentences
from game.scenes.theme import MUTED
from game.scenes.ui import UiScene
from game.scenes.widgets import Button, Spacer, Text, Widget

if TYPE_CHECKING:
    from game.app import Game


def should_ask(game: Game) -> bool:
    """True on the first start (never answered) when the voice can speak here."""
    return game.profile.settings.read_aloud is None and game.audio.voice.is_available


class VoiceQuestionScene(UiScene):
    """Two big answers; Escape does not skip it (the question takes one key to answer)."""

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.focus_key = "yes"

    def title(self) -> str:
        return self.game.t("audio.question_title")

    def build(self) -> list[Widget]:
        t = self.game.t
        return [
            Text(t("audio.question"), "title"),
            Text(t("audio.question_help"), color=MUTED),
            Spacer(16),
            Button("yes", t("audio.yes"), lambda: self.answer(True), icon="check", role="heading"),
            Button("no", t("audio.no"), lambda: self.answer(False), icon="cross", role="heading"),
        ]

    always_speak = True  # asked before read-aloud has a setting: the question is spoken

    def intro(self) -> str:
        t = self.game.t
        return sentences([t("audio.question"), t("audio.question_help")])

    def answer(self, read_aloud: bool) -> None:
        self.game.save_settings(replace(self.game.profile.settings, read_aloud=read_aloud))
        if not read_aloud:
            self.game.audio.voice.stop()
        self.game.stack.pop()

    def on_back(self) -> None:
        """Escape: nothing; one of the two answers is needed (Enter says yes)."""
