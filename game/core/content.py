"""The content model: trades, their tasks, and the data of each mini-game engine.

Objects are frozen: they are built once by :mod:`game.core.loader` from the YAML files in
``assets/game/trades`` and shared read-only by the whole game.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

ENGINES = ("sort", "order", "measure", "dialogue", "hazard", "route", "form", "quiz")
RIASEC = ("R", "I", "A", "S", "E", "C")
GRAND_DOMAINS = tuple("ABCDEFGHIJKLMN")
GAME_LEVELS = (0, 1, 2)
"""Levels the game may give. 3 and 4 need a referent: the game never gives them."""
REGULATED_TRADES = frozenset({"J1501", "J1305", "N1101", "N4105", "N4101"})
DOMAIN_LABELS = {
    "A": "Agriculture, espaces verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente, grande distribution",
    "E": "Communication, média, multimédia",
    "F": "Construction, bâtiment, travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs, animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}
"""The 14 ROME grands domaines (official labels, facts)."""


@dataclass(frozen=True, slots=True)
class Document:
    """A short document shown to the player (a label, a delivery note, a situation)."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Category:
    """A box the player sorts items into."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class SortItem:
    """An item and the id of the category it belongs to."""

    label: str
    category: str


@dataclass(frozen=True, slots=True)
class SortData:
    """``sort``: put each item in the right category."""

    categories: tuple[Category, ...]
    items: tuple[SortItem, ...]


@dataclass(frozen=True, slots=True)
class OrderData:
    """``order``: steps of a procedure, in the correct order (the game shuffles them)."""

    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeasureQuestion:
    """A number to read or compute from the document, with its unit and tolerance."""

    prompt: str
    answer: float
    unit: str
    tolerance: float


@dataclass(frozen=True, slots=True)
class MeasureData:
    """``measure``: read quantities from a document and type numbers."""

    document: Document
    questions: tuple[MeasureQuestion, ...]


@dataclass(frozen=True, slots=True)
class DialogueChoice:
    """One answer the player may give; ``next`` is a node id or ``None`` (end)."""

    text: str
    score: int
    feedback: str
    next: str | None


@dataclass(frozen=True, slots=True)
class DialogueNode:
    """A decision point: someone speaks, the player answers."""

    id: str
    speaker: str
    text: str
    choices: tuple[DialogueChoice, ...]
    why: bool = False
    """True when this decision point asks the reason of a choice (it may show "J'explique")."""


@dataclass(frozen=True, slots=True)
class DialogueData:
    """``dialogue``: a short conversation with a customer or a colleague."""

    start: str
    nodes: tuple[DialogueNode, ...]

    def node(self, node_id: str) -> DialogueNode:
        """Return the node called ``node_id`` (the validator made sure it exists)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


@dataclass(frozen=True, slots=True)
class HazardSpot:
    """Something in the scene; ``hazard`` tells whether it is a danger or a mistake."""

    label: str
    hazard: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class HazardData:
    """``hazard``: mark the spots that are a danger or a mistake."""

    scene: Document
    spots: tuple[HazardSpot, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """A place on the map; x and y are in 0..100."""

    id: str
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class RouteData:
    """``route``: choose the order of visits, starting from ``start``."""

    places: tuple[Place, ...]
    start: str
    visit: tuple[str, ...]
    return_to_start: bool

    def place(self, place_id: str) -> Place:
        """Return the place called ``place_id``."""
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)


@dataclass(frozen=True, slots=True)
class FormField:
    """A field of a form: the player picks one option; ``answer`` is the right index."""

    label: str
    options: tuple[str, ...]
    answer: int


@dataclass(frozen=True, slots=True)
class FormData:
    """``form``: fill in a form from the facts of a situation."""

    situation: Document
    fields: tuple[FormField, ...]


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """A question with 2 to 4 options; ``answer`` is the right index."""

    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    why: bool = False
    """True when the question asks the reason of a choice (it may show "J'explique")."""


@dataclass(frozen=True, slots=True)
class QuizData:
    """``quiz``: a few questions, each followed by its explanation."""

    questions: tuple[QuizQuestion, ...]


EngineData = (
    SortData | OrderData | MeasureData | DialogueData | HazardData | RouteData | FormData | QuizData
)


@dataclass(frozen=True, slots=True)
class CompetencyRef:
    """A competency of the framework exercised by a task, with the indicators observed."""

    id: str
    indicators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """From score ``min`` (0..1) upwards, the task shows ``level``."""

    min: float
    level: int


@dataclass(frozen=True, slots=True)
class Task:
    """One task of a trade, played through one engine."""

    id: str
    engine: str
    title: str
    instructions: str
    competencies: tuple[CompetencyRef, ...]
    bands: tuple[Band, ...]
    hints: tuple[str, ...]
    data: EngineData
    variants: tuple[EngineData, ...] = ()
    """Other versions of ``data`` (same engine), so a replay is not memorisation."""

    @property
    def all_data(self) -> tuple[EngineData, ...]:
        """``data`` then each variant: every version of the task a player may get."""
        return (self.data, *self.variants)

    def pick_data(self, rng: random.Random) -> EngineData:
        """The version of the task for one play, chosen by ``rng`` among :attr:`all_data`.

        A task without variants does not draw from ``rng``, so its other shuffles stay as they
        were for a given seed.
        """
        if not self.variants:
            return self.data
        return self.all_data[rng.randrange(len(self.all_data))]


@dataclass(frozen=True, slots=True)
class Image:
    """An optional picture; ``file`` is relative to ``assets/game``. ``alt`` describes it."""

    file: str | None
    alt: str


@dataclass(frozen=True, slots=True)
class Intro:
    """The trade's introduction: "Une journée comme ..."."""

    title: str
    text: str
    where: str
    image: Image | None


@dataclass(frozen=True, slots=True)
class StoryLine:
    """One short line of the first-day story; ``speaker`` ``mentor`` is the game's mentor."""

    speaker: str
    text: str

    @property
    def by_mentor(self) -> bool:
        return self.speaker == MENTOR_SPEAKER


MENTOR_SPEAKER = "mentor"
"""The speaker written in story files for the mentor (her name lives in the UI strings)."""


@dataclass(frozen=True, slots=True)
class Story:
    """A trade's first day (``assets/game/story/<ROME>.yaml``): arrival, reactions, interview."""

    rome: str
    arrival: tuple[StoryLine, ...]
    after_good: StoryLine
    """Said after a task reached "Je fais" or more."""
    after_weak: StoryLine
    """Said after a task that did not reach "Je fais" yet."""
    end_of_day: StoryLine
    recruiter: str
    interview: Task
    """The job interview: a ``dialogue`` task that gives evidence like any other."""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Trade:
    """A trade (one file), with its ROME facts, its introduction and 2 or 3 tasks."""

    rome: str
    rome_parent: str
    label: str
    grand_domaine: str
    riasec: tuple[str, ...]
    regulated: bool
    access: str | None
    intro: Intro
    tasks: tuple[Task, ...]
    source: str = ""
    content_hash: str = ""
    story: Story | None = None

    @property
    def played_tasks(self) -> tuple[Task, ...]:
        """The tasks, then the job interview when the trade has a story."""
        if self.story is None:
            return self.tasks
        return (*self.tasks, self.story.interview)

    def task(self, task_id: str) -> Task:
        """Return the task called ``task_id``."""
        for task in self.played_tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every trade of the game, sorted by ROME code, and the content version."""

    trades: tuple[Trade, ...]
    version: str
    _by_rome: Mapping[str, Trade] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_rome", {trade.rome: trade for trade in self.trades})

    def trade(self, rome: str) -> Trade:
        """Return the trade with ROME code ``rome``."""
        return self._by_rome[rome]

    def by_domain(self) -> dict[str, tuple[Trade, ...]]:
        """Trades grouped by ROME grand domaine (A..N), domains in letter order."""
        groups: dict[str, list[Trade]] = {}
        for trade in self.trades:
            groups.setdefault(trade.grand_domaine, []).append(trade)
        return {letter: tuple(groups[letter]) for letter in sorted(groups)}
