"""``hazard``: mark the spots that are a danger or a mistake."""

from __future__ import annotations

from game.core.content import HazardData
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


class HazardEngine(Engine):
    """The player toggles marks, then confirms.

    Score = (right marks - wrong marks) / number of hazards, never below 0, so marking
    everything does not pay.
    """

    kind = "hazard"

    def __init__(self, data: HazardData) -> None:
        super().__init__()
        self.data = data
        self.marked: list[bool] = [False] * len(data.spots)

    def toggle(self, index: int) -> None:
        """Mark or unmark spot ``index``."""
        self._check_open()
        if not 0 <= index < len(self.marked):
            raise EngineError(f"no spot {index}")
        self.marked[index] = not self.marked[index]

    @property
    def can_confirm(self) -> bool:
        return True

    def _result(self) -> EngineResult:
        hazards = sum(spot.hazard for spot in self.data.spots)
        right = sum(m and s.hazard for m, s in zip(self.marked, self.data.spots, strict=True))
        wrong = sum(m and not s.hazard for m, s in zip(self.marked, self.data.spots, strict=True))
        response = [
            f"{spot.label} : {'marqué' if mark else 'non marqué'}"
            for mark, spot in zip(self.marked, self.data.spots, strict=True)
        ]
        review = [
            ReviewLine(mark == spot.hazard, f"{spot.label} : {spot.explanation}")
            for mark, spot in zip(self.marked, self.data.spots, strict=True)
        ]
        return EngineResult.of(max(0, right - wrong), hazards, response, review)
