"""From a score (0..1, corrected for chance) to the level observed, through the task's bands.

Each engine has a floor per level (:data:`LEVEL_FLOORS`): the lowest band ``min`` the loader
accepts for that level. The floors come from the lazy-player simulation
(:mod:`game.core.simulate`, ``bench/lazy_players.py``): with them, no lazy strategy (random,
first, longest, no move) reaches level 1 in more than 10 % of the runs of any shipped task,
while a right play always does. docs/GAME_CONTENT.md gives the numbers.

Level 2 ("J'explique") needs the player to give the reason of a choice: a task reaches it
only when its engine reports every reason step answered right (``explained``), whatever the
score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.core.content import Band, Task
from game.core.engines import EngineResult

_EPSILON = 1e-9

LEVEL_FLOORS: dict[str, dict[int, float]] = {
    "sort": {1: 0.7, 2: 0.9},
    "order": {1: 0.7, 2: 0.9},
    "measure": {1: 0.6, 2: 0.9},
    "dialogue": {1: 0.75, 2: 0.9},
    "hazard": {1: 0.7, 2: 0.9},
    "route": {1: 0.9, 2: 0.9},
    "form": {1: 0.75, 2: 0.9},
    "quiz": {1: 0.75, 2: 0.9},
}
"""engine -> level -> lowest band ``min`` accepted for that level (score corrected for chance)."""


def level_for(score: float, bands: Sequence[Band], explained: bool | None = None) -> int:
    """Level of the highest band whose ``min`` the score reaches (bands ascend).

    Level 2 and above need ``explained`` True (every reason step answered right); otherwise
    the level stops at 1.
    """
    level = 0
    for band in bands:
        if score + _EPSILON >= band.min:
            level = band.level
    return min(level, 1) if explained is not True else level


@dataclass(frozen=True, slots=True)
class Observation:
    """A competency observed in a task, at a level, through some indicators."""

    competency: str
    level: int
    indicators: tuple[str, ...]


def observations(task: Task, result: EngineResult) -> tuple[Observation, ...]:
    """Every competency of the task gets the level the result reaches."""
    level = level_for(result.score, task.bands, result.explained)
    return tuple(Observation(ref.id, level, ref.indicators) for ref in task.competencies)
