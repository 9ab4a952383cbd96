"""``sort``: put each item in the right category."""

from __future__ import annotations

import random

from game.core.content import Category, SortData, SortItem
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    shuffled,
)


class SortEngine(Engine):
    """Items come one by one; the player picks a category for each.

    Items and categories are shown in orders drawn from ``rng``. The player may go back to
    any item and change its category before confirming. Score = share of items in their
    category, corrected for chance (1 / number of categories).
    """

    kind = "sort"

    def __init__(self, data: SortData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.items: tuple[SortItem, ...] = tuple(rng.sample(data.items, len(data.items)))
        self.categories: tuple[Category, ...] = tuple(
            data.categories[i] for i in shuffled(len(data.categories), rng)
        )
        self.placed: list[int | None] = [None] * len(self.items)  # screen positions
        self.given: list[int] = []  # items in the order they were placed
        self.current = 0

    def select_item(self, index: int) -> None:
        """Make item ``index`` the one the next :meth:`place` applies to."""
        self._check_open()
        if not 0 <= index < len(self.items):
            raise EngineError(f"no item {index}")
        self.current = index

    def place(self, category: int) -> None:
        """Put the current item in the category shown at ``category``; go to the next empty one."""
        self._check_open()
        if not 0 <= category < len(self.categories):
            raise EngineError(f"no category {category}")
        before = self.placed[self.current]
        if before is not None and before != category:
            self.changes += 1
        self.placed[self.current] = category
        if self.current in self.given:
            self.given.remove(self.current)
        self.given.append(self.current)
        empty = [i for i, p in enumerate(self.placed) if p is None]
        if empty:
            later = [i for i in empty if i > self.current]
            self.current = later[0] if later else empty[0]

    def right_category(self, index: int) -> int:
        """Screen position of the category item ``index`` belongs to."""
        ids = [c.id for c in self.categories]
        return ids.index(self.items[index].category)

    @property
    def can_confirm(self) -> bool:
        return all(p is not None for p in self.placed)

    def is_right(self, index: int) -> bool:
        """True when item ``index`` sits in its category."""
        placed = self.placed[index]
        return placed is not None and self.categories[placed].id == self.items[index].category

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        for i, item in enumerate(self.items):
            placed = self.placed[i]
            label = self.categories[placed].label if placed is not None else "?"
            ok = self.is_right(i)
            right += ok
            response.append(f"{item.label} -> {label} ({'juste' if ok else 'faux'})")
            if not ok:
                good = next(c.label for c in self.categories if c.id == item.category)
                review.append(ReviewLine(False, f"{item.label} : {good}"))
        if right == len(self.items):
            review.insert(0, ReviewLine(True, "Tout est bien rangé."))
        path = []
        for i in self.given:
            placed = self.placed[i]
            assert placed is not None
            path.append(
                PathStep(
                    f"{self.items[i].label} → {self.categories[placed].label}", self.is_right(i)
                )
            )
        return EngineResult.of(
            right,
            len(self.items),
            response,
            review,
            chance=1 / len(self.categories),
            path=path,
            changes=self.changes,
        )
