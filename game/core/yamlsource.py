"""Read a YAML file into plain Python data and remember the line of every value.

The validator needs to say *where* a problem is. PyYAML's composer keeps the position of every
node, so we compose the node tree, build the data from it, and record one line per path
(``("tasks", 0, "title") -> 12``). Anchors and aliases are refused: content files do not need
them, and refusing them closes the door to "billion laughs" files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
    not UTF-8, YAML syntax errors, several documents, anchors or aliases.
    """
    if len(raw) > MAX_BYTES:
        raise YamlSourceError(0, f"fichier trop gros ({len(raw)} octets, maximum {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlSourceError(line, "le fichier n'est pas en UTF-8") from None
    text = text.removeprefix("\ufeff")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlSourceError(1, "le fichier est vide")
        lines = LineMap()
        _walk(node, (), lines, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "erreur de syntaxe"
        raise YamlSourceError(line, f"YAML illisible : {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(0, f"YAML illisible : {exc}") from None
    finally:
        loader.dispose()
    return data, lines


def _walk(node: yaml.Node, path: Path, lines: LineMap, seen: set[int]) -> None:
    """Record the line of ``node`` and of everything under it; refuse shared (aliased) nodes."""
    if id(node) in seen:
        raise YamlSourceError(
            node.start_mark.line + 1, "les ancres et alias YAML (&, *) sont refusés"
        )
    seen.add(id(node))
    if getattr(node, "anchor", None):
        raise YamlSourceError(
            node.start_mark.line + 1, "les ancres et alias YAML (&, *) sont refusés"
        )
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys_seen: set[object] = set()
        for key_node, value_node in node.value:
            key: object = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise YamlSourceError(
                    key_node.start_mark.line + 1, "une clé doit être un simple mot"
                )
            if key in keys_seen:
                lines.duplicates.append(((*path, key), key_node.start_mark.line + 1))
            keys_seen.add(key)
            # A block value starts on the line after its key: point at the key, which is
            # what a person looks for.
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, seen)


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
