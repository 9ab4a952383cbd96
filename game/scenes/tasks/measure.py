"""Task scene for ``measure``: a document, then one number to type per question."""

from __future__ import annotations

from functools import partial

from game.core.engines import MeasureEngine
from game.scenes.tasks.base import TaskScene
from game.scenes.widgets import Panel, Text, TextInput, Widget


class MeasureScene(TaskScene[MeasureEngine]):
    def first_focus(self) -> str | None:
        return "answer-0"

    def body(self) -> list[Widget]:
        t = self.game.t
        document = self.engine.data.document
        widgets: list[Widget] = [
            Panel([Text(document.title, "heading"), *(Text(line) for line in document.lines)])
        ]
        wrong = False
        for i, question in enumerate(self.engine.questions):
            text = self.engine.answers[i]
            wrong = wrong or (bool(text.strip()) and self.engine.value(i) is None)
            widgets.append(Text(question.prompt))
            widgets.append(
                TextInput(
                    f"answer-{i}",
                    t("measure.answer"),
                    text,
                    partial(self.set_text, i),
                    max_length=12,
                    suffix=question.unit,
                    on_submit=partial(self.next_field, i),
                )
            )
        if wrong:
            widgets.append(Text(t("measure.not_number"), "small", icon="warning"))
        return widgets

    def set_text(self, index: int, text: str) -> None:
        self.engine.set_text(index, text)
        self.changed()

    def next_field(self, index: int) -> None:
        """Enter in a field goes to the next field, or to "Valider" after the last one."""
        following = index + 1
        self.focus(f"answer-{following}" if following < len(self.engine.answers) else "confirm")
