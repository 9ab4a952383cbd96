"""The one safe way this project reads YAML: bytes in, a checked node tree out.

Both the competency framework loader (`referentiel.loader`) and the game's content loader
(`game.core.yamlsource`) read YAML through this module, so they share the same safety limits:
a size limit, UTF-8 only, no anchors or aliases (no "billion laughs"), no tags (no
``!!python/object``), bounded nesting and element count, one document, and a line number for
every refusal. Duplicate keys are listed by :func:`duplicate_keys` (PyYAML would keep the last
one silently). The limits are checked on the parser's events, before any tree is built, so a
hostile file fails fast.

It lives in ``referentiel`` because that package is the lowest layer (PyYAML only, no Flask,
no pygame) and ``game.core`` already depends on it to load the framework. Refusals carry a
``kind`` and raw details, not sentences: each loader words its own messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 12
MAX_EVENTS = 100_000

# libyaml when present: the pure-Python parser needs about a minute for a hostile 2 MB file.
SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)
TAG = "tag:yaml.org,2002:"

Kind = Literal[
    "size", "encoding", "anchor", "alias", "tag", "depth", "events", "syntax", "character", "other"
]
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason a text is refused. ``line`` is 1-based, 0 when unknown.

    ``detail`` depends on ``kind``: the anchor or alias name, the tag as written (``!!str``),
    the size in bytes, or the parser's problem; ``context`` is the parser's context, if any.
    """

    kind: Kind
    line: int
    detail: str = ""
    context: str = ""


class YamlRefused(ValueError):
    """The text is not YAML we accept; ``refusals`` lists every reason found, in file order."""

    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = tuple(refusals)
        super().__init__(self.refusals)


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key written twice in one mapping: its path, its line and the line of the first one."""

    path: KeyPath
    line: int
    first_line: int


def decode(raw: bytes, max_bytes: int) -> str:
    """The text of ``raw``: refused when larger than ``max_bytes`` or not UTF-8 (BOM dropped)."""
    if len(raw) > max_bytes:
        raise YamlRefused([Refusal("size", 0, str(len(raw)))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlRefused([Refusal("encoding", line)]) from None


def compose(text: str) -> Node | None:
    """The node tree of the single document in ``text`` (None when there is no document).

    Raises :class:`YamlRefused` for anchors, aliases, tags, deep nesting, too many elements,
    several documents, syntax errors and forbidden characters.
    """
    hostile: list[Refusal] = []
    try:
        _check_events(text, hostile)
        if hostile:
            raise YamlRefused(hostile)
        return cast(Node | None, yaml.compose(text, Loader=SAFE_LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        refusal = Refusal("syntax", line, error.problem or "", error.context or "")
    except yaml.reader.ReaderError as error:
        refusal = Refusal("character", text[: error.position].count("\n") + 1)
    except yaml.YAMLError as error:
        refusal = Refusal("other", 0, str(error))
    raise YamlRefused([*hostile, refusal]) from None


def _check_events(text: str, hostile: list[Refusal]) -> None:
    """Append to ``hostile`` every anchor, alias and tag; stop at the depth or count limit."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=SAFE_LOADER)):
        line = event.start_mark.line + 1
        if count > MAX_EVENTS:
            hostile.append(Refusal("events", line))
            return
        if isinstance(event, yaml.AliasEvent):
            hostile.append(Refusal("alias", line, str(event.anchor)))
            continue
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            hostile.append(Refusal("anchor", line, str(event.anchor)))
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag
            hostile.append(Refusal("tag", line, shown))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                hostile.append(Refusal("depth", line))
                return
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def duplicate_keys(root: Node | None) -> list[DuplicateKey]:
    """Every key written twice in the same mapping, in file order."""
    found: list[DuplicateKey] = []
    stack: list[tuple[Node, KeyPath]] = [] if root is None else [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            first: dict[object, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else None
                line = int(key_node.start_mark.line) + 1
                if key is not None and key in first:
                    found.append(DuplicateKey((*path, key), line, first[key]))
                first.setdefault(key, line)
                stack.append((value_node, (*path, str(key))))
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return sorted(found, key=lambda duplicate: duplicate.line)
