"""``measure``: read quantities in a document and type numbers."""

from __future__ import annotations

import math
import re

from game.core.content import MeasureData
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine

_NUMBER = re.compile(r"[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)")
MAX_TYPED = 12


def parse_number(text: str) -> float | None:
    """Read a number typed the French way: ``2,5``, ``2.5``, ``1 200``; None when not a number."""
    compact = "".join(text.split()).replace("\u202f", "")
    if not compact or not _NUMBER.fullmatch(compact):
        return None
    value = float(compact.replace(",", "."))
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """Write a number the French way (``2,5``, ``12``)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class MeasureEngine(Engine):
    """One text answer per question; the player may confirm once every answer is a number."""

    kind = "measure"

    def __init__(self, data: MeasureData) -> None:
        super().__init__()
        self.data = data
        self.answers: list[str] = [""] * len(data.questions)

    def set_text(self, index: int, text: str) -> None:
        """Replace the answer typed for question ``index`` (kept to digits, signs, separators)."""
        self._check_open()
        if not 0 <= index < len(self.answers):
            raise EngineError(f"no question {index}")
        kept = "".join(ch for ch in text if ch in "0123456789 ,.-+")
        self.answers[index] = kept[:MAX_TYPED]

    def value(self, index: int) -> float | None:
        """The number typed for question ``index``, or None."""
        return parse_number(self.answers[index])

    @property
    def can_confirm(self) -> bool:
        return all(self.value(i) is not None for i in range(len(self.answers)))

    def is_right(self, index: int) -> bool:
        value = self.value(index)
        question = self.data.questions[index]
        return value is not None and abs(value - question.answer) <= question.tolerance + 1e-9

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        for i, question in enumerate(self.data.questions):
            ok = self.is_right(i)
            right += ok
            response.append(f"{question.prompt} {self.answers[i].strip()} {question.unit}")
            expected = f"{format_number(question.answer)} {question.unit}"
            review.append(ReviewLine(ok, f"{question.prompt} Réponse : {expected}"))
        return EngineResult.of(right, len(self.data.questions), response, review)
