"""Read a framework file's YAML as a node tree, so that each problem names its line.

The reading itself (size, encoding, anchors, aliases, tags, nesting, syntax) is the shared
safe reader's (`referentiel.safe_yaml`); this module words its refusals for a framework
editor. Validation of the tree itself is the loader's (`referentiel.loader`).
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from referentiel import safe_yaml
from referentiel.errors import Problem, ReferentielError

_TAG = safe_yaml.TAG
_TYPE_NAMES = {
    "str": "texte",
    "int": "nombre entier",
    "float": "nombre décimal",
    "bool": "oui/non",
    "null": "vide",
    "timestamp": "date",
    "binary": "binaire",
}


def _decode(raw: bytes, name: str, max_bytes: int) -> str:
    """The text of a file's bytes; refused when too large or not UTF-8."""
    try:
        return safe_yaml.decode(raw, max_bytes)
    except safe_yaml.YamlRefused as error:
        raise ReferentielError(_problem(name, r, max_bytes) for r in error.refusals) from None


def _compose(text: str, name: str) -> MappingNode:
    """The root node, after refusing anchors, aliases, tags and deep nesting."""
    try:
        root = safe_yaml.compose(text)
    except safe_yaml.YamlRefused as error:
        raise ReferentielError(_problem(name, r, 0) for r in error.refusals) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _TAG + "null"):
        raise ReferentielError([Problem(name, 1, "", "Fichier vide")])
    if not isinstance(root, MappingNode):
        message = "Le fichier doit être un dictionnaire (clé: valeur), pas " + _type_name(root)
        raise ReferentielError([Problem(name, _line(root), "", message)])
    return root


def _problem(name: str, refusal: safe_yaml.Refusal, max_bytes: int) -> Problem:
    """A refusal of the safe reader, worded for the person who edits the framework."""
    detail = refusal.detail
    match refusal.kind:
        case "size":
            message = f"Fichier trop gros (plus de {max_bytes // (1024 * 1024)} Mo)"
        case "encoding":
            message = "Le fichier n'est pas en UTF-8"
        case "events":
            message = "Trop d'éléments dans le fichier"
        case "alias":
            message = f"Alias YAML interdit « *{detail} »"
        case "anchor":
            message = f"Ancre YAML interdite « &{detail} »"
        case "tag":
            message = f"Étiquette YAML interdite « {detail} »"
        case "depth":
            message = "Trop de niveaux d'imbrication"
        case "syntax":
            shown = detail or refusal.context or "erreur inconnue"
            if refusal.context and shown.startswith("but "):
                shown = f"{refusal.context}, {shown}"
            message = f"Syntaxe YAML invalide : {shown}"
        case "character":
            message = "Caractère interdit dans le fichier"
        case _:
            message = f"YAML illisible : {detail}"
    return Problem(name, refusal.line, "", message)


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
