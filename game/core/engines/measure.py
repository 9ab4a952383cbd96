"""``measure``: read quantities in a document and type numbers."""

from __future__ import annotations

import math
import random
import re

from game.core.content import MeasureData, MeasureQuestion
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    shuffled,
)

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
    """One text answer per question; the player may confirm once every answer is a number.

    The questions are shown in an order drawn from ``rng`` (each one reads the document on its
    own). Score = share of right numbers; typing at random is worth nothing (chance 0).
    """

    kind = "measure"

    def __init__(self, data: MeasureData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.order = shuffled(len(data.questions), rng)
        self.answers: list[str] = [""] * len(data.questions)  # by screen position

    @property
    def questions(self) -> tuple[MeasureQuestion, ...]:
        """The questions in the order shown."""
        return tuple(self.data.questions[i] for i in self.order)

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
        question = self.questions[index]
        return value is not None and abs(value - question.answer) <= question.tolerance + 1e-9

    def _result(self) -> EngineResult:
        response, review, path = [], [], []
        right = 0
        for i, question in enumerate(self.questions):
            ok = self.is_right(i)
            right += ok
            typed = f"{self.answers[i].strip()} {question.unit}"
            response.append(f"{question.prompt} {typed}")
            expected = f"{format_number(question.answer)} {question.unit}"
            review.append(ReviewLine(ok, f"{question.prompt} Réponse : {expected}"))
            path.append(PathStep(typed, ok))
        return EngineResult.of(right, len(self.questions), response, review, path=path)
