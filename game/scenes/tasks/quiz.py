"""Task scene for ``quiz``: a question, the options, then the explanation."""

from __future__ import annotations

from functools import partial

from game.core.engines import QuizEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.theme import MUTED
from game.scenes.widgets import Button, Text, Widget


class QuizScene(TaskScene[QuizEngine]):
    has_confirm = False

    def intro(self) -> str:
        return f"{self.run.task.instructions} {self.engine.question.prompt}"

    def first_focus(self) -> str | None:
        return "option-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        engine = self.engine
        question = engine.question
        widgets: list[Widget] = [
            Text(
                t("quiz.count", number=engine.index + 1, total=len(engine.data.questions)),
                "small",
                MUTED,
            ),
            Text(question.prompt, "heading"),
        ]
        if not engine.in_feedback:
            widgets += [
                Button(f"option-{j}", o, partial(self.answer, j))
                for j, o in enumerate(engine.options)
            ]
            return widgets
        chosen = engine.chosen_text
        right = engine.last_right
        widgets += [
            Text(f"« {chosen} »", "small", MUTED),
            Text(
                f"{t('quiz.right') if right else t('quiz.wrong')}. {question.explanation}",
                icon="check" if right else "cross",
            ),
            Button("continue", t("common.continue"), self.confirm, icon="arrow"),
        ]
        return widgets

    def answer(self, option: int) -> None:
        self.engine.answer(option)
        right = self.engine.last_right
        self.game.audio.play("right" if right else "wrong")
        word = self.game.t("quiz.right") if right else self.game.t("quiz.wrong")
        self.changed()
        self.announce(f"{word}. {self.engine.question.explanation}")
        self.focus("continue")

    def after_step(self) -> None:
        self.focus("option-0")
        self.announce(self.engine.question.prompt)
