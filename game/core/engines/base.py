"""What every mini-game engine shares: the result it produces and the finish protocol.

An engine is a small state machine built from a task's data. The player acts through plain
method calls (``place(i)``, ``move(i, delta)``, ``set_text(i, text)``, ``confirm()`` ...); the
scene reads the engine's state to draw it. Engines never look at the clock or the screen, so a
test can play them move by move.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

RESPONSE_MAX = 2000


class EngineError(RuntimeError):
    """An action that the engine's current state does not allow (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One line of the debrief: ``ok`` is True (right), False (to review) or None (neutral)."""

    ok: bool | None
    text: str


@dataclass(frozen=True, slots=True)
class EngineResult:
    """The outcome of a finished task.

    ``score`` is in 0..1 and equals ``raw / maximum``; ``response`` is a short summary of what
    the player answered (at most 2000 characters); ``review`` is shown in the debrief.
    """

    score: float
    raw: float
    maximum: float
    response: str
    review: tuple[ReviewLine, ...]

    @classmethod
    def of(
        cls, raw: float, maximum: float, response: list[str], review: list[ReviewLine]
    ) -> EngineResult:
        """Build a result; clamps the score to 0..1 and trims the response."""
        raw = max(0.0, min(float(raw), float(maximum)))
        score = round(raw / maximum, 4) if maximum > 0 else 0.0
        text = " ; ".join(response)
        if len(text) > RESPONSE_MAX:
            text = text[: RESPONSE_MAX - 1] + "…"
        return cls(score, raw, float(maximum), text, tuple(review))


class Engine(ABC):
    """Base of the eight engines. ``finished`` becomes True once; then ``result()`` is valid."""

    kind: ClassVar[str]

    def __init__(self) -> None:
        self._finished = False

    @property
    def finished(self) -> bool:
        """True when the task is over and :meth:`result` may be called."""
        return self._finished

    @property
    @abstractmethod
    def can_confirm(self) -> bool:
        """True when the player may press "Valider" now."""

    def confirm(self) -> bool:
        """The player presses "Valider". Returns True when the engine moved on."""
        if self._finished or not self.can_confirm:
            return False
        self._on_confirm()
        return True

    def _on_confirm(self) -> None:
        self._finished = True

    def result(self) -> EngineResult:
        """The score and the response summary. Raises EngineError before the end."""
        if not self._finished:
            raise EngineError("the task is not finished")
        return self._result()

    @abstractmethod
    def _result(self) -> EngineResult: ...

    def _check_open(self) -> None:
        if self._finished:
            raise EngineError("the task is already finished")
