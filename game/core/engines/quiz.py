"""``quiz``: a few questions, each followed by its explanation."""

from __future__ import annotations

import random

from game.core.content import QuizData, QuizQuestion
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    shuffled,
)


class QuizEngine(Engine):
    """Alternates two phases: answer the question, then read the explanation and continue.

    The options of each question are shown in an order drawn from ``rng``. Score = share of
    right answers corrected for chance (chance = mean of 1 / number of options).
    """

    kind = "quiz"

    def __init__(self, data: QuizData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.index = 0
        self.answers: list[int] = []  # content index of each answer, in order
        self.orders = tuple(shuffled(len(q.options), rng) for q in data.questions)

    @property
    def question(self) -> QuizQuestion:
        """The question shown now."""
        return self.data.questions[self.index]

    @property
    def options(self) -> tuple[str, ...]:
        """The options of the current question, in the order shown."""
        return tuple(self.question.options[i] for i in self.orders[self.index])

    @property
    def right_option(self) -> int:
        """Screen position of the right option of the current question."""
        return self.orders[self.index].index(self.question.answer)

    @property
    def in_feedback(self) -> bool:
        """True while the explanation of the last answer is shown."""
        return len(self.answers) > self.index

    @property
    def chosen_text(self) -> str:
        """The option just given (valid in feedback)."""
        return self.question.options[self.answers[self.index]]

    @property
    def last_right(self) -> bool:
        """True when the answer just given is right (valid in feedback)."""
        return self.in_feedback and self.answers[self.index] == self.question.answer

    def answer(self, option: int) -> None:
        """Answer the current question with the option shown at position ``option``."""
        self._check_open()
        if self.in_feedback:
            raise EngineError("read the explanation first")
        if not 0 <= option < len(self.question.options):
            raise EngineError(f"no option {option}")
        self.answers.append(self.orders[self.index][option])

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
        response, review, path = [], [], []
        right = 0
        for question, chosen in zip(self.data.questions, self.answers, strict=True):
            ok = chosen == question.answer
            right += ok
            response.append(f"{question.prompt} {question.options[chosen]}")
            review.append(ReviewLine(ok, question.explanation))
            path.append(PathStep(question.options[chosen], ok))
        questions = self.data.questions
        chance = sum(1 / len(q.options) for q in questions) / len(questions)
        whys = [
            chosen == q.answer for q, chosen in zip(questions, self.answers, strict=True) if q.why
        ]
        return EngineResult.of(
            right,
            len(questions),
            response,
            review,
            chance=chance,
            path=path,
            explained=all(whys) if whys else None,
        )
