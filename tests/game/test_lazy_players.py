"""Lazy players cannot pass: every shipped task played by cheap strategies through the engines.

Seeded and deterministic. ``random`` and ``first`` depend on the shuffle (and the dice), so they
get many runs; ``longest`` and ``no-move`` hardly do, and ``correct`` must win every time.
Every version of a task (its data and each variant) is played on its own.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.core.content import Catalogue, FormData
from game.core.framework import FrameworkView
from game.core.honesty import has_why_step
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir
from game.core.simulate import LAZY, REFUSED, TaskFigures, play, simulate, versions

MAX_SHARE = 0.10
MAX_SHARE_TWO = 0.05
RUNS = {"random": 240, "first": 240, "longest": 20, "no-move": 10, "correct": 10}


@pytest.fixture(scope="module")
def shipped(framework: FrameworkView) -> Catalogue:
    assets = assets_dir()
    return load_catalogue(
        assets / "trades",
        framework,
        version=load_version(assets / "content.yaml"),
        assets_root=assets,
        stories_dir=assets / "story",
    )


def _over(figures: list[TaskFigures], strategy: str, level: int, limit: float) -> list[str]:
    return [
        f"{row.name} ({row.engine}): {row.share(strategy, level):.0%}"
        for row in figures
        if row.share(strategy, level) > limit
    ]


@pytest.mark.parametrize("strategy", LAZY)
def test_no_lazy_strategy_reaches_level_one_in_more_than_a_tenth_of_runs(
    shipped: Catalogue, strategy: str
) -> None:
    figures = simulate(shipped, RUNS[strategy], [strategy])
    # every version of every task is played: the data, each variant, and the job interviews
    assert len(figures) == sum(
        len(task.all_data) for trade in shipped.trades for task in trade.played_tasks
    )
    assert any(row.version > 0 for row in figures)
    assert any(row.task_id == "entretien" for row in figures)
    assert _over(figures, strategy, 1, MAX_SHARE) == []
    assert _over(figures, strategy, 2, MAX_SHARE_TWO) == []  # level 2 rarer still


def test_a_right_play_always_reaches_the_top_level_of_every_version(shipped: Catalogue) -> None:
    figures = simulate(shipped, RUNS["correct"], ["correct"])
    missed = [row.name for row in figures if row.share("correct", 1) < 1.0]
    assert missed == []
    # ... and the top level the task's bands promise (2 only where a reason is asked)
    for trade in shipped.trades:
        for task in trade.tasks:
            top = max(band.level for band in task.bands)
            for played in versions(task):
                assert {play(trade, played, "correct", seed) for seed in (1, 2)} == {top}


def test_every_dialogue_and_quiz_lets_a_right_player_explain(shipped: Catalogue) -> None:
    """Level 2 "J'explique" is reachable in every dialogue and quiz task, in every version."""
    talk = [k for t in shipped.trades for k in t.tasks if k.engine in ("dialogue", "quiz")]
    assert len(talk) >= 50
    lacking = [
        task.id
        for task in talk
        if max(b.level for b in task.bands) != 2
        or not all(has_why_step(data) for data in task.all_data)
    ]
    assert lacking == []
    others = {
        k.engine for t in shipped.trades for k in t.tasks if max(b.level for b in k.bands) > 1
    }
    assert others == {"dialogue", "quiz"}


def test_each_variant_is_played_on_its_own(shipped: Catalogue) -> None:
    trade, task = next((t, k) for t in shipped.trades for k in t.tasks if k.variants)
    played = versions(task)
    assert [p.data for p in played] == list(task.all_data)
    assert all(p.variants == () for p in played)
    alone = dataclasses.replace(trade, tasks=(task,), story=None)  # no job interview
    rows = simulate(Catalogue((alone,), "t"), 2, ["correct"])
    assert [row.version for row in rows] == list(range(len(task.all_data)))


def test_validating_an_order_task_without_a_move_is_refused(shipped: Catalogue) -> None:
    orders = [(t, k) for t in shipped.trades for k in t.tasks if k.engine == "order"]
    assert orders
    assert {play(trade, task, "no-move", 1) for trade, task in orders} == {REFUSED}


def test_every_form_and_quiz_task_has_another_version_with_other_facts(
    shipped: Catalogue,
) -> None:
    """A replay may deal another situation: remembering the answers of one play is not enough."""
    for trade in shipped.trades:
        for task in trade.tasks:
            if task.engine not in ("form", "quiz"):
                continue
            assert task.variants, (trade.rome, task.id)
            for variant in task.variants:
                assert variant != task.data, (trade.rome, task.id)
                if isinstance(variant, FormData):
                    assert isinstance(task.data, FormData)
                    assert variant.situation != task.data.situation, (trade.rome, task.id)
