"""``hazard``: mark the spots that are a danger or a mistake."""

from __future__ import annotations

import itertools
import random

from game.core.content import HazardData, HazardSpot
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    per_content,
    shuffled,
)


class HazardEngine(Engine):
    """The player toggles marks, then confirms.

    The spots are shown in an order drawn from ``rng``. Raw score = (right marks - wrong
    marks) / number of hazards, never below 0, so marking everything does not pay; the score
    is corrected for chance (the mean raw share over every way of marking at random).
    """

    kind = "hazard"

    def __init__(self, data: HazardData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.order = shuffled(len(data.spots), rng)
        self.marked: list[bool] = [False] * len(data.spots)  # by screen position
        self.toggled: list[int] = []  # screen positions, in the order of the clicks

    @property
    def spots(self) -> tuple[HazardSpot, ...]:
        """The spots in the order shown."""
        return tuple(self.data.spots[i] for i in self.order)

    def toggle(self, index: int) -> None:
        """Mark or unmark the spot shown at position ``index``."""
        self._check_open()
        if not 0 <= index < len(self.marked):
            raise EngineError(f"no spot {index}")
        if self.marked[index]:
            self.changes += 1
            self.toggled.remove(index)
        else:
            self.toggled.append(index)
        self.marked[index] = not self.marked[index]

    @property
    def can_confirm(self) -> bool:
        return True

    def _result(self) -> EngineResult:
        spots = self.spots
        hazards = sum(spot.hazard for spot in spots)
        right = sum(m and s.hazard for m, s in zip(self.marked, spots, strict=True))
        wrong = sum(m and not s.hazard for m, s in zip(self.marked, spots, strict=True))
        response = [
            f"{spot.label} : {'marqué' if mark else 'non marqué'}"
            for mark, spot in zip(self.marked, spots, strict=True)
        ]
        review = [
            ReviewLine(mark == spot.hazard, f"{spot.label} : {spot.explanation}")
            for mark, spot in zip(self.marked, spots, strict=True)
        ]
        path = [PathStep(spots[i].label, spots[i].hazard) for i in self.toggled]
        return EngineResult.of(
            max(0, right - wrong),
            hazards,
            response,
            review,
            chance=hazard_chance(self.data),
            path=path,
            changes=self.changes,
        )


@per_content
def hazard_chance(data: HazardData) -> float:
    """Mean raw share of a player marking each spot or not at random (every subset)."""
    flags = [spot.hazard for spot in data.spots]
    hazards = sum(flags)
    total = 0.0
    for marks in itertools.product((False, True), repeat=len(flags)):
        right = sum(m and f for m, f in zip(marks, flags, strict=True))
        wrong = sum(m and not f for m, f in zip(marks, flags, strict=True))
        total += max(0, right - wrong) / hazards
    return total / float(2 ** len(flags))
