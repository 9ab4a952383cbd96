"""Builders for the game-evidence tests: statements as the game makes them, tokens, codes."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from builders import make_user
from portfolio.extensions import db
from portfolio.game_link.services import game_link
from portfolio.models import Role, User
from portfolio.services.tokens import issue_token

HOME = "http://localhost"
TASK_IRI = "urn:e2c-jeu:task:D1507:mise-en-rayon"


def trainee_with_referent() -> tuple[User, User]:
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    return trainee, referent


def game_token(user: User, scopes: set[str] | None = None) -> str:
    """A live token's secret, scoped to game evidence unless told otherwise."""
    issued = issue_token(user, "Jeu · test", scopes or {"game:evidence"}, timedelta(days=30))
    db.session.commit()
    return issued.secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def link_code(user: User) -> str:
    issued = game_link.new_link_code(user)
    db.session.commit()
    return issued.code


def actor(user: User) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": HOME, "name": user.public_id}}


def statement(user: User, **changes: Any) -> dict[str, Any]:
    """A valid statement for ``user`` (the contract's example); ``changes`` set dotted paths.

    ``statement(u, **{"result.score.scaled": 2})`` sets one field; the value ``DELETE``
    removes it.
    """
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": actor(user),
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"fr-FR": "a terminé"},
        },
        "object": {
            "objectType": "Activity",
            "id": TASK_IRI,
            "definition": {"name": {"fr-FR": "Ranger les produits"}},
        },
        "result": {
            "score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "duration": "PT1M30S",
            "response": "Conserves : rayon 3 ; Surgelés : congélateur",
        },
        "context": {
            "registration": str(uuid.uuid4()),
            "language": "fr-FR",
            "extensions": {
                "urn:e2c-jeu:ext:attempt": 1,
                "urn:e2c-jeu:ext:hints": 0,
                "urn:e2c-jeu:ext:competencies": [
                    {
                        "framework": "e2c-apc",
                        "id": "E2C-5B",
                        "level": 1,
                        "indicators": ["E2C-5B-02"],
                    },
                    {"framework": "e2c-apc", "id": "E2C-1C", "level": 2, "indicators": []},
                ],
                "urn:e2c-jeu:ext:content-version": "2026.11",
                "urn:e2c-jeu:ext:content-hash": "a" * 64,
                "urn:e2c-jeu:ext:game-version": "0.1.0",
            },
        },
        "timestamp": (datetime.now(UTC) - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    for path, value in changes.items():
        set_path(body, path, value)
    return body


DELETE = object()


def set_path(body: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with DELETE, remove) ``a.b.c``; keys with dots go in brackets: ``a.[x.y]``."""
    parts = _split(path)
    node: Any = body
    for part in parts[:-1]:
        node = node[part]
    if value is DELETE:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = copy.deepcopy(value)


def _split(path: str) -> list[str]:
    parts: list[str] = []
    while path:
        if path.startswith("["):
            end = path.index("]")
            parts.append(path[1:end])
            path = path[end + 2 :]
        else:
            head, _, path = path.partition(".")
            parts.append(head)
    return parts


def batch(user: User, count: int) -> list[dict[str, Any]]:
    return [statement(user) for _ in range(count)]
