"""``quiz``: a few questions, each followed by its explanation."""

from __future__ import annotations

from game.core.content import QuizData, QuizQuestion
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


class QuizEngine(Engine):
    """Alternates two phases: answer the question, then read the explanation and continue."""

    kind = "quiz"

    def __init__(self, data: QuizData) -> None:
        super().__init__()
        self.data = data
        self.index = 0
        self.answers: list[int] = []

    @property
    def question(self) -> QuizQuestion:
        """The question shown now."""
        return self.data.questions[self.index]

    @property
    def in_feedback(self) -> bool:
        """True while the explanation of the last answer is shown."""
        return len(self.answers) > self.index

    @property
    def last_right(self) -> bool:
        """True when the answer just given is right (valid in feedback)."""
        return self.in_feedback and self.answers[self.index] == self.question.answer

    def answer(self, option: int) -> None:
        """Answer the current question with option ``option``."""
        self._check_open()
        if self.in_feedback:
            raise EngineError("read the explanation first")
        if not 0 <= option < len(self.question.options):
            raise EngineError(f"no option {option}")
        self.answers.append(option)

    @property
    def can_confirm(self) -> bool:
        return self.in_feedback

    def _on_confirm(self) -> None:
        """Leave the explanation: next question, or finish."""
        if self.index + 1 < len(self.data.questions):
            self.index += 1
        else:
            self._finished = True

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        for question, chosen in zip(self.data.questions, self.answers, strict=True):
            ok = chosen == question.answer
            right += ok
            response.append(f"{question.prompt} {question.options[chosen]}")
            review.append(ReviewLine(ok, question.explanation))
        return EngineResult.of(right, len(self.data.questions), response, review)
