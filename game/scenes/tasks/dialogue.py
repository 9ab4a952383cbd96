"""Task scene for ``dialogue``: someone speaks, the player answers, then reads the feedback."""

from __future__ import annotations

from functools import partial

from game.core.engines import DialogueEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import MUTED
from game.scenes.widgets import Button, Panel, Text, Widget


class DialogueScene(TaskScene[DialogueEngine]):
    has_confirm = False

    def intro(self) -> str:
        node = self.engine.node
        return f"{self.run.task.instructions} {node.speaker} : {node.text}"

    def first_focus(self) -> str | None:
        return "choice-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        node = self.engine.node
        widgets: list[Widget] = [
            Panel([Text(f"{node.speaker} :", "small", MUTED), Text(f"« {node.text} »")])
        ]
        chosen = self.engine.chosen
        if chosen is None:
            widgets += [
                Button(f"choice-{j}", c.text, partial(self.choose, j))
                for j, c in enumerate(self.engine.choices)
            ]
            return widgets
        best = max(c.score for c in node.choices)
        if chosen.score == best:
            icon, word = "check", t("dialogue.feedback_best")
        elif chosen.score == 0:
            icon, word = "cross", t("dialogue.feedback_low")
        else:
            icon, word = "dot", t("dialogue.feedback_mid")
        widgets += [
            Text(f"« {chosen.text} »", "small", MUTED),
            Text(f"{word}. {chosen.feedback}", icon=icon),
            Button("continue", t("common.continue"), self.confirm, icon="arrow"),
        ]
        return widgets

    def choose(self, index: int) -> None:
        self.engine.choose(index)
        chosen, node = self.engine.chosen, self.engine.node
        assert chosen is not None
        best = max(c.score for c in node.choices)
        if chosen.score == best:
            self.game.audio.play("right")
        elif chosen.score == 0:
            self.game.audio.play("wrong")
        self.changed()
        self.announce(chosen.feedback)
        self.focus("continue")

    def after_step(self) -> None:
        self.focus("choice-0")
        self.announce(f"{self.engine.node.speaker} : {self.engine.node.text}")
