"""Validation of each engine's ``data`` block (docs/GAME_CONTENT.md, "Engine data")."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from game.core.checker import LABEL_MAX, Checker
from game.core.content import (
    ENGINES,
    Category,
    DialogueChoice,
    DialogueData,
    DialogueNode,
    EngineData,
    FormData,
    FormField,
    HazardData,
    HazardSpot,
    MeasureData,
    MeasureQuestion,
    OrderData,
    Place,
    QuizData,
    QuizQuestion,
    RouteData,
    SortData,
    SortItem,
)
from game.core.engines.dialogue import branches, dialogue_paths
from game.core.engines.route import best_by_chance
from game.core.yamlsource import Path as KeyPath

ROUTE_LUCK_MAX = 0.05
"""Largest share of visit orders allowed to be a shortest trip (a random player's luck)."""
WHY_EXTRA = 1
"""A dialogue or a quiz may have one step more than its usual maximum when it asks a reason."""
DIALOGUE_DECISIONS = (2, 4)
"""Steps crossed by every path of a dialogue: at least 2, at most 4 without ``why``."""
DIALOGUE_NODES_MAX = 8
"""A branching dialogue has more nodes than one path crosses."""


def _sort(c: Checker, data: Mapping[str, Any], path: KeyPath) -> SortData:
    data = c.mapping(data, path, ("categories", "items"))
    categories = []
    for i, raw in enumerate(c.seq(data, "categories", path, 2, 4)):
        here = (*path, "categories", i)
        block = c.mapping(raw, here, ("id", "label"))
        categories.append(
            Category(c.ident(block, "id", here), c.text(block, "label", here, LABEL_MAX))
        )
    c.unique([cat.id for cat in categories], (*path, "categories"), "id", "catégorie")
    known = {cat.id for cat in categories}
    items = []
    for i, raw in enumerate(c.seq(data, "items", path, 4, 10)):
        here = (*path, "items", i)
        block = c.mapping(raw, here, ("label", "category"))
        item = SortItem(c.text(block, "label", here, LABEL_MAX), c.ident(block, "category", here))
        if item.category and known and item.category not in known:
            c.add((*here, "category"), "unknown_ref", f"catégorie inconnue « {item.category} »")
        items.append(item)
    return SortData(tuple(categories), tuple(items))


def _order(c: Checker, data: Mapping[str, Any], path: KeyPath) -> OrderData:
    data = c.mapping(data, path, ("steps",))
    steps = c.texts(data, "steps", path, 4, 8)
    c.unique(steps, (*path, "steps"), "", "étape")
    return OrderData(steps)


def _measure(c: Checker, data: Mapping[str, Any], path: KeyPath) -> MeasureData:
    data = c.mapping(data, path, ("document", "questions"))
    document = c.document(data, "document", path, "lines")
    questions = []
    for i, raw in enumerate(c.seq(data, "questions", path, 2, 4)):
        here = (*path, "questions", i)
        block = c.mapping(raw, here, ("prompt", "answer", "unit", "tolerance"))
        questions.append(
            MeasureQuestion(
                c.text(block, "prompt", here),
                c.number(block, "answer", here, -1e9, 1e9),
                c.text(block, "unit", here, LABEL_MAX),
                c.number(block, "tolerance", here, 0, 1e9),
            )
        )
    return MeasureData(document, tuple(questions))


def _dialogue(c: Checker, data: Mapping[str, Any], path: KeyPath) -> DialogueData:
    before = len(c.problems)
    data = c.mapping(data, path, ("start", "nodes"))
    start = c.ident(data, "start", path)
    nodes: list[DialogueNode] = []
    for i, raw in enumerate(c.seq(data, "nodes", path, 2, DIALOGUE_NODES_MAX)):
        here = (*path, "nodes", i)
        block = c.mapping(raw, here, ("id", "speaker", "text", "choices"), ("why",))
        choices = []
        for j, raw_choice in enumerate(c.seq(block, "choices", here, 2, 4)):
            at = (*here, "choices", j)
            choice = c.mapping(raw_choice, at, ("text", "score", "feedback", "next"))
            score = c.integer(choice, "score", at)
            if "score" in choice and score not in (0, 1, 2):
                c.add((*at, "score"), "range", f"le score doit être 0, 1 ou 2 (trouvé {score})")
            nxt = choice.get("next")
            if nxt is not None and not isinstance(nxt, str):
                c.add((*at, "next"), "type", "doit être l'id d'un nœud ou null")
                nxt = None
            choices.append(
                DialogueChoice(
                    c.text(choice, "text", at), score, c.text(choice, "feedback", at), nxt
                )
            )
        if choices and max(ch.score for ch in choices) == 0:
            c.add((*here, "choices"), "range", "au moins un choix doit valoir 1 ou 2")
        nodes.append(
            DialogueNode(
                c.ident(block, "id", here),
                c.text(block, "speaker", here, LABEL_MAX),
                c.text(block, "text", here),
                tuple(choices),
                c.boolean(block, "why", here),
            )
        )
    c.unique([n.id for n in nodes], (*path, "nodes"), "id", "nœud")
    ids = {n.id for n in nodes}
    if start and nodes and start not in ids:
        c.add((*path, "start"), "unknown_ref", f"nœud de départ inconnu « {start} »")
    for i, node in enumerate(nodes):
        for j, made in enumerate(node.choices):
            if made.next is not None and made.next not in ids:
                c.add(
                    (*path, "nodes", i, "choices", j, "next"),
                    "unknown_ref",
                    f"nœud suivant inconnu « {made.next} »",
                )
    if start in ids and len(c.problems) == before:
        _check_dialogue_graph(c, nodes, start, path)
    return DialogueData(start, tuple(nodes))


def _check_dialogue_graph(
    c: Checker, nodes: Sequence[DialogueNode], start: str, path: KeyPath
) -> None:
    """Every node is reachable from ``start`` and no path loops back."""
    by_id = {n.id: n for n in nodes}
    reached: set[str] = set()
    looping: list[str] = []

    def visit(node_id: str, trail: tuple[str, ...]) -> None:
        if node_id in trail:
            looping.append(node_id)
            return
        reached.add(node_id)
        for choice in by_id[node_id].choices:
            if choice.next is not None:
                visit(choice.next, (*trail, node_id))

    visit(start, ())
    if looping:
        c.add((*path, "nodes"), "cycle", f"le dialogue tourne en rond (retour à « {looping[0]} »)")
        return
    for i, node in enumerate(nodes):
        if node.id not in reached:
            c.add(
                (*path, "nodes", i, "id"),
                "unreachable",
                f"le nœud « {node.id} » n'est jamais atteint",
            )
    _check_dialogue_paths(c, DialogueData(start, tuple(nodes)), path)


def _check_dialogue_paths(c: Checker, data: DialogueData, path: KeyPath) -> None:
    """Every path crosses 2 to 4 decision points (+ one reason step); the talk branches."""
    low, high = DIALOGUE_DECISIONS
    for trail in dialogue_paths(data):
        whys = sum(data.node(node_id).why for node_id in trail)
        decisions = len(trail) - whys
        if whys > WHY_EXTRA or decisions > high or len(trail) < low:
            c.add(
                (*path, "nodes"),
                "count",
                f"le chemin {' > '.join(trail)} doit passer par {low} à {high} étapes, "
                f"plus {WHY_EXTRA} étape « pourquoi » (why: true) au plus "
                f"({decisions} questions et {whys} « pourquoi » trouvées)",
            )
    if not any(branches(node) for node in data.nodes if not node.why):
        c.add(
            (*path, "nodes"),
            "branching",
            "le dialogue ne bifurque jamais : au moins une question doit mener à une suite "
            "différente selon la réponse (par exemple une relance quand la réponse est mauvaise)",
        )


def _hazard(c: Checker, data: Mapping[str, Any], path: KeyPath) -> HazardData:
    data = c.mapping(data, path, ("scene", "spots"))
    scene = c.document(data, "scene", path, "description")
    spots = []
    for i, raw in enumerate(c.seq(data, "spots", path, 5, 8)):
        here = (*path, "spots", i)
        block = c.mapping(raw, here, ("label", "hazard", "explanation"))
        spots.append(
            HazardSpot(
                c.text(block, "label", here, LABEL_MAX),
                c.boolean(block, "hazard", here),
                c.text(block, "explanation", here),
            )
        )
    hazards = sum(spot.hazard for spot in spots)
    if spots and not 2 <= hazards <= 4:
        c.add((*path, "spots"), "count", f"il faut de 2 à 4 dangers ou erreurs ({hazards} trouvés)")
    return HazardData(scene, tuple(spots))


def _route(c: Checker, data: Mapping[str, Any], path: KeyPath) -> RouteData:
    before = len(c.problems)
    data = c.mapping(data, path, ("places", "start", "visit", "return"))
    places = []
    for i, raw in enumerate(c.seq(data, "places", path, 4, 10)):
        here = (*path, "places", i)
        block = c.mapping(raw, here, ("id", "label", "x", "y"))
        places.append(
            Place(
                c.ident(block, "id", here),
                c.text(block, "label", here, LABEL_MAX),
                c.number(block, "x", here, 0, 100),
                c.number(block, "y", here, 0, 100),
            )
        )
    c.unique([p.id for p in places], (*path, "places"), "id", "lieu")
    ids = {p.id for p in places}
    start = c.ident(data, "start", path)
    if start and places and start not in ids:
        c.add((*path, "start"), "unknown_ref", f"lieu de départ inconnu « {start} »")
    visit = []
    for i, raw in enumerate(c.seq(data, "visit", path, 3, 6)):
        if not isinstance(raw, str):
            c.add((*path, "visit", i), "type", "doit être l'id d'un lieu")
            continue
        if places and raw not in ids:
            c.add((*path, "visit", i), "unknown_ref", f"lieu inconnu « {raw} »")
        elif raw == start:
            c.add((*path, "visit", i), "unknown_ref", "le lieu de départ ne se visite pas")
        visit.append(raw)
    c.unique(visit, (*path, "visit"), "", "lieu")
    route = RouteData(tuple(places), start, tuple(visit), c.boolean(data, "return", path))
    if len(c.problems) == before and len(set(visit)) == len(visit) >= 3:
        lucky = best_by_chance(route)
        if lucky > ROUTE_LUCK_MAX:
            c.add(
                (*path, "visit"),
                "chance",
                f"trop peu de lieux à visiter : au hasard, on trouve le meilleur trajet "
                f"{round(lucky * 100)} fois sur 100 (au plus {round(ROUTE_LUCK_MAX * 100)})",
            )
    return route


def _form(c: Checker, data: Mapping[str, Any], path: KeyPath) -> FormData:
    data = c.mapping(data, path, ("situation", "fields"))
    situation = c.document(data, "situation", path, "lines")
    fields = []
    for i, raw in enumerate(c.seq(data, "fields", path, 3, 6)):
        here = (*path, "fields", i)
        block = c.mapping(raw, here, ("label", "options", "answer"))
        options = c.texts(block, "options", here, 2, 6)
        fields.append(
            FormField(
                c.text(block, "label", here, LABEL_MAX),
                options,
                c.index(block, "answer", here, len(options)) if options else 0,
            )
        )
    return FormData(situation, tuple(fields))


def _quiz(c: Checker, data: Mapping[str, Any], path: KeyPath) -> QuizData:
    data = c.mapping(data, path, ("questions",))
    questions = []
    for i, raw in enumerate(c.seq(data, "questions", path, 3, 5 + WHY_EXTRA)):
        here = (*path, "questions", i)
        block = c.mapping(raw, here, ("prompt", "options", "answer", "explanation"), ("why",))
        options = c.texts(block, "options", here, 2, 4)
        questions.append(
            QuizQuestion(
                c.text(block, "prompt", here),
                options,
                c.index(block, "answer", here, len(options)) if options else 0,
                c.text(block, "explanation", here),
                c.boolean(block, "why", here),
            )
        )
    _extra_is_why(c, [q.why for q in questions], (*path, "questions"), 5, "questions")
    return QuizData(tuple(questions))


def _extra_is_why(c: Checker, whys: Sequence[bool], path: KeyPath, high: int, what: str) -> None:
    """Beyond ``high`` steps, the extra one must be a reason step (``why: true``)."""
    if len(whys) > high and len(whys) - sum(whys) > high:
        c.add(
            path,
            "count",
            f"au plus {high} {what}, plus {WHY_EXTRA} étape « pourquoi » (why: true) "
            f"({len(whys)} trouvés, dont {sum(whys)} « pourquoi »)",
        )


ENGINE_PARSERS: dict[str, Callable[[Checker, Mapping[str, Any], KeyPath], EngineData]] = {
    "sort": _sort,
    "order": _order,
    "measure": _measure,
    "dialogue": _dialogue,
    "hazard": _hazard,
    "route": _route,
    "form": _form,
    "quiz": _quiz,
}
assert tuple(ENGINE_PARSERS) == ENGINES
