"""``route``: choose the order of the visits; shorter is better."""

from __future__ import annotations

import itertools
import math

from game.core.content import RouteData
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


def route_length(data: RouteData, visits: list[str] | tuple[str, ...]) -> float:
    """Length of the trip start -> visits (-> start when ``data.return_to_start``)."""
    stops = [data.start, *visits]
    if data.return_to_start:
        stops.append(data.start)
    total = 0.0
    for a, b in itertools.pairwise(stops):
        pa, pb = data.place(a), data.place(b)
        total += math.hypot(pa.x - pb.x, pa.y - pb.y)
    return total


def shortest_route(data: RouteData) -> tuple[str, ...]:
    """The best visit order (at most 6 places: trying every order is instant)."""
    return min(itertools.permutations(data.visit), key=lambda p: route_length(data, p))


class RouteEngine(Engine):
    """The player picks the places to visit one after the other; may undo the last pick.

    Score = shortest length / player's length (1.0 for a best route). Raw is out of 100.
    """

    kind = "route"

    def __init__(self, data: RouteData) -> None:
        super().__init__()
        self.data = data
        self.route: list[str] = []

    @property
    def remaining(self) -> list[str]:
        """Places still to visit, in the content's order."""
        return [p for p in self.data.visit if p not in self.route]

    def pick(self, place_id: str) -> None:
        """Add ``place_id`` as the next stop."""
        self._check_open()
        if place_id not in self.remaining:
            raise EngineError(f"cannot visit {place_id} now")
        self.route.append(place_id)

    def undo(self) -> None:
        """Remove the last stop, if any."""
        self._check_open()
        if self.route:
            self.route.pop()

    @property
    def can_confirm(self) -> bool:
        return not self.remaining

    def _result(self) -> EngineResult:
        best = shortest_route(self.data)
        best_length = route_length(self.data, best)
        length = route_length(self.data, self.route)
        ratio = 1.0 if length <= best_length + 1e-9 else best_length / length
        names = [self.data.place(p).label for p in self.route]
        response = [" -> ".join([self.data.place(self.data.start).label, *names])]
        if ratio >= 1.0:
            review = [ReviewLine(True, "Votre trajet est le plus court.")]
        else:
            shown = " -> ".join(self.data.place(p).label for p in best)
            review = [
                ReviewLine(False, f"Trajet plus court : {shown}"),
                ReviewLine(
                    None, f"Votre trajet est {round(length / best_length * 100)} % du plus court."
                ),
            ]
        return EngineResult.of(round(ratio * 100, 1), 100, response, review)
