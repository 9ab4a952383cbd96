"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of the API, built from the code.

Each route module publishes its ``PATHS`` and ``SCHEMAS`` next to its views; request
schemas are the very dictionaries the endpoints validate with. The game's endpoints
(statements, game link) are described here from docs/GAME_API.md and appear only once
their routes exist, so the document never names an endpoint the server lacks.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import Flask, current_app, jsonify
from pydantic import TypeAdapter
from werkzeug.wrappers import Response

from portfolio.api import assessments, game_link, referentiel, traces
from portfolio.api.blueprint import bp
from portfolio.api.schemas import model_schemas, query_parameters
from portfolio.services.frameworks import framework
from portfolio.services.tokens import SCOPES
from referentiel import Framework

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
    fw = framework()
    described = _all_paths(fw)
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
            "schemas": _schemas(fw),
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
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _errors(*codes: int) -> dict[str, Any]:
    names = {
        400: "BadRequest",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        409: "Conflict",
        413: "PayloadTooLarge",
        415: "UnsupportedMediaType",
        429: "RateLimited",
    }
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def _id_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2_147_483_647},
    }


# --------------------------------------------------------------------------- schemas


def _schemas(fw: Framework) -> dict[str, Any]:
    page = {
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "total": {"type": "integer", "minimum": 0},
    }
    schemas: dict[str, Any] = {
        "Error": ERROR_SCHEMA,
        "ErrorDetail": ERROR_DETAIL_SCHEMA,
        **referentiel.SCHEMAS,
        **model_schemas(
            traces.TRACE_INPUT,
            traces.TRACE_PATCH,
            traces.PHOTO_CAPTION,
            TypeAdapter(traces.PhotoUpload),
            assessments.ASSESSMENT_INPUT,
            game_link.GAME_LINK_INPUT,
        ),
        "Photo": {
            "type": "object",
            "required": [
                "id",
                "caption",
                "width",
                "height",
                "content_type",
                "size_bytes",
                "url",
                "thumbnail_url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "caption": {"type": "string"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "content_type": {"type": "string", "examples": ["image/jpeg"]},
                "size_bytes": {"type": "integer"},
                "url": {"type": "string"},
                "thumbnail_url": {"type": "string"},
            },
        },
        "Trace": {
            "type": "object",
            "required": [
                "id",
                "title",
                "body",
                "happened_on",
                "context",
                "company_name",
                "status",
                "origin",
                "created_at",
                "updated_at",
                "competencies",
                "links",
                "photos",
                "url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "body": {"type": "string"},
                "happened_on": {"type": "string", "format": "date"},
                "context": {"type": "string", "enum": [c.value for c in traces.TraceContext]},
                "company_name": {"type": ["string", "null"]},
                "status": {"type": "string", "enum": [s.value for s in traces.TraceStatus]},
                "origin": {
                    "type": "string",
                    "enum": ["trainee", "game"],
                    "description": "« game » : créée à partir d'un résultat du jeu.",
                },
                "created_at": {"type": "string", "format": "date-time"},
                "updated_at": {"type": "string", "format": "date-time"},
                "competencies": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "id",
                            "label",
                            "framework_id",
                            "framework_version",
                            "indicators",
                        ],
                        "properties": {
                            "id": {"type": "string"},
                            "label": {"type": "string"},
                            "framework_id": {"type": "string"},
                            "framework_version": {"type": "string"},
                            "indicators": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
                "links": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["url", "title", "domain"],
                        "properties": {
                            "url": {"type": "string"},
                            "title": {"type": "string"},
                            "domain": {"type": "string"},
                        },
                    },
                },
                "photos": {"type": "array", "items": _ref("Photo")},
                "url": {"type": "string"},
            },
        },
        "TracePage": {
            "type": "object",
            "required": ["items", *page],
            "properties": {"items": {"type": "array", "items": _ref("Trace")}, **page},
        },
        "SelfAssessment": {
            "type": "object",
            "required": [
                "id",
                "source",
                "competency_id",
                "competency_label",
                "framework_id",
                "framework_version",
                "level",
                "level_label",
                "comment",
                "trace_ids",
                "author",
                "created_at",
            ],
            "properties": {
                "id": {"type": "integer"},
                "source": {"const": "self"},
                "competency_id": {"type": "string"},
                "competency_label": {"type": "string"},
                "framework_id": {"type": "string"},
                "framework_version": {"type": "string"},
                "level": {"type": "integer"},
                "level_label": {"type": "string"},
                "comment": {"type": "string"},
                "trace_ids": {"type": "array", "items": {"type": "integer"}},
                "author": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}},
                },
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
        "SelfAssessmentPage": {
            "type": "object",
            "required": ["items", *page],
            "properties": {"items": {"type": "array", "items": _ref("SelfAssessment")}, **page},
        },
        "SelfAssessmentLatest": {
            "type": "object",
            "required": ["items"],
            "properties": {"items": {"type": "array", "items": _ref("SelfAssessment")}},
        },
        **GAME_SCHEMAS,
    }
    return schemas


# --------------------------------------------------------------------------- paths


def _all_paths(fw: Framework) -> dict[str, Any]:
    read = [{"bearer": ["portfolio:read"]}]
    write = [{"bearer": ["portfolio:write"]}]
    trace_id = _id_param("trace_id", "L'identifiant de la trace.")
    photo_id = _id_param("photo_id", "L'identifiant de la photo.")
    jpeg = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
    paths: dict[str, Any] = {
        **referentiel.PATHS,
        "/openapi.json": {
            "get": {
                "operationId": "getOpenapi",
                "tags": ["Document"],
                "summary": "Ce document OpenAPI",
                "security": [],
                "responses": {
                    "200": {"description": "Le document.", "content": _json({"type": "object"})}
                },
            }
        },
        "/traces": {
            "get": {
                "operationId": "listTraces",
                "tags": ["Traces"],
                "summary": "Mes traces, les plus récentes d'abord",
                "description": "Filtres comme sur la page du portfolio. Droit : portfolio:read.",
                "security": read,
                "parameters": query_parameters(traces.TRACE_QUERY),
                "responses": {
                    "200": {
                        "description": "Une page de traces.",
                        "content": _json(_ref("TracePage")),
                    },
                    **_errors(400, 401, 403),
                },
            },
            "post": {
                "operationId": "createTrace",
                "tags": ["Traces"],
                "summary": "Créer une trace",
                "description": (
                    "Un brouillon (status « draft ») n'a besoin que d'un titre. Une trace "
                    "complète a besoin d'une date, d'un contexte, d'un texte et d'au moins "
                    "une compétence ; un stage, du nom de l'entreprise. Droit : portfolio:write."
                ),
                "security": write,
                "requestBody": {"required": True, "content": _json(_ref("TraceInput"))},
                "responses": {
                    "201": {
                        "description": "La trace créée.",
                        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
                        "content": _json(_ref("Trace")),
                    },
                    **_errors(400, 401, 403, 413, 415, 429),
                },
            },
        },
        "/traces/{trace_id}": {
            "parameters": [trace_id],
            "get": {
                "operationId": "getTrace",
                "tags": ["Traces"],
                "summary": "Une trace",
                "security": read,
                "responses": {
                    "200": {"description": "La trace.", "content": _json(_ref("Trace"))},
                    **_errors(401, 403, 404),
                },
            },
            "patch": {
                "operationId": "updateTrace",
                "tags": ["Traces"],
                "summary": "Modifier une trace",
                "description": (
                    "Seuls les champs envoyés changent ; une liste envoyée (compétences, "
                    "liens) remplace l'ancienne. Les photos ne changent pas ici. "
                    "Droit : portfolio:write."
                ),
                "security": write,
                "requestBody": {"required": True, "content": _json(_ref("TracePatch"))},
                "responses": {
                    "200": {"description": "La trace modifiée.", "content": _json(_ref("Trace"))},
                    **_errors(400, 401, 403, 404, 413, 415, 429),
                },
            },
            "delete": {
                "operationId": "deleteTrace",
                "tags": ["Traces"],
                "summary": "Supprimer une trace, avec ses photos",
                "security": write,
                "responses": {
                    "204": {"description": "Supprimée."},
                    **_errors(401, 403, 404, 429),
                },
            },
        },
        "/traces/{trace_id}/photos": {
            "parameters": [trace_id],
            "post": {
                "operationId": "addPhoto",
                "tags": ["Traces"],
                "summary": "Ajouter une photo à une trace",
                "description": (
                    "Une photo JPEG, PNG, WebP ou HEIC par envoi. Elle est vérifiée, redressée, "
                    "débarrassée de ses métadonnées (GPS...) et réduite. Droit : portfolio:write."
                ),
                "security": write,
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": _ref("PhotoUpload")}},
                },
                "responses": {
                    "201": {
                        "description": "La photo ajoutée.",
                        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
                        "content": _json(_ref("Photo")),
                    },
                    **_errors(400, 401, 403, 404, 413, 415, 429),
                },
            },
        },
        "/traces/{trace_id}/photos/{photo_id}": {
            "parameters": [trace_id, photo_id],
            "get": {
                "operationId": "getPhoto",
                "tags": ["Traces"],
                "summary": "L'image d'une photo (JPEG, 1600 px au plus)",
                "security": read,
                "responses": {
                    "200": {"description": "L'image.", "content": jpeg},
                    **_errors(401, 403, 404),
                },
            },
            "patch": {
                "operationId": "updatePhoto",
                "tags": ["Traces"],
                "summary": "Changer la légende d'une photo",
                "security": write,
                "requestBody": {"required": True, "content": _json(_ref("PhotoCaption"))},
                "responses": {
                    "200": {"description": "La photo.", "content": _json(_ref("Photo"))},
                    **_errors(400, 401, 403, 404, 413, 415, 429),
                },
            },
            "delete": {
                "operationId": "deletePhoto",
                "tags": ["Traces"],
                "summary": "Retirer une photo",
                "security": write,
                "responses": {
                    "204": {"description": "Retirée."},
                    **_errors(401, 403, 404, 429),
                },
            },
        },
        "/traces/{trace_id}/photos/{photo_id}/thumbnail": {
            "parameters": [trace_id, photo_id],
            "get": {
                "operationId": "getPhotoThumbnail",
                "tags": ["Traces"],
                "summary": "La vignette d'une photo (JPEG)",
                "security": read,
                "responses": {
                    "200": {"description": "La vignette.", "content": jpeg},
                    **_errors(401, 403, 404),
                },
            },
        },
        "/self-assessments": {
            "get": {
                "operationId": "listSelfAssessments",
                "tags": ["Auto-évaluations"],
                "summary": "Mes auto-évaluations, les plus récentes d'abord",
                "description": (
                    "Avec « competency » : l'historique de cette compétence. "
                    "Droit : portfolio:read."
                ),
                "security": read,
                "parameters": query_parameters(assessments.ASSESSMENT_QUERY),
                "responses": {
                    "200": {
                        "description": "Une page d'auto-évaluations.",
                        "content": _json(_ref("SelfAssessmentPage")),
                    },
                    **_errors(400, 401, 403),
                },
            },
            "post": {
                "operationId": "createSelfAssessment",
                "tags": ["Auto-évaluations"],
                "summary": "M'auto-évaluer sur une compétence",
                "description": (
                    "Ajoute un niveau ; les anciens restent dans l'historique. "
                    "Droit : portfolio:write."
                ),
                "security": write,
                "requestBody": {"required": True, "content": _json(_ref("SelfAssessmentInput"))},
                "responses": {
                    "201": {
                        "description": "L'auto-évaluation enregistrée.",
                        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
                        "content": _json(_ref("SelfAssessment")),
                    },
                    **_errors(400, 401, 403, 413, 415, 429),
                },
            },
        },
        "/self-assessments/latest": {
            "get": {
                "operationId": "latestSelfAssessments",
                "tags": ["Auto-évaluations"],
                "summary": "Mon dernier niveau pour chaque compétence évaluée",
                "security": read,
                "responses": {
                    "200": {
                        "description": "Les derniers niveaux, dans l'ordre du référentiel.",
                        "content": _json(_ref("SelfAssessmentLatest")),
                    },
                    **_errors(401, 403),
                },
            },
        },
        **GAME_PATHS,
    }
    return paths


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
            "actor": _ref("GameActor"),
            "display_name": {"type": "string"},
        },
    },
    "Statement": {
        "type": "object",
        "description": "Une déclaration xAPI 1.0.3 (sous-ensemble), voir docs/GAME_API.md.",
        "required": ["id", "actor", "verb", "object", "result", "context", "timestamp"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "actor": _ref("GameActor"),
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

_GAME = [{"bearer": ["game:evidence"]}]
GAME_PATHS: dict[str, Any] = {
    "/game/link": {
        "post": {
            "operationId": "linkGame",
            "tags": ["Jeu"],
            "summary": "Lier le jeu au portfolio avec un code à usage unique",
            "description": (
                "Sans jeton : le code (valable 10 minutes, une seule fois) donne un jeton "
                "game:evidence."
            ),
            "security": [],
            "requestBody": {"required": True, "content": _json(_ref("GameLinkInput"))},
            "responses": {
                "201": {"description": "Le jeton du jeu.", "content": _json(_ref("GameLink"))},
                **_errors(400, 413, 415, 429),
            },
        },
        "delete": {
            "operationId": "unlinkGame",
            "tags": ["Jeu"],
            "summary": "Délier le jeu : son jeton ne marche plus",
            "security": _GAME,
            "responses": {"204": {"description": "Délié."}, **_errors(401, 403, 429)},
        },
    },
    "/statements": {
        "post": {
            "operationId": "postStatements",
            "tags": ["Jeu"],
            "summary": "Envoyer des résultats du jeu (tout ou rien)",
            "security": _GAME,
            "requestBody": {
                "required": True,
                "content": _json(
                    {"type": "array", "minItems": 1, "maxItems": 500, "items": _ref("Statement")}
                ),
            },
            "responses": {
                "200": {
                    "description": "Enregistrées, ou déjà reçues à l'identique.",
                    "content": _json(_ref("StatementsStored")),
                },
                **_errors(400, 401, 403, 409, 413, 415, 429),
            },
        },
        "get": {
            "operationId": "listStatements",
            "tags": ["Jeu"],
            "summary": "Le journal des résultats envoyés, avec la décision du référent",
            "security": _GAME,
            "parameters": [
                {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                },
                {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {"description": "Le journal.", "content": _json(_ref("StatementJournal"))},
                **_errors(400, 401, 403),
            },
        },
    },
}
