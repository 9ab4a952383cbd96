"""``form``: fill in a form from the facts of a situation."""

from __future__ import annotations

from game.core.content import FormData
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


class FormEngine(Engine):
    """One option per field; the player may confirm once every field has an answer."""

    kind = "form"

    def __init__(self, data: FormData) -> None:
        super().__init__()
        self.data = data
        self.chosen: list[int | None] = [None] * len(data.fields)

    def choose(self, field: int, option: int) -> None:
        """Pick option ``option`` for field ``field``."""
        self._check_open()
        if not 0 <= field < len(self.chosen):
            raise EngineError(f"no field {field}")
        if not 0 <= option < len(self.data.fields[field].options):
            raise EngineError(f"no option {option}")
        self.chosen[field] = option

    @property
    def can_confirm(self) -> bool:
        return all(c is not None for c in self.chosen)

    def _result(self) -> EngineResult:
        response, review = [], []
        right = 0
        for field, chosen in zip(self.data.fields, self.chosen, strict=True):
            ok = chosen == field.answer
            right += ok
            picked = field.options[chosen] if chosen is not None else "?"
            response.append(f"{field.label} : {picked}")
            review.append(ReviewLine(ok, f"{field.label} : {field.options[field.answer]}"))
        return EngineResult.of(right, len(self.data.fields), response, review)
