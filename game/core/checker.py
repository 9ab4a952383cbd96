"""The checker used by the content validator: typed getters that record located problems.

Every getter returns a safe default when the value is wrong, so validation goes on and
reports every problem of a file at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from game.core.content import Document
from game.core.errors import ContentProblem
from game.core.yamlsource import LineMap, format_path
from game.core.yamlsource import Path as KeyPath

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Longest text accepted per kind of text: keeps the screens readable and hostile files small.
LABEL_MAX = 120
SENTENCE_MAX = 400
TEXT_MAX = 1200
ACCESS_MAX = 600


class Checker:
    """Collects the problems of one file; typed getters return a safe default when wrong."""

    def __init__(self, file: str, lines: LineMap) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[ContentProblem] = []

    def add(self, path: KeyPath, kind: str, message: str) -> None:
        self.problems.append(
            ContentProblem(self.file, self.lines.line(path), format_path(path), kind, message)
        )

    # -- shapes ------------------------------------------------------------------------

    def mapping(
        self,
        value: object,
        path: KeyPath,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> Mapping[str, Any]:
        """Check ``value`` is a mapping with the required keys and no unknown key."""
        if not isinstance(value, Mapping):
            self.add(path, "type", f"doit être un bloc de champs ({kind_of(value)} trouvé)")
            return {}
        for key in required:
            if key not in value:
                self.add(path, "missing", f"champ manquant « {key} »")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.add((*path, str(key)), "unknown_key", f"champ inconnu « {key} »")
        return value

    def seq(
        self, parent: Mapping[str, Any], key: str, path: KeyPath, low: int, high: int
    ) -> list[Any]:
        """A required list of ``low`` to ``high`` entries."""
        if key not in parent:
            return []
        value = parent[key]
        here = (*path, key)
        if not isinstance(value, list):
            self.add(here, "type", f"doit être une liste ({kind_of(value)} trouvé)")
            return []
        if not low <= len(value) <= high:
            self.add(here, "count", f"il faut de {low} à {high} éléments ({len(value)} trouvés)")
        return value

    def text(
        self, parent: Mapping[str, Any], key: str, path: KeyPath, limit: int = SENTENCE_MAX
    ) -> str:
        """A required, non-empty, single-paragraph French text."""
        if key not in parent:
            return ""
        return self.text_value(parent[key], (*path, key), limit)

    def text_value(self, value: object, path: KeyPath, limit: int = SENTENCE_MAX) -> str:
        if not isinstance(value, str):
            self.add(path, "type", f"doit être un texte ({kind_of(value)} trouvé)")
            return ""
        stripped = value.strip()
        if not stripped:
            self.add(path, "empty", "le texte est vide")
        elif len(stripped) > limit:
            self.add(path, "too_long", f"texte trop long ({len(stripped)} signes, maximum {limit})")
        elif _CONTROL.search(stripped):
            self.add(path, "type", "le texte contient des caractères de contrôle")
        return " ".join(stripped.split())

    def ident(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> str:
        """A required short identifier (no spaces)."""
        value = parent.get(key)
        if key not in parent:
            return ""
        if not isinstance(value, str) or not value.strip() or len(value.split()) != 1:
            self.add((*path, key), "type", "doit être un identifiant sans espace")
            return ""
        if len(value) > 60:
            self.add((*path, key), "too_long", "identifiant trop long (maximum 60 signes)")
        return value

    def number(
        self,
        parent: Mapping[str, Any],
        key: str,
        path: KeyPath,
        low: float | None = None,
        high: float | None = None,
    ) -> float:
        if key not in parent:
            return 0.0
        value = parent[key]
        here = (*path, key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.add(here, "type", f"doit être un nombre ({kind_of(value)} trouvé)")
            return 0.0
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(
                here,
                "range",
                f"doit être entre {low:g} et {high:g}"
                if high is not None
                else f"doit être au moins {low:g}",
            )
        return float(value)

    def integer(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> int:
        if key not in parent:
            return 0
        value = parent[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add((*path, key), "type", f"doit être un nombre entier ({kind_of(value)} trouvé)")
            return 0
        return int(value)

    def boolean(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> bool:
        if key not in parent:
            return False
        value = parent[key]
        if not isinstance(value, bool):
            self.add((*path, key), "type", f"doit être true ou false ({kind_of(value)} trouvé)")
            return False
        return value

    def index(self, parent: Mapping[str, Any], key: str, path: KeyPath, size: int) -> int:
        """An index into a list of ``size`` options."""
        value = self.integer(parent, key, path)
        is_int = isinstance(parent.get(key), int) and not isinstance(parent.get(key), bool)
        if is_int and not 0 <= value < size:
            self.add(
                (*path, key),
                "index_range",
                f"la bonne réponse doit être un numéro entre 0 et {size - 1} (trouvé {value})",
            )
        return value

    def texts(
        self, parent: Mapping[str, Any], key: str, path: KeyPath, low: int, high: int
    ) -> tuple[str, ...]:
        return tuple(
            self.text_value(item, (*path, key, i))
            for i, item in enumerate(self.seq(parent, key, path, low, high))
        )

    def unique(self, values: Sequence[str], path: KeyPath, key: str, what: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value and value in seen:
                self.add(
                    (*path, i, key) if key else (*path, i),
                    "duplicate",
                    f"{what} en double « {value} »",
                )
            seen.add(value)

    def document(self, parent: Mapping[str, Any], key: str, path: KeyPath, body: str) -> Document:
        """A ``{title, lines: [...]}`` block (or ``{title, description}`` with ``body``)."""
        here = (*path, key)
        block = self.mapping(parent.get(key, {}), here, ("title", body)) if key in parent else {}
        title = self.text(block, "title", here, LABEL_MAX)
        if body == "lines":
            return Document(title, self.texts(block, "lines", here, 1, 12))
        return Document(title, (self.text(block, body, here, TEXT_MAX),))


def kind_of(value: object) -> str:
    names = {
        bool: "oui/non",
        int: "nombre",
        float: "nombre",
        str: "texte",
        list: "liste",
        dict: "bloc",
        type(None): "rien",
    }
    return names.get(type(value), type(value).__name__)
