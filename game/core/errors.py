"""Problems found in the game content, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContentProblem:
    """One problem in a content file.

    ``kind`` is a stable code for tests and tools (``missing``, ``type``, ``count`` ...).
    ``line`` is 1-based; 0 means the problem is about the whole file or the whole catalogue.
    ``key`` is a dotted path such as ``tasks[0].data.items[2].category``.
    ``message`` is a short French sentence for the person who edits the file.
    """

    file: str
    line: int
    key: str
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ContentError(ValueError):
    """The game content is not valid. Holds every problem found, in file order."""

    problems: tuple[ContentProblem, ...]

    def __init__(self, problems: Iterable[ContentProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
