"""``dialogue``: answer a customer or a colleague; each answer gets feedback."""

from __future__ import annotations

from game.core.content import DialogueChoice, DialogueData, DialogueNode
from game.core.engines.base import Engine, EngineError, EngineResult, ReviewLine


class DialogueEngine(Engine):
    """Alternates two phases: choose an answer, then read its feedback and continue.

    Score = sum of the chosen answers' scores / best possible sum on the path taken.
    """

    kind = "dialogue"

    def __init__(self, data: DialogueData) -> None:
        super().__init__()
        self.data = data
        self.node: DialogueNode = data.node(data.start)
        self.chosen: DialogueChoice | None = None
        self.path: list[tuple[DialogueNode, DialogueChoice]] = []

    @property
    def in_feedback(self) -> bool:
        """True while the feedback of the last answer is shown."""
        return self.chosen is not None

    def choose(self, index: int) -> None:
        """Give answer ``index`` to the current node."""
        self._check_open()
        if self.chosen is not None:
            raise EngineError("read the feedback first")
        if not 0 <= index < len(self.node.choices):
            raise EngineError(f"no choice {index}")
        self.chosen = self.node.choices[index]
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
        return EngineResult.of(raw, best, response, review)


def _verdict(node: DialogueNode, choice: DialogueChoice) -> bool | None:
    """True for the best answer of a node, False for a 0, None in between."""
    if choice.score == max(c.score for c in node.choices):
        return True
    return False if choice.score == 0 else None
