"""What every mini-game engine shares: the result it produces and the finish protocol.

An engine is a small state machine built from a task's data. The player acts through plain
method calls (``place(i)``, ``move(i, delta)``, ``set_text(i, text)``, ``confirm()`` ...); the
scene reads the engine's state to draw it. Engines never look at the clock or the screen, so a
test can play them move by move.

Every engine shows its options in an order drawn from the ``random.Random`` it is built with
(the task run seeds it, and the seed travels in the statement): the same seed shows the same
order, so a play can be replayed exactly. Indexes given to the engine's methods are positions
on the screen, never positions in the content file.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

D = TypeVar("D")
V = TypeVar("V")

RESPONSE_MAX = 2000
STEP_TEXT_MAX = 120


class EngineError(RuntimeError):
    """An action that the engine's current state does not allow (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One line of the debrief: ``ok`` is True (right), False (to review) or None (neutral)."""

    ok: bool | None
    text: str


@dataclass(frozen=True, slots=True)
class PathStep:
    """One answer of the play, in the order given: a short text and whether it was right."""

    text: str
    ok: bool | None


@dataclass(frozen=True, slots=True)
class EngineResult:
    """The outcome of a finished task.

    ``raw / maximum`` is the share the player got right; ``chance`` is the share a player
    answering at random gets on average; ``score`` (0..1) is the share corrected for chance,
    ``(raw / maximum - chance) / (1 - chance)`` clipped at 0, so guessing scores about 0.
    ``response`` is a short summary (at most 2000 characters); ``review`` is shown in the
    debrief; ``path`` lists the answers in the order given and ``changes`` counts the answers
    the player changed before validating. ``explained`` is None when the task has no step
    where the player gives a reason, else True when every reason given was the right one.
    """

    score: float
    raw: float
    maximum: float
    response: str
    review: tuple[ReviewLine, ...]
    chance: float = 0.0
    path: tuple[PathStep, ...] = ()
    changes: int = 0
    explained: bool | None = None

    @classmethod
    def of(
        cls,
        raw: float,
        maximum: float,
        response: list[str],
        review: list[ReviewLine],
        *,
        chance: float = 0.0,
        path: Sequence[PathStep] = (),
        changes: int = 0,
        explained: bool | None = None,
    ) -> EngineResult:
        """Build a result; clamps the raw score, corrects it for chance, trims the texts."""
        raw = max(0.0, min(float(raw), float(maximum)))
        chance = max(0.0, min(float(chance), 0.99))
        share = raw / maximum if maximum > 0 else 0.0
        score = round(max(0.0, (share - chance) / (1 - chance)), 4)
        text = " ; ".join(response)
        if len(text) > RESPONSE_MAX:
            text = text[: RESPONSE_MAX - 1] + "…"
        steps = tuple(PathStep(_short(step.text), step.ok) for step in path)
        return cls(
            score, raw, float(maximum), text, tuple(review), chance, steps, changes, explained
        )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STEP_TEXT_MAX else text[: STEP_TEXT_MAX - 1] + "…"


def per_content(compute: Callable[[D], V]) -> Callable[[D], V]:
    """Compute once per content object (kept by identity: hashing nested data is slow)."""
    cache: dict[int, tuple[D, V]] = {}

    def cached(data: D) -> V:
        hit = cache.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
        value = compute(data)
        cache[id(data)] = (data, value)
        return value

    return cached


def shuffled(count: int, rng: random.Random) -> tuple[int, ...]:
    """Positions ``0..count-1`` in an order drawn from ``rng`` (content index per screen place)."""
    order = list(range(count))
    rng.shuffle(order)
    return tuple(order)


class Engine(ABC):
    """Base of the eight engines. ``finished`` becomes True once; then ``result()`` is valid."""

    kind: ClassVar[str]

    def __init__(self) -> None:
        self._finished = False
        self.changes = 0

    @property
    def finished(self) -> bool:
        """True when the task is over and :meth:`result` may be called."""
        return self._finished

    @property
    @abstractmethod
    def can_confirm(self) -> bool:
        """True when the player may press "Valider" now."""

    @property
    def refusal(self) -> str:
        """Why "Valider" is refused now: a key of ``game.core.i18n`` the scene shows."""
        return "task.need_all"

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
