"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of the API, built from the code.

Generated, not written: the schemas are the JSON Schema of the pydantic models that check
the requests (``api/schemas.py`` says why pydantic and why no library assembles the paths),
and of the ``TypedDict`` types the views answer with; each route module publishes its
``paths()`` next to its views, built with ``api/document.py``. This module adds what is
shared: the error shape, the security scheme, and the game's endpoints, described from
docs/GAME_API.md (their bodies are checked by the game's own rules, see
``game_link.services.game_evidence``). A route appears only once it exists, so the document
never names an endpoint the server lacks.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import Flask, current_app, jsonify
from werkzeug.wrappers import Response

from portfolio.api import (
    activities,
    assessments,
    game_link,
    interests,
    interview,
    metiers,
    recordings,
    referentiel,
    traces,
)
from portfolio.api import path as path_api
from portfolio.api.blueprint import bp
from portfolio.api.document import GAME_SECURITY, answer, json_content, operation, ref
from portfolio.api.schemas import model_schemas
from portfolio.services.tokens import SCOPES

API_PREFIX = "/api/v1"
DOCUMENT_KEY = "e2c_openapi"
METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI document (no token needed)."""
    document = current_app.extensions.get(DOCUMENT_KEY)
    if document is None:
        document = current_app.extensions[DOCUMENT_KEY] = build_document(current_app)
    response = jsonify(document)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def openapi_path(rule: str) -> str:
    """``/api/v1/traces/<int:trace_id>`` -> ``/traces/{trace_id}``."""
    path = rule.removeprefix(API_PREFIX) or "/"
    return re.sub(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", path)


def api_routes(app: Flask) -> dict[str, set[str]]:
    """The API's routes as {OpenAPI path: lower-case methods}, HEAD and OPTIONS aside."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        routes.setdefault(openapi_path(rule.rule), set()).update(methods)
    return routes


def build_document(app: Flask) -> dict[str, Any]:
    """The document for ``app``'s routes and framework (needs an app context)."""
    described = _all_paths()
    paths: dict[str, Any] = {}
    for path, methods in sorted(api_routes(app).items()):
        item = described.get(path)
        if item is None:
            continue  # an undocumented route: the test comparing paths and routes fails
        operations = {m: copy.deepcopy(op) for m, op in item.items() if m in methods}
        if "parameters" in item:
            operations["parameters"] = copy.deepcopy(item["parameters"])
        paths[path] = operations
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API du portfolio E2C",
            "version": "1.0.0",
            "summary": "Traces, auto-évaluations et référentiel d'un ou d'une stagiaire.",
            "description": DESCRIPTION,
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": API_PREFIX}],
        "security": [{"bearer": []}],
        "tags": [
            {"name": "Traces", "description": "Les traces du portfolio, avec photos et liens."},
            {"name": "Auto-évaluations", "description": "Les niveaux que l'on se donne."},
            {"name": "Référentiel", "description": "Les compétences et les paliers."},
            {"name": "Métiers", "description": "Les métiers du ROME, cherchés par leurs mots."},
            {"name": "Entretien", "description": "Les questions pour s'entraîner à l'entretien."},
            {"name": "Jeu", "description": "Le jeu sérieux : liaison et résultats."},
            {"name": "Document", "description": "Ce document."},
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": (
                        "Un jeton personnel, créé par le ou la stagiaire dans Paramètres > "
                        "Mes jetons d'accès, envoyé dans l'en-tête « Authorization: Bearer "
                        "<jeton> ». Droits possibles : "
                        + "; ".join(f"{scope} ({text})" for scope, text in SCOPES.items())
                        + ". Les cookies de session ne comptent pas."
                    ),
                }
            },
            "schemas": _schemas(),
            "responses": RESPONSES,
            "headers": HEADERS,
        },
    }


DESCRIPTION = """\
L'API du portfolio E2C. Toutes les réponses sont en JSON, sauf les photos (JPEG).

Authentification : un jeton personnel (`Authorization: Bearer <jeton>`), avec le droit
`portfolio:read` pour lire et `portfolio:write` pour écrire. Seuls les stagiaires ont un
portfolio. Un jeton expiré, supprimé, ou d'un compte désactivé ne marche plus (401).

Erreurs : toujours la même forme, `{"error": {"code", "message", "details"}}`, avec un
message en français. Les valeurs refusées donnent `400 validation_error` et, dans
`details`, une entrée `{"field", "message"}` par champ. Une ressource qui n'existe pas,
ou qui n'est pas à vous, donne 404.

Écritures : au plus 120 par minute et par jeton (429 au-delà).
"""


# --------------------------------------------------------------------------- shared parts

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "pattern": "^[a-z][a-z_]*$",
                    "description": "Un code stable pour les programmes.",
                    "examples": ["validation_error", "not_found", "invalid_token"],
                },
                "message": {"type": "string", "description": "Une phrase en français."},
                "details": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ErrorDetail"},
                },
            },
        }
    },
}
ERROR_DETAIL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Pour validation_error : le champ en cause (« request » : tout le contenu) et le "
        "message. Pour le jeu : index et id de la déclaration en cause."
    ),
    "properties": {
        "field": {"type": "string", "examples": ["title", "competencies[0].id"]},
        "message": {"type": "string"},
        "reason": {"type": "string"},
        "index": {"type": "integer"},
        "id": {"type": ["string", "null"]},
    },
}


def _error_response(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


HEADERS: dict[str, Any] = {
    "Location": {
        "description": "L'adresse de ce qui vient d'être créé.",
        "schema": {"type": "string"},
    },
}
RESPONSES: dict[str, Any] = {
    "BadRequest": _error_response(
        "Contenu refusé : `validation_error` (un détail par champ) ou `invalid_json`."
    ),
    "ValidationError": _error_response("Valeurs refusées : `validation_error`."),
    "Unauthorized": _error_response(
        "Jeton absent, inconnu, expiré, supprimé, ou compte désactivé : `invalid_token`.",
        {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
    ),
    "Forbidden": _error_response(
        "Le jeton n'a pas le droit demandé, ou n'est pas celui d'un ou d'une stagiaire : "
        "`insufficient_scope`."
    ),
    "NotFound": _error_response("N'existe pas, ou n'est pas à vous : `not_found`."),
    "Conflict": _error_response("Conflit : `conflict`."),
    "PayloadTooLarge": _error_response("Contenu trop gros : `payload_too_large`."),
    "UnsupportedMediaType": _error_response("Mauvais type de contenu : `unsupported_media_type`."),
    "RateLimited": _error_response(
        "Trop de demandes en une minute : `rate_limited`. Attendez, puis réessayez."
    ),
    "Unavailable": _error_response(
        "Le stockage des photos ne répond pas : `storage_unavailable` (rien n'est enregistré). "
        "Réessayez dans quelques minutes."
    ),
}


# --------------------------------------------------------------------------- schemas, paths


def _schemas() -> dict[str, Any]:
    return {
        "Error": ERROR_SCHEMA,
        "ErrorDetail": ERROR_DETAIL_SCHEMA,
        **model_schemas(
            *referentiel.MODELS,
            *metiers.MODELS,
            *traces.MODELS,
            *recordings.MODELS,
            *assessments.MODELS,
            game_link.GAME_LINK_INPUT,
            *interests.MODELS,
            *interview.MODELS,
            *activities.MODELS,
            *path_api.MODELS,
        ),
        **GAME_SCHEMAS,
    }


def _all_paths() -> dict[str, Any]:
    document = operation(
        "getOpenapi",
        "Document",
        "Ce document OpenAPI",
        security=[],
        answers={200: answer("Le document.", {"type": "object"})},
        errors=(),
    )
    return {
        **referentiel.paths(),
        **metiers.paths(),
        "/openapi.json": {"get": document},
        **traces.paths(),
        **recordings.paths(),
        **assessments.paths(),
        **_game_paths(),
        **interests.paths(),
        **interview.paths(),
        **activities.paths(),
        **path_api.paths(),
    }


# --------------------------------------------------------------------------- the game
# Routes written in api/statements.py and api/game_link.py; contract in docs/GAME_API.md.

_LANG_MAP = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "examples": [{"fr-FR": "a terminé"}],
}
GAME_SCHEMAS: dict[str, Any] = {
    "GameActor": {
        "type": "object",
        "required": ["objectType", "account"],
        "properties": {
            "objectType": {"const": "Agent"},
            "account": {
                "type": "object",
                "required": ["homePage", "name"],
                "properties": {"homePage": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
    "GameLink": {
        "type": "object",
        "required": ["token", "token_id", "expires_at", "scope", "actor", "display_name"],
        "properties": {
            "token": {"type": "string"},
            "token_id": {"type": ["string", "integer"]},
            "expires_at": {"type": "string", "format": "date-time"},
            "scope": {"const": "game:evidence"},
            "actor": ref("GameActor"),
            "display_name": {"type": "string"},
        },
    },
    "Statement": {
        "type": "object",
        "description": "Une déclaration xAPI 1.0.3 (sous-ensemble), voir docs/GAME_API.md.",
        "required": ["id", "actor", "verb", "object", "result", "context", "timestamp"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "actor": ref("GameActor"),
            "verb": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "display": _LANG_MAP},
            },
            "object": {
                "type": "object",
                "required": ["objectType", "id"],
                "properties": {
                    "objectType": {"const": "Activity"},
                    "id": {"type": "string", "examples": ["urn:e2c-jeu:task:D1507:mise-en-rayon"]},
                    "definition": {"type": "object"},
                },
            },
            "result": {"type": "object"},
            "context": {"type": "object"},
            "timestamp": {"type": "string", "format": "date-time"},
        },
    },
    "StatementsStored": {
        "type": "object",
        "required": ["stored", "duplicates"],
        "properties": {
            "stored": {"type": "array", "items": {"type": "string"}},
            "duplicates": {"type": "array", "items": {"type": "string"}},
        },
    },
    "StatementJournal": {
        "type": "object",
        "required": ["statements", "next_cursor"],
        "properties": {
            "statements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "stored_at", "status"],
                    "properties": {
                        "id": {"type": "string"},
                        "stored_at": {"type": "string", "format": "date-time"},
                        "status": {"enum": ["pending", "confirmed", "discarded"]},
                        "object_id": {"type": "string"},
                        "competencies": {"type": "array"},
                        "score": {},
                    },
                },
            },
            "next_cursor": {"type": ["string", "null"]},
        },
    },
}


def _game_paths() -> dict[str, Any]:
    game = "Jeu"
    return {
        "/game/link": {
            "post": operation(
                "linkGame",
                game,
                "Lier le jeu au portfolio avec un code à usage unique",
                description=(
                    "Sans jeton : le code (valable 10 minutes, une seule fois) donne un jeton "
                    "game:evidence."
                ),
                security=[],
                body="GameLinkInput",
                answers={201: answer("Le jeton du jeu.", "GameLink")},
                errors=(400, 413, 415, 429),
            ),
            "delete": operation(
                "unlinkGame",
                game,
                "Délier le jeu : son jeton ne marche plus",
                security=GAME_SECURITY,
                answers={204: answer("Délié.")},
                errors=(401, 403, 429),
            ),
        },
        "/statements": {
            "post": {
                **operation(
                    "postStatements",
                    game,
                    "Envoyer des résultats du jeu (tout ou rien)",
                    security=GAME_SECURITY,
                    answers={
                        200: answer(
                            "Enregistrées, ou déjà reçues à l'identique.", "StatementsStored"
                        )
                    },
                    errors=(400, 401, 403, 409, 413, 415, 429),
                ),
                "requestBody": {
                    "required": True,
                    "content": json_content(
                        {"type": "array", "minItems": 1, "maxItems": 500, "items": ref("Statement")}
                    ),
                },
            },
            "get": {
                **operation(
                    "listStatements",
                    game,
                    "Le journal des résultats envoyés, avec la décision du référent",
                    security=GAME_SECURITY,
                    answers={200: answer("Le journal.", "StatementJournal")},
                    errors=(400, 401, 403),
                ),
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    },
                    {
                        "name": "cursor",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                    },
                ],
            },
        },
    }
