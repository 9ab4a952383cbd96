"""The dialogues really branch, and a recovering path never beats a straight good one.

Issue 13 asks that at least a third of the dialogue decision points lead to different next
nodes depending on the answer, with consequences the player sees. A decision point is a node
where the player answers, except the reason step (``why: true``): every answer there ends the
talk, so it cannot branch. The shipped trade dialogues send a poor first answer to a node where
the person reacts ("relance") and the player can recover; the interviews branch more.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from game.core.content import Catalogue, DialogueChoice, DialogueData, DialogueNode, Task
from game.core.engines import DialogueEngine
from game.core.engines.dialogue import branches, dialogue_paths
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir

SHARE_MIN = 1 / 3


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


def dialogues(catalogue: Catalogue) -> Iterator[tuple[str, Task, DialogueData]]:
    """Every version of every dialogue played: the trades' tasks and the interviews."""
    for trade in catalogue.trades:
        for task in trade.played_tasks:
            if task.engine != "dialogue":
                continue
            for data in task.all_data:
                assert isinstance(data, DialogueData)
                yield trade.rome, task, data


def decision_points(data: DialogueData) -> list[bool]:
    """For each decision point (reason step excluded): does it branch?"""
    return [branches(node) for node in data.nodes if not node.why]


def test_every_trade_dialogue_branches_and_a_third_of_all_decision_points_do(
    shipped: Catalogue,
) -> None:
    trade_points: list[bool] = []
    all_points: list[bool] = []
    for _, task, data in dialogues(shipped):
        points = decision_points(data)
        assert any(points), task.id  # the loader refuses it too
        all_points += points
        if task.id != "entretien":
            trade_points += points
    assert len(trade_points) >= 27 * 4  # 27 trade dialogues, each with a reaction node
    assert sum(all_points) / len(all_points) >= SHARE_MIN, (sum(all_points), len(all_points))


def test_every_path_crosses_two_to_four_decision_points_and_one_reason_step(
    shipped: Catalogue,
) -> None:
    for rome, task, data in dialogues(shipped):
        for path in dialogue_paths(data):
            whys = [data.node(node_id).why for node_id in path]
            assert sum(whys) == 1 and whys[-1], (rome, task.id, path)
            assert 2 <= len(path) - 1 <= 4, (rome, task.id, path)


def _best_share(data: DialogueData, node_id: str | None, got: int, best: int) -> float:
    """Best raw share (sum / best along the path) a player can still reach from here."""
    if node_id is None:
        return got / best
    node = data.node(node_id)
    top = max(c.score for c in node.choices)
    return max(_best_share(data, c.next, got + c.score, best + top) for c in node.choices)


def _unfair(data: DialogueData) -> list[str]:
    """Answers that leave a better best score than a higher-scored answer of the same node."""
    found: list[str] = []

    def walk(node_id: str, got: int, best: int) -> None:
        node = data.node(node_id)
        top = max(c.score for c in node.choices)

        def after(choice: DialogueChoice) -> float:
            return _best_share(data, choice.next, got + choice.score, best + top)

        for high in node.choices:
            for low in node.choices:
                if low.score < high.score and after(low) >= after(high):
                    found.append(f"{node.id}: « {low.text} » >= « {high.text} »")
        for choice in node.choices:
            if choice.next is not None:  # every prefix: the ratios depend on it
                walk(choice.next, got + choice.score, best + top)

    walk(data.start, 0, 0)
    return found


def test_the_fairness_check_catches_a_recovery_worth_as_much_as_a_partial_answer() -> None:
    def node(node_id: str, *choices: tuple[str, int, str | None]) -> DialogueNode:
        return DialogueNode(
            node_id, "X", "?", tuple(DialogueChoice(t, s, "f", n) for t, s, n in choices)
        )

    data = DialogueData(
        "a",
        (
            node("a", ("bien", 2, None), ("moyen", 1, None), ("non", 0, "relance")),
            node("relance", ("pardon", 2, "b"), ("non", 0, "b")),
            node("b", ("oui", 2, None), ("non", 0, None)),
        ),
    )
    # "non", then two good answers: 4 of 6, more than the partial "moyen" (1 of 2)
    assert _unfair(data) == ["a: « non » >= « moyen »"]


def test_a_recovering_path_never_scores_as_high_as_a_straight_good_one(
    shipped: Catalogue,
) -> None:
    """A poorer answer, even followed by a perfect recovery, always ends lower."""
    unfair = [
        f"{rome} {task.id} {line}"
        for rome, task, data in dialogues(shipped)
        for line in _unfair(data)
    ]
    assert unfair == []


def _play(data: DialogueData, first: str) -> DialogueEngine:
    """``first`` ("best" or "worst") at the start, then the best answer everywhere."""
    engine = DialogueEngine(data, random.Random(3))
    pick = min if first == "worst" else max
    while not engine.finished:
        scores = [c.score for c in engine.choices]
        engine.choose(scores.index(pick(scores)))
        engine.confirm()
        pick = max
    return engine


def test_a_poor_first_answer_makes_the_person_react_then_the_talk_goes_on(
    shipped: Catalogue,
) -> None:
    task = shipped.trade("A1208").task("conseiller-sans-chimie")
    assert isinstance(task.data, DialogueData)
    straight = _play(task.data, "best")
    recovered = _play(task.data, "worst")
    assert [n.id for n, _ in straight.path] == ["demande", "solutions", "prix", "pourquoi"]
    assert [n.id for n, _ in recovered.path] == [
        "demande",
        "relance",
        "solutions",
        "prix",
        "pourquoi",
    ]
    reaction = recovered.path[1][0]
    assert "interdit" in reaction.text  # the consequence is in the next node's text
    good, back = straight.result(), recovered.result()
    assert good.score == 1.0 and back.score < good.score
    # the replay of the path: the poor answer, then the recovery, in order
    assert [step.ok for step in back.path] == [False, True, True, True, True]
    assert back.path[1].text == recovered.path[1][1].text
    # one mistake, even recovered, keeps "J'explique" (level 2 at 0.9) out of reach
    assert back.score < 0.9
