"""``order``: put the steps of a procedure in the right order."""

from __future__ import annotations

import bisect
import random

from game.core.content import OrderData
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


def longest_ordered_run(sequence: list[int]) -> int:
    """Length of the longest increasing subsequence (steps already in the right order)."""
    tails: list[int] = []
    for value in sequence:
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails)


class OrderEngine(Engine):
    """The steps start shuffled (never already in order); the player moves them up and down.

    Score = longest run of steps already in the right relative order / number of steps, so
    one step out of place costs one step, not the whole task.
    """

    kind = "order"

    def __init__(self, data: OrderData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        count = len(data.steps)
        order = list(range(count))
        if count > 1:
            while order == sorted(order):
                rng.shuffle(order)
        self.order = order

    @property
    def labels(self) -> list[str]:
        """The steps as currently shown, top to bottom."""
        return [self.data.steps[i] for i in self.order]

    def move(self, position: int, delta: int) -> int:
        """Move the step at ``position`` by ``delta`` places; return its new position."""
        self._check_open()
        if not 0 <= position < len(self.order):
            raise EngineError(f"no step {position}")
        target = max(0, min(len(self.order) - 1, position + delta))
        step = self.order.pop(position)
        self.order.insert(target, step)
        return target

    @property
    def can_confirm(self) -> bool:
        return True

    def _result(self) -> EngineResult:
        right = longest_ordered_run(self.order)
        response = [f"{n + 1}. {self.data.steps[i]}" for n, i in enumerate(self.order)]
        if right == len(self.order):
            review = [ReviewLine(True, "Toutes les étapes sont dans le bon ordre.")]
        else:
            review = [ReviewLine(None, "Le bon ordre :")]
            review += [ReviewLine(None, f"{n + 1}. {s}") for n, s in enumerate(self.data.steps)]
        return EngineResult.of(right, len(self.order), response, review)
