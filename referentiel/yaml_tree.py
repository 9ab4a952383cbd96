"""Read a framework file's YAML as a node tree, so that each problem names its line.

The tree is built by ``yaml.compose`` with the safe loader (libyaml when present). Anchors,
aliases and tags are refused, and nesting and size are bounded, by a first pass over the
parser's events, before the tree is built: a hostile file fails fast with one clear problem
per refusal. Validation of the tree itself is the loader's (`referentiel.loader`).
"""

from __future__ import annotations

from typing import cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from referentiel.errors import Problem, ReferentielError

MAX_DEPTH = 12
MAX_EVENTS = 100_000

# libyaml when present: the pure-Python parser needs about a minute for a hostile 2 MB file.
_SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)
_TAG = "tag:yaml.org,2002:"
_TYPE_NAMES = {
    "str": "texte",
    "int": "nombre entier",
    "float": "nombre décimal",
    "bool": "oui/non",
    "null": "vide",
    "timestamp": "date",
    "binary": "binaire",
}


def _compose(text: str, name: str) -> MappingNode:
    """The root node, after refusing anchors, aliases, tags and deep nesting."""
    hostile: list[Problem] = []
    try:
        depth = 0
        for count, event in enumerate(yaml.parse(text, Loader=_SAFE_LOADER)):
            line = event.start_mark.line + 1
            if count > MAX_EVENTS:
                hostile.append(Problem(name, line, "", "Trop d'éléments dans le fichier"))
                break
            if isinstance(event, yaml.AliasEvent):
                hostile.append(Problem(name, line, "", f"Alias YAML interdit « *{event.anchor} »"))
                continue
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                hostile.append(Problem(name, line, "", f"Ancre YAML interdite « &{event.anchor} »"))
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
                hostile.append(Problem(name, line, "", f"Étiquette YAML interdite « {shown} »"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    hostile.append(Problem(name, line, "", "Trop de niveaux d'imbrication"))
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        if hostile:
            raise ReferentielError(hostile)
        root = cast(Node | None, yaml.compose(text, Loader=_SAFE_LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        detail = error.problem or error.context or "erreur inconnue"
        if error.context and detail.startswith("but "):
            detail = f"{error.context}, {detail}"
        raise ReferentielError(
            [*hostile, Problem(name, line, "", f"Syntaxe YAML invalide : {detail}")]
        ) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise ReferentielError(
            [*hostile, Problem(name, line, "", "Caractère interdit dans le fichier")]
        ) from None
    except yaml.YAMLError as error:
        raise ReferentielError(
            [*hostile, Problem(name, 0, "", f"YAML illisible : {error}")]
        ) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _TAG + "null"):
        raise ReferentielError([Problem(name, 1, "", "Fichier vide")])
    if not isinstance(root, MappingNode):
        message = "Le fichier doit être un dictionnaire (clé: valeur), pas " + _type_name(root)
        raise ReferentielError([Problem(name, _line(root), "", message)])
    return root


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _type_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "un dictionnaire"
    if isinstance(node, SequenceNode):
        return "une liste"
    short = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else node.tag
    return _TYPE_NAMES.get(short, short)


def _is_text(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "str"
