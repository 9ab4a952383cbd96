"""Demo data for the game evidence: a few tasks the demo trainees "played", awaiting the referent.

Called by demo.py after the demo accounts exist. Running it again adds nothing: the statement
ids are derived from the login and the task.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from portfolio.extensions import db
from portfolio.game_link.services import game_evidence
from portfolio.models import Role, Site, User, utcnow

TRADES = Path(__file__).resolve().parent.parent / "assets" / "game" / "trades"
NAMESPACE = uuid.UUID("6f1d3c52-8f0e-4c1b-9a57-2f3e8b0c9d41")
HOME_PAGE = "http://127.0.0.1:5000"
CONTENT_VERSION = "2026.11"
GAME_VERSION = "0.1.0"

# (login, ROME, task id, task title, raw, max, level, competencies, days ago, response)
PLAYS: list[tuple[str, str, str, str, int, int, int, list[tuple[str, str]], int, str]] = [
    (
        "lea",
        "D1507",
        "controler-dates",
        "Contrôler les dates au rayon frais",
        6,
        7,
        2,
        [("E2C-1A", "E2C-1A-06"), ("E2C-7A", "E2C-7A-01")],
        3,
        "Yaourts du 10 mars : retirer ; jambon du 14 mars : devant ; lait du 28 mars : derrière",
    ),
    (
        "lea",
        "D1102",
        "trois-fournees",
        "Préparer trois fournées",
        4,
        6,
        1,
        [("E2C-2C", "E2C-2C-01"), ("E2C-2B", "E2C-2B-03")],
        1,
        "Farine : 3 kg ; eau : 2 L ; sel : 54 g",
    ),
    (
        "yanis",
        "D1507",
        "priorites",
        "Choisir ce qui passe en premier",
        5,
        8,
        1,
        [("E2C-5A", "E2C-5A-01"), ("E2C-7B", "E2C-7B-03")],
        2,
        "Flaque dans l'allée : tout de suite ; client qui cherche le riz : tout de suite",
    ),
    (
        "ines",
        "D1102",
        "trois-fournees",
        "Préparer trois fournées",
        6,
        6,
        2,
        [("E2C-2C", "E2C-2C-01"), ("E2C-2B", "E2C-2B-03")],
        4,
        "Farine : 3 kg ; eau : 1,95 L ; sel : 54 g ; levure : 30 g",
    ),
]


def _content_hash(rome: str) -> str:
    path = TRADES / f"{rome}.yaml"
    data = path.read_bytes() if path.exists() else rome.encode()
    return hashlib.sha256(data).hexdigest()


def _statement(user: User, play: tuple[Any, ...]) -> dict[str, Any]:
    login, rome, task, title, raw, maximum, level, competencies, days, response = play
    finished = (utcnow() - timedelta(days=days)).replace(hour=10, minute=15, second=0)
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"{login}:{rome}:{task}")),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": HOME_PAGE, "name": user.public_id},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"fr-FR": "a terminé"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"urn:e2c-jeu:task:{rome}:{task}",
            "definition": {"name": {"fr-FR": title}},
        },
        "result": {
            "score": {"scaled": round(raw / maximum, 4), "raw": raw, "min": 0, "max": maximum},
            "success": level >= 1,
            "completion": True,
            "duration": f"PT{2 + days}M{10 * days}S",
            "response": response,
        },
        "context": {
            "registration": str(uuid.uuid5(NAMESPACE, f"{login}:session:{days}")),
            "language": "fr-FR",
            "extensions": {
                "urn:e2c-jeu:ext:attempt": 1,
                "urn:e2c-jeu:ext:hints": days % 2,
                "urn:e2c-jeu:ext:competencies": [
                    {"framework": "e2c-apc", "id": cid, "level": level, "indicators": [iid]}
                    for cid, iid in competencies
                ],
                "urn:e2c-jeu:ext:content-version": CONTENT_VERSION,
                "urn:e2c-jeu:ext:content-hash": _content_hash(rome),
                "urn:e2c-jeu:ext:game-version": GAME_VERSION,
            },
        },
        "timestamp": finished.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def seed(site: Site, users: dict[str, User]) -> None:
    """Add pending game evidence for the demo trainees of ``site``; the caller commits."""
    for login in dict.fromkeys(play[0] for play in PLAYS):
        user = users.get(login)
        if user is None or user.role is not Role.TRAINEE or user.site_id != site.id:
            continue
        statements = [_statement(user, play) for play in PLAYS if play[0] == login]
        known = game_evidence.known_hashes([s["id"] for s in statements])
        fresh = [s for s in statements if s["id"] not in known]
        if fresh:
            game_evidence.ingest(user, fresh)
    db.session.flush()
