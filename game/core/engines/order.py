"""``order``: put the steps of a procedure in the right order."""

from __future__ import annotations

import itertools
import random

from game.core.content import OrderData
from game.core.engines.base import Engine, EngineError, EngineResult, PathStep, ReviewLine


def ordered_pairs(sequence: list[int]) -> int:
    """How many pairs of steps are in the right relative order (Kendall's concordant pairs)."""
    return sum(a < b for a, b in itertools.combinations(sequence, 2))


class OrderEngine(Engine):
    """The steps start shuffled (never already in order); the player moves them up and down.

    Raw score = pairs of steps in the right relative order / all pairs (Kendall), so one step
    out of place costs little and a reversed list costs everything; a random order gets half
    the pairs, so the score is corrected for chance 0.5. Validating without moving anything is
    refused (the player is asked to move a step): the start order is the game's, not the
    player's.
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
        self.start = tuple(order)
        self.moves = 0

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
        if target != position:
            self.moves += 1
        return target

    @property
    def can_confirm(self) -> bool:
        """Refused while the steps are still in the order the game dealt them."""
        return tuple(self.order) != self.start

    @property
    def refusal(self) -> str:
        return "order.move_first"

    def _result(self) -> EngineResult:
        count = len(self.order)
        pairs = count * (count - 1) // 2
        right = ordered_pairs(self.order)
        response = [f"{n + 1}. {self.data.steps[i]}" for n, i in enumerate(self.order)]
        if right == pairs:
            review = [ReviewLine(True, "Toutes les étapes sont dans le bon ordre.")]
        else:
            review = [ReviewLine(None, "Le bon ordre :")]
            review += [ReviewLine(None, f"{n + 1}. {s}") for n, s in enumerate(self.data.steps)]
        path = [
            PathStep(f"{position + 1}. {self.data.steps[step]}", position == step)
            for position, step in enumerate(self.order)
        ]
        return EngineResult.of(right, pairs, response, review, chance=0.5, path=path)
