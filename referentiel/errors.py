"""Problems found in a framework file, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a framework file.

    ``line`` is 1-based; 0 means the problem is about the whole file (or has no line, as in
    a snapshot rebuilt from the database). ``key`` is a dotted path such as
    ``domains[2].competencies[0].label``; it is empty when the problem is about the whole file.
    ``message`` is a short French sentence meant for the person who edits the file.
    """

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ReferentielError(ValueError):
    """A framework file (or a set of files) is not valid. Holds every problem found."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
