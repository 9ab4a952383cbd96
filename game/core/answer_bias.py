"""The longest-answer check: a player who always picks the longest option must not win.

Writers tend to make the right answer the longest one (it carries the nuance, the "because",
the polite phrase). A player then wins by picking the longest option without reading, and the
evidence means nothing. This module finds every multiple-choice item of a task (quiz
questions, dialogue decision points, form fields, the spots of a hazard scene), in every
variant of its data, and checks two things:

* **One item**: a right option more than :data:`RATIO_MAX` times as long as every wrong option
  of the same item gives the answer away on its own.
* **Many items** (a trade, then the whole catalogue): count the items whose strictly longest
  option is right. If the options' lengths told nothing, an item with ``k`` options of which
  ``r`` are right would have its longest option right with probability ``r / k``; the count
  would follow a Poisson-binomial law (a sum of independent yes/no draws with those
  probabilities). We compute, exactly, the chance of seeing at least the observed count under
  that law (a one-sided test); below :data:`ALPHA` (5 %), the lengths give the answer away
  more often than chance allows. Items whose longest option is tied are left out: there is no
  "longest" to pick.

Lengths are counted in characters of the text as shown (spaces folded), which is what the
eye compares. Pure functions on the content model: the loader calls them with the file's line
map (``game.core.loader``); tests and tools call them on a loaded catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from game.core.content import DialogueData, EngineData, FormData, HazardData, QuizData, Task
from game.core.yamlsource import Path as KeyPath

ALPHA = 0.05
"""Below this chance, a count of longest-is-right items is refused."""
RATIO_MAX = 1.6
"""A right option longer than this many times every wrong option of its item is refused."""
LONGEST = "longest"
SHORTEST = "shortest"
PICKS = (LONGEST, SHORTEST)
"""The two lazy picks checked: always the longest option, always the shortest one."""
ITEM_WORDS = {
    "quiz": "question",
    "dialogue": "réponse du dialogue",
    "form": "champ du formulaire",
    "hazard": "scène de danger",
}


@dataclass(frozen=True, slots=True)
class ChoiceItem:
    """One multiple-choice item: the lengths of its options and the indexes of the right ones.

    ``path`` is the item's key path in its trade file (for the line of a message); ``engine``
    says what kind of item it is.
    """

    path: KeyPath
    engine: str
    lengths: tuple[int, ...]
    right: frozenset[int]

    def unique(self, pick: str) -> int | None:
        """Index of the strictly longest (or shortest) option; None when it is tied."""
        top = max(self.lengths) if pick == LONGEST else min(self.lengths)
        at = [i for i, length in enumerate(self.lengths) if length == top]
        return at[0] if len(at) == 1 else None

    def wins(self, pick: str) -> bool:
        """True when the strictly longest (or shortest) option is a right one."""
        return self.unique(pick) in self.right

    @property
    def chance(self) -> float:
        """Probability that the longest option is right if lengths told nothing."""
        return len(self.right) / len(self.lengths)

    @property
    def ratio(self) -> float:
        """Longest right option divided by the longest wrong option (0 without a wrong one)."""
        wrong = [n for i, n in enumerate(self.lengths) if i not in self.right]
        if not wrong or not self.right or max(wrong) == 0:
            return 0.0
        return max(self.lengths[i] for i in self.right) / max(wrong)


@dataclass(frozen=True, slots=True)
class BiasCount:
    """Over some items: how many have a strictly longest option, how many of those are right,
    how many chance would give, and the one-sided p-value of the observed count."""

    items: int
    counted: int
    won: int
    expected: float
    p_value: float

    @property
    def biased(self) -> bool:
        """True when the longest option is right more often than chance allows."""
        return self.p_value < ALPHA


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def data_items(engine: str, data: EngineData, path: KeyPath) -> Iterator[ChoiceItem]:
    """The multiple-choice items of one engine data block found at ``path``."""
    match data:
        case QuizData():
            for i, q in enumerate(data.questions):
                if q.options and 0 <= q.answer < len(q.options):
                    lengths = tuple(_length(o) for o in q.options)
                    yield ChoiceItem(
                        (*path, "questions", i), engine, lengths, frozenset({q.answer})
                    )
        case FormData():
            for i, f in enumerate(data.fields):
                if f.options and 0 <= f.answer < len(f.options):
                    lengths = tuple(_length(o) for o in f.options)
                    yield ChoiceItem((*path, "fields", i), engine, lengths, frozenset({f.answer}))
        case DialogueData():
            for i, node in enumerate(data.nodes):
                if not node.choices:
                    continue
                best = max(ch.score for ch in node.choices)
                right = frozenset(j for j, ch in enumerate(node.choices) if ch.score == best)
                lengths = tuple(_length(ch.text) for ch in node.choices)
                yield ChoiceItem((*path, "nodes", i, "choices"), engine, lengths, right)
        case HazardData():
            if data.spots:
                right = frozenset(j for j, s in enumerate(data.spots) if s.hazard)
                lengths = tuple(_length(s.label) for s in data.spots)
                yield ChoiceItem((*path, "spots"), engine, lengths, right)
        case _:
            return


def task_items(task: Task, index: int) -> Iterator[ChoiceItem]:
    """Every item of task number ``index`` of a trade, in its data and in each variant."""
    yield from data_items(task.engine, task.data, ("tasks", index, "data"))
    for v, variant in enumerate(task.variants):
        yield from data_items(task.engine, variant, ("tasks", index, "variants", v))


def trade_items(tasks: Sequence[Task]) -> list[ChoiceItem]:
    """Every multiple-choice item of a trade's tasks."""
    return [item for i, task in enumerate(tasks) for item in task_items(task, i)]


def count(items: Iterable[ChoiceItem], pick: str = LONGEST) -> BiasCount:
    """Count items won by ``pick`` (longest or shortest) and the chance of a count that high."""
    all_items = list(items)
    counted = [item for item in all_items if item.unique(pick) is not None]
    observed = sum(item.wins(pick) for item in counted)
    chances = [item.chance for item in counted]
    return BiasCount(
        len(all_items), len(counted), observed, sum(chances), tail_at_least(chances, observed)
    )


def tail_at_least(chances: Sequence[float], observed: int) -> float:
    """P(X >= observed) where X is a sum of independent draws with the given chances.

    Exact, by dynamic programming over the number of successes (Poisson-binomial law).
    """
    if observed <= 0:
        return 1.0
    dist = [1.0]
    for p in chances:
        nxt = [0.0] * (len(dist) + 1)
        for k, mass in enumerate(dist):
            nxt[k] += mass * (1 - p)
            nxt[k + 1] += mass * p
        dist = nxt
    return min(1.0, sum(dist[observed:]))


def item_message(item: ChoiceItem) -> str:
    """The French sentence for one item whose right option gives itself away by its length."""
    return (
        f"{ITEM_WORDS.get(item.engine, 'choix')} : la bonne réponse est {_fr(item.ratio, 1)} "
        f"fois plus longue que chaque mauvaise réponse (maximum {_fr(RATIO_MAX, 1)}) ; "
        "allongez les mauvaises réponses ou raccourcissez la bonne"
    )


def count_message(result: BiasCount, where: str, pick: str = LONGEST) -> str:
    """The French sentence for a set of items where the longest (shortest) option wins too often."""
    which = "la plus longue" if pick == LONGEST else "la plus courte"
    fix = (
        "écrivez des mauvaises réponses aussi longues que la bonne"
        if pick == LONGEST
        else "la bonne réponse ne doit pas être toujours la plus courte"
    )
    return (
        f"{where} : la bonne réponse est {which} dans {result.won} choix "
        f"sur {result.counted} (le hasard en donnerait environ {_fr(result.expected, 1)} ; "
        f"probabilité {_fr(result.p_value, 3)}, il faut au moins {_fr(ALPHA, 2)}) ; {fix}"
    )


def _fr(value: float, digits: int) -> str:
    """A number written the French way (decimal comma) for a content writer."""
    return f"{value:.{digits}f}".replace(".", ",")


def item_problems(items: Iterable[ChoiceItem]) -> list[ChoiceItem]:
    """The items whose right option is more than :data:`RATIO_MAX` times every wrong one."""
    return [item for item in items if item.ratio > RATIO_MAX]
