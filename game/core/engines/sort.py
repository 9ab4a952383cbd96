"""``sort``: put each item in the right category."""

from __future__ import annotations

import random

from game.core.content import SortData, SortItem
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


class SortEngine(Engine):
    """Items come one by one (shuffled); the player picks a category for each.

    The player may go back to any item and change its category before confirming.
    """

    kind = "sort"

    def __init__(self, data: SortData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.items: tuple[SortItem, ...] = tuple(rng.sample(data.items, len(data.items)))
        self.placed: list[int | None] = [None] * len(self.items)
        self.current = 0

    def select_item(self, index: int) -> None:
        """Make item ``index`` the one the next :meth:`place` applies to."""
        self._check_open()
        if not 0 <= index < len(self.items):
            raise EngineError(f"no item {index}")
        self.current = index

    def place(self, category: int) -> None:
        """Put the current item in category number ``category``; go to the next empty one."""
        self._check_open()
        if not 0 <= category < len(self.data.categories):
            raise EngineError(f"no category {category}")
        self.placed[self.current] = category
        empty = [i for i, p in enumerate(self.placed) if p is None]
        if empty:
            later = [i for i in empty if i > self.current]
            self.current = later[0] if later else empty[0]

    @property
    def can_confirm(self) -> bool:
        return all(p is not None for p in self.placed)

    def is_right(self, index: int) -> bool:
        """True when item ``index`` sits in its category."""
        placed = self.placed[index]
        return placed is not None and self.data.categories[placed].id == self.items[index].category

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        for i, item in enumerate(self.items):
            placed = self.placed[i]
            label = self.data.categories[placed].label if placed is not None else "?"
            ok = self.is_right(i)
            right += ok
            response.append(f"{item.label} -> {label} ({'juste' if ok else 'faux'})")
            if not ok:
                good = next(c.label for c in self.data.categories if c.id == item.category)
                review.append(ReviewLine(False, f"{item.label} : {good}"))
        if right == len(self.items):
            review.insert(0, ReviewLine(True, "Tout est bien rangé."))
        return EngineResult.of(right, len(self.items), response, review)
