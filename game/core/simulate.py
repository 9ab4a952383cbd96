"""Lazy players: play every task through the real engines with cheap strategies.

A strategy plays one task the way a player who does not read would: ``random`` clicks
anything, ``first`` always takes the first option shown, ``longest`` takes the longest text,
``no-move`` presses "Valider" without changing anything; ``correct`` plays right. Each play
goes through :class:`~game.core.session.TaskRun` and the engine's own methods (the calls the
scenes make), seeded, so a run count gives the same figures every time.

The scoring must make the lazy strategies fail: ``tests/game/test_lazy_players.py`` checks
that none reaches level 1 in more than 10 % of the runs of any task, and
``bench/lazy_players.py`` prints the table strategy x engine. Pure: no pygame, no network.
"""

from __future__ import annotations

import dataclasses
import random
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from game.core.content import Catalogue, Task, Trade
from game.core.session import TaskRun

STRATEGIES = ("random", "first", "longest", "no-move", "correct")
LAZY = ("random", "first", "longest", "no-move")
REFUSED = -1
"""The level recorded when the engine refused "Valider" (no evidence at all)."""

_NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(slots=True)
class TaskFigures:
    """How often each strategy reached each level on one version of a task.

    ``version`` is 0 for the task's ``data``, v + 1 for its variant v (``REFUSED``: no
    evidence).
    """

    rome: str
    task_id: str
    engine: str
    runs: int
    levels: dict[str, Counter[int]] = field(default_factory=dict)
    version: int = 0

    @property
    def name(self) -> str:
        """``ROME task-id`` then ``(variant v)`` for a variant: the row in a message."""
        suffix = f" (variante {self.version})" if self.version else ""
        return f"{self.rome} {self.task_id}{suffix}"

    def share(self, strategy: str, at_least: int) -> float:
        """Share of the runs of ``strategy`` that reached ``at_least`` or more."""
        counts = self.levels[strategy]
        return sum(n for level, n in counts.items() if level >= at_least) / self.runs


def _run(trade: Trade, task: Task, seed: int) -> TaskRun:
    registration = str(uuid.UUID(int=seed))
    try:
        return TaskRun(trade, task, attempt=1, registration=registration, seed=seed)
    except TypeError:  # an older engine API (the "before" table): the run took an rng
        maker: Any = TaskRun
        run: TaskRun = maker(
            trade, task, attempt=1, registration=registration, rng=random.Random(seed)
        )
        return run


def play(trade: Trade, task: Task, strategy: str, seed: int) -> int:
    """Play ``task`` once with ``strategy``; the level reached, or ``REFUSED``."""
    run = _run(trade, task, seed)
    player = random.Random(seed * 7919 + 17)
    engine = run.engine
    if strategy != "no-move":
        _PLAYS[engine.kind](engine, strategy, player)
    if not _confirm_all(engine, strategy, player):
        return REFUSED
    return run.finish(_NOW).level


def _confirm_all(engine: Any, strategy: str, player: random.Random) -> bool:
    """Press "Valider" (and "Continuer" in the step-by-step engines) until the end."""
    for _ in range(50):
        if engine.finished:
            return True
        if not engine.confirm():
            return False
        if not engine.finished and engine.kind in ("quiz", "dialogue"):
            if strategy == "no-move":
                return False
            _PLAYS[engine.kind](engine, strategy, player)
    return bool(engine.finished)


def _pick(texts: Sequence[str], right: int, strategy: str, player: random.Random) -> int:
    """The position a strategy picks among ``texts`` shown (``right`` is the right one)."""
    if strategy == "correct":
        return right
    if strategy == "first":
        return 0
    if strategy == "longest":
        return max(range(len(texts)), key=lambda i: len(texts[i]))
    return player.randrange(len(texts))


def _quiz(engine: Any, strategy: str, player: random.Random) -> None:
    question = engine.question
    texts = getattr(engine, "options", question.options)
    right = getattr(engine, "right_option", question.answer)
    engine.answer(_pick(texts, right, strategy, player))


def _dialogue(engine: Any, strategy: str, player: random.Random) -> None:
    choices = getattr(engine, "choices", engine.node.choices)
    scores = [c.score for c in choices]
    engine.choose(_pick([c.text for c in choices], scores.index(max(scores)), strategy, player))


def _form(engine: Any, strategy: str, player: random.Random) -> None:
    for i, data_field in enumerate(engine.data.fields):
        if hasattr(engine, "right_option"):
            texts, right = engine.options(i), engine.right_option(i)
        else:
            texts, right = data_field.options, data_field.answer
        engine.choose(i, _pick(texts, right, strategy, player))


def _sort(engine: Any, strategy: str, player: random.Random) -> None:
    categories = getattr(engine, "categories", engine.data.categories)
    ids = [c.id for c in categories]
    for i, item in enumerate(engine.items):
        engine.select_item(i)
        right = ids.index(item.category)
        engine.place(_pick([c.label for c in categories], right, strategy, player))


def _hazard(engine: Any, strategy: str, player: random.Random) -> None:
    spots = getattr(engine, "spots", engine.data.spots)
    if strategy == "correct":
        marks = [spot.hazard for spot in spots]
    elif strategy == "first":
        marks = [i == 0 for i in range(len(spots))]
    elif strategy == "longest":
        lengths = sorted(len(spot.label) for spot in spots)
        median = lengths[len(lengths) // 2]
        marks = [len(spot.label) >= median for spot in spots]
    else:
        marks = [player.random() < 0.5 for _ in spots]
    for i, mark in enumerate(marks):
        if mark:
            engine.toggle(i)


def _order(engine: Any, strategy: str, player: random.Random) -> None:
    count = len(engine.order)
    if strategy == "first":
        engine.move(0, 1)
        return
    if strategy == "random":
        for _ in range(count):
            engine.move(player.randrange(count), player.randint(-count, count))
        return
    steps = engine.data.steps
    if strategy == "longest":
        target = sorted(range(count), key=lambda i: -len(steps[i]))
    else:
        target = list(range(count))
    for place, step in enumerate(target):
        at = engine.order.index(step)
        engine.move(at, place - at)


def _route(engine: Any, strategy: str, player: random.Random) -> None:
    from game.core.engines.route import shortest_route

    best = shortest_route(engine.data)
    while engine.remaining:
        remaining = engine.remaining
        labels = [engine.data.place(p).label for p in remaining]
        nxt = best[len(engine.route)]
        right = remaining.index(nxt) if nxt in remaining else 0
        engine.pick(remaining[_pick(labels, right, strategy, player)])


def _measure(engine: Any, strategy: str, player: random.Random) -> None:
    from game.core.engines.measure import format_number

    questions = getattr(engine, "questions", engine.data.questions)
    document = engine.data.document
    seen = _NUMBER.findall(" ".join((document.title, *document.lines)))
    for i, question in enumerate(questions):
        numbers = seen + _NUMBER.findall(question.prompt) or [str(player.randint(0, 100))]
        if strategy == "correct":
            typed = format_number(question.answer)
        elif strategy == "first":
            typed = numbers[0]
        elif strategy == "longest":
            typed = max(numbers, key=len)
        else:
            typed = player.choice(numbers)
        engine.set_text(i, typed)


_PLAYS: dict[str, Callable[[Any, str, random.Random], None]] = {
    "quiz": _quiz,
    "dialogue": _dialogue,
    "form": _form,
    "sort": _sort,
    "hazard": _hazard,
    "order": _order,
    "route": _route,
    "measure": _measure,
}


def versions(task: Task) -> tuple[Task, ...]:
    """One task per version of ``task`` (its data, then each variant), without variants.

    A play draws its version from its seed; the simulation plays each version on its own,
    so a lucky variant cannot hide behind a hard one.
    """
    if not getattr(task, "variants", ()):  # an older content model (the "before" table)
        return (task,)
    return tuple(dataclasses.replace(task, data=data, variants=()) for data in task.all_data)


def simulate(
    catalogue: Catalogue, runs: int, strategies: Iterable[str] = STRATEGIES
) -> list[TaskFigures]:
    """Play every version of every task of ``catalogue`` ``runs`` times with each strategy
    (seeds 1..runs): one row per version."""
    chosen = tuple(strategies)
    figures = []
    for trade in catalogue.trades:
        for task in trade.played_tasks:
            for version, played in enumerate(versions(task)):
                row = TaskFigures(trade.rome, task.id, task.engine, runs, version=version)
                for strategy in chosen:
                    row.levels[strategy] = Counter(
                        play(trade, played, strategy, seed) for seed in range(1, runs + 1)
                    )
                figures.append(row)
    return figures


def by_engine(figures: Sequence[TaskFigures], strategy: str, at_least: int) -> dict[str, float]:
    """Share of all runs of ``strategy`` reaching ``at_least``, per engine."""
    reached: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in figures:
        reached[row.engine] += sum(
            n for level, n in row.levels[strategy].items() if level >= at_least
        )
        total[row.engine] += row.runs
    return {engine: reached[engine] / total[engine] for engine in sorted(total)}
