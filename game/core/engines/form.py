"""``form``: fill in a form from the facts of a situation."""

from __future__ import annotations

import random

from game.core.content import FormData
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    shuffled,
)


class FormEngine(Engine):
    """One option per field; the player may confirm once every field has an answer.

    The options of each field are shown in an order drawn from ``rng``. Score = share of
    fields right, corrected for chance (chance = mean of 1 / number of options).
    """

    kind = "form"

    def __init__(self, data: FormData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.chosen: list[int | None] = [None] * len(data.fields)  # content indexes
        self.orders = tuple(shuffled(len(f.options), rng) for f in data.fields)
        self.given: list[int] = []  # fields in the order they were answered

    def options(self, field: int) -> tuple[str, ...]:
        """The options of field ``field``, in the order shown."""
        return tuple(self.data.fields[field].options[i] for i in self.orders[field])

    def shown_choice(self, field: int) -> int | None:
        """Screen position of the option chosen for ``field``, or None."""
        chosen = self.chosen[field]
        return None if chosen is None else self.orders[field].index(chosen)

    def right_option(self, field: int) -> int:
        """Screen position of the right option of ``field``."""
        return self.orders[field].index(self.data.fields[field].answer)

    def choose(self, field: int, option: int) -> None:
        """Pick the option shown at position ``option`` for field ``field``."""
        self._check_open()
        if not 0 <= field < len(self.chosen):
            raise EngineError(f"no field {field}")
        if not 0 <= option < len(self.data.fields[field].options):
            raise EngineError(f"no option {option}")
        picked = self.orders[field][option]
        if self.chosen[field] is not None and self.chosen[field] != picked:
            self.changes += 1
        self.chosen[field] = picked
        if field in self.given:
            self.given.remove(field)
        self.given.append(field)

    @property
    def can_confirm(self) -> bool:
        return all(c is not None for c in self.chosen)

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        fields = self.data.fields
        for field, chosen in zip(fields, self.chosen, strict=True):
            ok = chosen == field.answer
            right += ok
            picked = field.options[chosen] if chosen is not None else "?"
            response.append(f"{field.label} : {picked}")
            review.append(ReviewLine(ok, f"{field.label} : {field.options[field.answer]}"))
        path = []
        for i in self.given:
            chosen = self.chosen[i]
            assert chosen is not None
            path.append(
                PathStep(
                    f"{fields[i].label} : {fields[i].options[chosen]}", chosen == fields[i].answer
                )
            )
        chance = sum(1 / len(f.options) for f in fields) / len(fields)
        return EngineResult.of(
            right, len(fields), response, review, chance=chance, path=path, changes=self.changes
        )
