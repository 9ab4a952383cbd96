"""Read a YAML file into plain Python data and remember the line of every value.

The validator needs to say *where* a problem is. The shared safe reader
(`referentiel.safe_yaml`, also used by the framework loader) refuses hostile files (size,
anchors and aliases, tags, deep nesting, several documents) and returns the node tree, which
keeps the position of every node; we build the data from it and record one line per path
(``("tasks", 0, "title") -> 12``). This module only words the reader's refusals for a content
writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from referentiel import safe_yaml

Path = safe_yaml.KeyPath

MAX_BYTES = 256 * 1024


class YamlSourceError(ValueError):
    """The text is not a YAML document we accept. ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class LineMap:
    """Line of each value in the document, by path. Missing paths fall back to their parent."""

    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """Return the line of ``path``, or of its nearest known parent (1 for the root)."""
        probe = path
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def load_yaml(raw: bytes) -> tuple[Any, LineMap]:
    """Parse one YAML document from ``raw`` bytes; return the data and its line map.

    Raises :class:`YamlSourceError` with a French message for: a file too big, bytes that are
    not UTF-8, YAML syntax errors, several documents, anchors or aliases, tags, deep nesting.
    """
    try:
        node = safe_yaml.compose(safe_yaml.decode(raw, MAX_BYTES))
    except safe_yaml.YamlRefused as error:
        first = error.refusals[0]
        raise YamlSourceError(first.line, _message(first, len(raw))) from None
    if node is None:
        raise YamlSourceError(1, "le fichier est vide")
    lines = LineMap()
    _walk(node, (), lines)
    lines.duplicates = [(d.path, d.line) for d in safe_yaml.duplicate_keys(node)]
    constructor: Any = SafeConstructor()  # typed Any: PyYAML's stubs leave it untyped
    try:
        data = constructor.construct_document(node)
    except yaml.MarkedYAMLError as exc:  # a value the safe constructor refuses (a bad date)
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSourceError(line, f"YAML illisible : {exc.problem or exc.context}") from None
    return data, lines


def _message(refusal: safe_yaml.Refusal, size: int) -> str:
    """A refusal of the safe reader, worded for a content writer."""
    match refusal.kind:
        case "size":
            return f"fichier trop gros ({size} octets, maximum {MAX_BYTES})"
        case "encoding":
            return "le fichier n'est pas en UTF-8"
        case "anchor" | "alias":
            return "les ancres et alias YAML (&, *) sont refusés"
        case "tag":
            return f"les étiquettes YAML sont refusées (« {refusal.detail} »)"
        case "depth":
            return "trop de niveaux d'imbrication"
        case "events":
            return "trop d'éléments dans le fichier"
        case "character":
            return "caractère interdit dans le fichier"
        case _:
            return f"YAML illisible : {refusal.detail or refusal.context or 'erreur de syntaxe'}"


def _walk(node: yaml.Node, path: Path, lines: LineMap) -> None:
    """Record the line of ``node`` and of everything under it (depth bounded by the reader)."""
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: object = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise YamlSourceError(
                    key_node.start_mark.line + 1, "une clé doit être un simple mot"
                )
            # A block value starts on the line after its key: point at the key, which is
            # what a person looks for.
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def format_path(path: Path) -> str:
    """Render a path as ``tasks[0].data.items[2].category``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def is_mapping(value: object) -> bool:
    """True for a YAML mapping (a dict once loaded)."""
    return isinstance(value, Mapping)
