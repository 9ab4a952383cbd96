"""The interview question bank: a YAML file written by us, read by a strict loader.

``portfolio/data/interview_questions.yaml`` holds the questions a trainee rehearses. The file
is read through the project's one safe YAML reader (:mod:`referentiel.safe_yaml`: size limit,
UTF-8, no anchors, aliases or tags), then every question is checked and *every* problem is
reported at once with ``file:line``: a missing or unknown field, an empty text, a duplicate
id, a competency id no loaded framework knows, a grand domaine letter the ROME does not have.
One bad question stops the start, rather than a practice page failing later.

No Flask here: the caller passes the competency ids and domain letters that are valid, so the
tests load crafted files without an app. :func:`load_bank` caches on the file's stamp.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from referentiel import safe_yaml
from referentiel.errors import Problem

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "interview_questions.yaml"
MAX_BYTES = 512 * 1024
MAX_TEXT = 400
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
TEXT_FIELDS = ("text", "text_en", "looking_for", "looking_for_en", "tip", "tip_en")
LIST_FIELDS = ("competencies", "domains")
FIELDS = ("id", *TEXT_FIELDS, *LIST_FIELDS)
_STR = safe_yaml.TAG + "str"


class QuestionBankError(ValueError):
    """The question bank file is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


@dataclass(frozen=True, slots=True)
class Question:
    """One interview question; ``domains`` empty means a general question."""

    id: str
    text: str
    text_en: str
    looking_for: str
    looking_for_en: str
    tip: str
    tip_en: str
    competencies: tuple[str, ...]
    domains: tuple[str, ...]

    @property
    def general(self) -> bool:
        return not self.domains

    def words(self, language: str | None) -> tuple[str, str, str]:
        """(question, what the recruiter looks for, tip) in the reader's language."""
        if language == "en":
            return self.text_en, self.looking_for_en, self.tip_en
        return self.text, self.looking_for, self.tip


@dataclass(frozen=True, slots=True)
class QuestionBank:
    """Every question, in file order, and lookups by id and by grand domaine."""

    version: int
    questions: tuple[Question, ...]
    by_id: dict[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {q.id: q for q in self.questions})

    def get(self, question_id: object) -> Question | None:
        return self.by_id.get(question_id) if isinstance(question_id, str) else None

    def general(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.general)

    def for_domain(self, letter: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if letter in q.domains)


class _Reader:
    """Walks the node tree and collects problems with their lines."""

    def __init__(self, name: str, competencies: Set[str], domains: Set[str]) -> None:
        self.name = name
        self.known_competencies = competencies
        self.known_domains = domains
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, key: str, message: str) -> None:
        line = int(node.start_mark.line) + 1 if node is not None else 0
        self.problems.append(Problem(self.name, line, key, message))

    def bank(self, root: Node | None) -> QuestionBank:
        if not isinstance(root, MappingNode):
            self.problem(root, "", "Le fichier doit être un dictionnaire (version, questions)")
            return QuestionBank(0, ())
        values = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
        for key, (key_node, _value) in values.items():
            if key not in ("version", "questions"):
                self.problem(key_node, str(key), "Clé inconnue")
        version = 0
        if "version" not in values:
            self.problem(root, "version", "Champ obligatoire manquant")
        else:
            node = values["version"][1]
            if isinstance(node, ScalarNode) and node.value.isdigit():
                version = int(node.value)
            else:
                self.problem(node, "version", "La version doit être un nombre entier")
        if "questions" not in values:
            self.problem(root, "questions", "Champ obligatoire manquant")
            return QuestionBank(version, ())
        items = values["questions"][1]
        if not isinstance(items, SequenceNode) or not items.value:
            self.problem(items, "questions", "Il faut une liste de questions, non vide")
            return QuestionBank(version, ())
        questions: list[Question] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(items.value):
            question = self.question(item, f"questions[{index}]")
            if question is None:
                continue
            line = int(item.start_mark.line) + 1
            if question.id in first_line:
                self.problem(
                    item,
                    f"questions[{index}].id",
                    f"Identifiant « {question.id} » en double (déjà ligne {first_line[question.id]})",
                )
                continue
            first_line[question.id] = line
            questions.append(question)
        return QuestionBank(version, tuple(questions))

    def question(self, node: Node, where: str) -> Question | None:
        if not isinstance(node, MappingNode):
            self.problem(node, where, "Une question doit être un dictionnaire (clé: valeur)")
            return None
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else ""
            if key not in FIELDS:
                self.problem(key_node, f"{where}.{key}", "Champ inconnu")
            else:
                values[key] = value_node
        before = len(self.problems)
        for name in FIELDS:
            if name not in values:
                self.problem(node, f"{where}.{name}", "Champ obligatoire manquant")
        texts = {name: self.text(values.get(name), f"{where}.{name}") for name in TEXT_FIELDS}
        question_id = self.text(values.get("id"), f"{where}.id")
        if question_id and not ID_RE.match(question_id):
            self.problem(
                values["id"],
                f"{where}.id",
                "Identifiant invalide (minuscules, chiffres et tirets, 40 caractères au plus)",
            )
        competencies = self.ids(values.get("competencies"), f"{where}.competencies")
        for cid, item in competencies:
            if cid not in self.known_competencies:
                self.problem(item, f"{where}.competencies", f"Compétence inconnue « {cid} »")
        if "competencies" in values and not competencies:
            self.problem(values["competencies"], f"{where}.competencies", "Au moins une compétence")
        domains = self.ids(values.get("domains"), f"{where}.domains")
        for letter, item in domains:
            if letter not in self.known_domains:
                self.problem(item, f"{where}.domains", f"Grand domaine inconnu « {letter} »")
        if len(self.problems) > before:
            return None
        return Question(
            id=question_id,
            competencies=tuple(dict.fromkeys(c for c, _ in competencies)),
            domains=tuple(dict.fromkeys(d for d, _ in domains)),
            **texts,
        )

    def text(self, node: Node | None, key: str) -> str:
        if node is None:
            return ""
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.problem(node, key, "Il faut un texte")
            return ""
        value = " ".join(str(node.value).split())
        if not value:
            self.problem(node, key, "Texte vide")
        elif len(value) > MAX_TEXT:
            self.problem(node, key, f"Texte trop long (plus de {MAX_TEXT} caractères)")
        return value

    def ids(self, node: Node | None, key: str) -> list[tuple[str, Node]]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, key, "Il faut une liste, par exemple [E2C-1C, SOC1]")
            return []
        found: list[tuple[str, Node]] = []
        for item in node.value:
            if isinstance(item, ScalarNode) and item.tag == _STR and item.value.strip():
                found.append((item.value.strip(), item))
            else:
                self.problem(item, key, "Chaque élément doit être un texte non vide")
        return found


def parse_bank(raw: bytes, name: str, *, competencies: Set[str], domains: Set[str]) -> QuestionBank:
    """The bank in ``raw``; :class:`QuestionBankError` lists every problem with its line."""
    try:
        root = safe_yaml.compose(safe_yaml.decode(raw, MAX_BYTES))
    except safe_yaml.YamlRefused as refused:
        raise QuestionBankError(
            Problem(name, r.line, "", f"YAML refusé ({r.kind}) {r.detail}".strip())
            for r in refused.refusals
        ) from None
    reader = _Reader(name, competencies, domains)
    for duplicate in safe_yaml.duplicate_keys(root):
        reader.problems.append(
            Problem(
                name,
                duplicate.line,
                ".".join(str(p) for p in duplicate.path),
                f"Clé en double (déjà ligne {duplicate.first_line})",
            )
        )
    bank = reader.bank(root)
    if reader.problems:
        raise QuestionBankError(sorted(reader.problems, key=lambda p: p.line))
    return bank


def load_bank(
    path: Path | str = DEFAULT_PATH, *, competencies: Set[str], domains: Set[str]
) -> QuestionBank:
    """Read and check the bank file, once per process while it and the ids are unchanged."""
    path = Path(path)
    if not path.is_file():
        raise QuestionBankError([Problem(str(path), 0, "", "Fichier introuvable")])
    stat = path.stat()
    return _cached(
        str(path), (stat.st_size, stat.st_mtime_ns), frozenset(competencies), frozenset(domains)
    )


@lru_cache(maxsize=8)
def _cached(
    path: str, stamp: tuple[int, int], competencies: frozenset[str], domains: frozenset[str]
) -> QuestionBank:
    del stamp  # part of the cache key only: a changed file is read again
    return parse_bank(
        Path(path).read_bytes(), Path(path).name, competencies=competencies, domains=domains
    )
