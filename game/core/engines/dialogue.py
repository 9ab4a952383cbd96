"""``dialogue``: answer a customer or a colleague; each answer gets feedback."""

from __future__ import annotations

import random
from collections.abc import Iterator

from game.core.content import DialogueChoice, DialogueData, DialogueNode
from game.core.engines.base import (
    Engine,
    EngineError,
    EngineResult,
    PathStep,
    ReviewLine,
    per_content,
    shuffled,
)


class DialogueEngine(Engine):
    """Alternates two phases: choose an answer, then read its feedback and continue.

    The answers of each decision point are shown in an order drawn from ``rng``. Raw score =
    sum of the chosen answers' scores / best possible sum on the path taken; the score is
    corrected for chance (the mean of that share over every path a random player may take).
    A node marked ``why`` asks the player the reason of a choice: the task shows "J'explique"
    only when every such node got its best answer.
    """

    kind = "dialogue"

    def __init__(self, data: DialogueData, rng: random.Random) -> None:
        super().__init__()
        self.data = data
        self.node: DialogueNode = data.node(data.start)
        self.chosen: DialogueChoice | None = None
        self.path: list[tuple[DialogueNode, DialogueChoice]] = []
        self.orders = {node.id: shuffled(len(node.choices), rng) for node in data.nodes}

    @property
    def choices(self) -> tuple[DialogueChoice, ...]:
        """The answers of the current node, in the order shown."""
        return tuple(self.node.choices[i] for i in self.orders[self.node.id])

    @property
    def in_feedback(self) -> bool:
        """True while the feedback of the last answer is shown."""
        return self.chosen is not None

    def choose(self, index: int) -> None:
        """Give the answer shown at position ``index`` to the current node."""
        self._check_open()
        if self.chosen is not None:
            raise EngineError("read the feedback first")
        if not 0 <= index < len(self.node.choices):
            raise EngineError(f"no choice {index}")
        self.chosen = self.choices[index]
        self.path.append((self.node, self.chosen))

    @property
    def can_confirm(self) -> bool:
        return self.chosen is not None

    def _on_confirm(self) -> None:
        """Leave the feedback: go to the next node, or finish."""
        assert self.chosen is not None
        following = self.chosen.next
        self.chosen = None
        if following is None:
            self._finished = True
        else:
            self.node = self.data.node(following)

    def _result(self) -> EngineResult:
        raw = sum(choice.score for _, choice in self.path)
        best = sum(max(c.score for c in node.choices) for node, _ in self.path)
        response = [
            f"{node.speaker} : {choice.text} ({choice.score})" for node, choice in self.path
        ]
        review = [ReviewLine(_verdict(node, choice), choice.feedback) for node, choice in self.path]
        steps = [PathStep(choice.text, _verdict(node, choice)) for node, choice in self.path]
        whys = [_verdict(node, choice) is True for node, choice in self.path if node.why]
        return EngineResult.of(
            raw,
            best,
            response,
            review,
            chance=dialogue_chance(self.data),
            path=steps,
            explained=all(whys) if whys else None,
        )


def _verdict(node: DialogueNode, choice: DialogueChoice) -> bool | None:
    """True for the best answer of a node, False for a 0, None in between."""
    if choice.score == max(c.score for c in node.choices):
        return True
    return False if choice.score == 0 else None


@per_content
def dialogue_chance(data: DialogueData) -> float:
    """Mean raw share (sum / best along the path) of a player choosing at random."""

    def walk(node_id: str, got: int, best: int) -> float:
        node = data.node(node_id)
        top = max(c.score for c in node.choices)
        total = 0.0
        for choice in node.choices:
            if choice.next is None:
                total += (got + choice.score) / (best + top)
            else:
                total += walk(choice.next, got + choice.score, best + top)
        return total / len(node.choices)

    return walk(data.start, 0, 0)


def dialogue_paths(data: DialogueData) -> Iterator[tuple[str, ...]]:
    """Every path of node ids from the start to an end (the graph has no cycle)."""

    def walk(node_id: str, trail: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        here = (*trail, node_id)
        nexts = {choice.next for choice in data.node(node_id).choices}
        for following in sorted(nexts, key=lambda n: n or ""):
            if following is None:
                yield here
            else:
                yield from walk(following, here)

    yield from walk(data.start, ())


def branches(node: DialogueNode) -> bool:
    """True when the answers of ``node`` lead to different next steps."""
    return len({choice.next for choice in node.choices}) > 1


def branching_share(data: DialogueData) -> float:
    """Share of decision points whose answers lead to different next steps."""
    branching = [branches(node) for node in data.nodes]
    return sum(branching) / len(branching) if branching else 0.0
