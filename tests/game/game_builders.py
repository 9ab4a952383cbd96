"""Builders for the game tests: valid task data for every engine, trade files, perfect play."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from typing import Any

import yaml

from game.core.content import Catalogue
from game.core.engines import (
    DialogueEngine,
    Engine,
    FormEngine,
    HazardEngine,
    MeasureEngine,
    OrderEngine,
    QuizEngine,
    RouteEngine,
    SortEngine,
    format_number,
)
from game.core.engines.route import shortest_route
from game.core.framework import CompetencyInfo, FrameworkView, LevelInfo
from game.core.loader import load_catalogue
from game.core.scoring import LEVEL_FLOORS
from game.core.session import TaskOutcome, TaskRun

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BANDS = [{"min": 0.0, "level": 0}, {"min": 0.75, "level": 1}]


def bands_for(engine: str) -> list[dict[str, Any]]:
    """Level 0, then level 1 at the engine's floor (the lowest band the loader accepts)."""
    return [{"min": 0.0, "level": 0}, {"min": LEVEL_FLOORS[engine][1], "level": 1}]


ENGINE_DATA: dict[str, dict[str, Any]] = {
    "sort": {
        "categories": [{"id": "froid", "label": "Au froid"}, {"id": "sec", "label": "Au sec"}],
        "items": [
            {"label": "Lait", "category": "froid"},
            {"label": "Beurre", "category": "froid"},
            {"label": "Pâtes", "category": "sec"},
            {"label": "Riz", "category": "sec"},
        ],
    },
    "order": {"steps": ["Se laver les mains", "Mettre les gants", "Préparer", "Nettoyer"]},
    "measure": {
        "document": {
            "title": "Bon de livraison",
            "lines": ["6 cartons de 12 bouteilles", "Poids : 2,5 kg"],
        },
        "questions": [
            {
                "prompt": "Combien de bouteilles ?",
                "answer": 72,
                "unit": "bouteilles",
                "tolerance": 0,
            },
            {"prompt": "Quel poids ?", "answer": 2.5, "unit": "kg", "tolerance": 0.1},
        ],
    },
    "dialogue": {
        "start": "accueil",
        "nodes": [
            {
                "id": "accueil",
                "speaker": "Une cliente",
                "text": "Bonjour, je cherche le sel.",
                "choices": [
                    {
                        "text": "Je vous montre, suivez-moi.",
                        "score": 2,
                        "feedback": "Vous aidez bien.",
                        "next": "fin",
                    },
                    {
                        "text": "Je ne sais pas, voyez en caisse.",
                        "score": 0,
                        "feedback": "La cliente reste seule.",
                        "next": "relance",
                    },
                ],
            },
            {
                "id": "relance",
                "speaker": "La cliente",
                "text": "En caisse ? Il y a une longue file ! Vous pouvez m'aider ?",
                "choices": [
                    {
                        "text": "Oui, pardon, je vous montre.",
                        "score": 2,
                        "feedback": "Vous rattrapez bien.",
                        "next": "fin",
                    },
                    {
                        "text": "Non, ce n'est pas mon rayon.",
                        "score": 0,
                        "feedback": "La cliente repart fâchée.",
                        "next": "fin",
                    },
                ],
            },
            {
                "id": "fin",
                "speaker": "La cliente",
                "text": "Merci !",
                "choices": [
                    {
                        "text": "Avec plaisir, bonne journée.",
                        "score": 2,
                        "feedback": "Poli et clair.",
                        "next": None,
                    },
                    {
                        "text": "Mmh, voilà, au revoir.",
                        "score": 1,
                        "feedback": "Un peu sec.",
                        "next": None,
                    },
                ],
            },
        ],
    },
    "hazard": {
        "scene": {"title": "L'atelier", "description": "Vous entrez dans l'atelier."},
        "spots": [
            {"label": "Un câble au sol", "hazard": True, "explanation": "On peut trébucher."},
            {"label": "Une flaque d'huile", "hazard": True, "explanation": "On peut glisser."},
            {"label": "Un extincteur au mur", "hazard": False, "explanation": "C'est bien."},
            {"label": "Des gants rangés", "hazard": False, "explanation": "C'est bien."},
            {"label": "Une porte fermée", "hazard": False, "explanation": "Rien à signaler."},
        ],
    },
    "route": {
        "places": [
            {"id": "depot", "label": "Dépôt", "x": 0, "y": 0},
            {"id": "a", "label": "Pharmacie", "x": 10, "y": 0},
            {"id": "b", "label": "Mairie", "x": 20, "y": 0},
            {"id": "c", "label": "École", "x": 30, "y": 0},
            {"id": "d", "label": "Poste", "x": 40, "y": 0},
        ],
        "start": "depot",
        "visit": ["c", "a", "d", "b"],
        "return": False,
    },
    "form": {
        "situation": {
            "title": "Un appel",
            "lines": ["M. Diallo appelle lundi.", "Il veut un rendez-vous."],
        },
        "fields": [
            {"label": "Nom", "options": ["Diallo", "Martin"], "answer": 0},
            {"label": "Jour", "options": ["Lundi", "Mardi", "Jeudi"], "answer": 0},
            {"label": "Demande", "options": ["Un devis gratuit", "Un rendez-vous"], "answer": 1},
        ],
    },
    "quiz": {
        "questions": [
            {
                "prompt": "Couleur du feu pour passer ?",
                "options": ["Vert", "Rouge"],
                "answer": 0,
                "explanation": "Vert : on passe.",
            },
            {
                "prompt": "On met la ceinture ?",
                "options": ["Non", "Oui"],
                "answer": 1,
                "explanation": "Toujours.",
            },
            {
                "prompt": "Téléphone en conduisant ?",
                "options": ["Oui", "Non", "Parfois"],
                "answer": 1,
                "explanation": "Jamais.",
            },
        ]
    },
}

COMPETENCY_FOR = {
    "sort": ("E2C-1A", "E2C-1A-06"),
    "order": ("E2C-7B", "E2C-7B-01"),
    "measure": ("E2C-2C", "E2C-2C-01"),
    "dialogue": ("E2C-1C", "E2C-1C-04"),
    "hazard": ("E2C-7B", "E2C-7B-02"),
    "route": ("E2C-2D", "E2C-2D-03"),
    "form": ("E2C-1B", "E2C-1B-05"),
    "quiz": ("E2C-7A", "E2C-7A-01"),
}


def task_dict(engine: str, task_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A valid task of ``engine`` (French texts, one competency, three bands)."""
    competency, indicator = COMPETENCY_FOR[engine]
    task = {
        "id": task_id or f"tache-{engine}",
        "engine": engine,
        "title": f"Mission {engine}",
        "instructions": "Faites de votre mieux.",
        "competencies": [{"id": competency, "indicators": [indicator]}],
        "bands": bands_for(engine),
        "hints": ["Prenez votre temps."],
        "data": copy.deepcopy(ENGINE_DATA[engine]),
    }
    task.update(overrides)
    return task


def trade_dict(
    rome: str = "D1507", tasks: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """A valid trade with the given tasks (default: sort and quiz)."""
    trade: dict[str, Any] = {
        "schema": 1,
        "rome": rome,
        "rome_parent": rome,
        "label": f"Métier {rome}",
        "grand_domaine": rome[0],
        "riasec": ["C", "R"],
        "regulated": False,
        "intro": {
            "title": f"Une journée comme {rome}",
            "text": "Vous travaillez en équipe.",
            "where": "Dans un magasin.",
        },
        "tasks": tasks or [task_dict("sort"), task_dict("quiz")],
    }
    trade.update(overrides)
    return trade


def write_trade(folder: Path, trade: dict[str, Any]) -> Path:
    """Write ``trade`` as ``<rome>.yaml`` in ``folder``; return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{trade['rome']}.yaml"
    path.write_text(yaml.safe_dump(trade, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def catalogue_of(folder: Path, framework: FrameworkView, *trades: dict[str, Any]) -> Catalogue:
    """Write ``trades`` to ``folder`` and load them (no coverage check)."""
    for trade in trades:
        write_trade(folder, trade)
    return load_catalogue(folder, framework, version="test", check_coverage=False)


def fixture_catalogue(framework: FrameworkView) -> Catalogue:
    """The two hand-written fixture trades (N1103, G1602)."""
    return load_catalogue(FIXTURES / "trades", framework, version="test", check_coverage=False)


def stand_in_framework() -> FrameworkView:
    """A tiny copy of the e2c-apc shape, used only when ``referentiel`` is not importable."""
    sizes = {
        "1": "ABCDE",
        "2": "ABCD",
        "3": "ABCDE",
        "4": "ABC",
        "5": "ABC",
        "6": "ABC",
        "7": "ABCD",
        "8": "ABC",
        "9": "ABCDE",
    }
    competencies = {}
    for domain, letters in sizes.items():
        for letter in letters:
            cid = f"E2C-{domain}{letter}"
            competencies[cid] = CompetencyInfo(
                cid, f"Compétence {cid}", tuple(f"{cid}-{n:02d}" for n in range(1, 10))
            )
    levels = {
        0: LevelInfo(0, "Non évaluée", ""),
        1: LevelInfo(1, "Je fais", ""),
        2: LevelInfo(2, "J'explique", ""),
        3: LevelInfo(3, "J'analyse", ""),
        4: LevelInfo(4, "Je transfère", ""),
    }
    return FrameworkView("e2c-apc", competencies, levels)


# -- perfect play on the engines' API ------------------------------------------------------


def solve(engine: Engine) -> None:
    """Play ``engine`` perfectly to its end."""
    match engine:
        case SortEngine():
            for i in range(len(engine.items)):
                engine.select_item(i)
                engine.place(engine.right_category(i))
            assert engine.confirm()
        case OrderEngine():
            for target in range(len(engine.order)):
                engine.move(engine.order.index(target), target - engine.order.index(target))
            assert engine.confirm()
        case MeasureEngine():
            for i, question in enumerate(engine.questions):
                engine.set_text(i, format_number(question.answer))
            assert engine.confirm()
        case DialogueEngine():
            while not engine.finished:
                scores = [c.score for c in engine.choices]
                engine.choose(scores.index(max(scores)))
                assert engine.confirm()
        case HazardEngine():
            for i, spot in enumerate(engine.spots):
                if spot.hazard:
                    engine.toggle(i)
            assert engine.confirm()
        case RouteEngine():
            for place in shortest_route(engine.data):
                engine.pick(place)
            assert engine.confirm()
        case FormEngine():
            for i in range(len(engine.data.fields)):
                engine.choose(i, engine.right_option(i))
            assert engine.confirm()
        case QuizEngine():
            while not engine.finished:
                engine.answer(engine.right_option)
                assert engine.confirm()
        case _:
            raise TypeError(type(engine))


def finished_run(
    catalogue: Catalogue, rome: str, task_id: str, *, attempt: int = 1, seed: int = 1
) -> TaskRun:
    """A run of the task played perfectly (not finished: call ``run.finish(now)``)."""
    trade = catalogue.trade(rome)
    run = TaskRun(
        trade,
        trade.task(task_id),
        attempt=attempt,
        registration=str(uuid.uuid4()),
        seed=seed,
    )
    solve(run.engine)
    return run


def outcome_for(
    catalogue: Catalogue, rome: str, task_id: str, now: Any, attempt: int = 1
) -> tuple[TaskRun, TaskOutcome]:
    run = finished_run(catalogue, rome, task_id, attempt=attempt)
    return run, run.finish(now)
