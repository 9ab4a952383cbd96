"""``route``: choose the order of the visits; shorter is better."""

from __future__ import annotations

import itertools
import math
import random

from game.core.content import RouteData
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    per_content,
    shuffled,
)


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


@per_content
def shortest_route(data: RouteData) -> tuple[str, ...]:
    """The best visit order (at most 6 places: trying every order is instant)."""
    return min(itertools.permutations(data.visit), key=lambda p: route_length(data, p))


def route_ratio(data: RouteData, visits: list[str] | tuple[str, ...]) -> float:
    """Shortest length / length of ``visits`` (1.0 for a best route)."""
    best = route_length(data, shortest_route(data))
    length = route_length(data, visits)
    return 1.0 if length <= best + 1e-9 else best / length


def best_by_chance(data: RouteData) -> float:
    """Share of visit orders that give a shortest trip (a random player's luck)."""
    orders = list(itertools.permutations(data.visit))
    return sum(route_ratio(data, p) >= 1.0 for p in orders) / len(orders)


@per_content
def route_chance(data: RouteData) -> float:
    """Mean ratio of a player visiting the places in a random order (every order tried)."""
    ratios = [route_ratio(data, p) for p in itertools.permutations(data.visit)]
    return sum(ratios) / len(ratios)


class RouteEngine(Engine):
    """The player picks the places to visit one after the other; may undo the last pick.

    The places left to visit are listed in an order drawn from ``rng``. Raw score = shortest
    length / player's length (1.0 for a best route), out of 100; the score is corrected for
    chance (the mean ratio over every visit order).
    """

    kind = "route"

    def __init__(self, data: RouteData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.route: list[str] = []
        self.listed = tuple(data.visit[i] for i in shuffled(len(data.visit), rng))

    @property
    def remaining(self) -> list[str]:
        """Places still to visit, in the order shown."""
        return [p for p in self.listed if p not in self.route]

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
            self.changes += 1

    @property
    def can_confirm(self) -> bool:
        return not self.remaining

    def _result(self) -> EngineResult:
        best = shortest_route(self.data)
        best_length = route_length(self.data, best)
        length = route_length(self.data, self.route)
        ratio = route_ratio(self.data, self.route)
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
        path = [PathStep(" > ".join(names), ratio >= 1.0)]
        return EngineResult.of(
            round(ratio * 100, 1),
            100,
            response,
            review,
            chance=route_chance(self.data),
            path=path,
            changes=self.changes,
        )
