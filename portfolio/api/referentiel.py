"""GET /api/v1/referentiel and /referentiel/search: the competency framework in use."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.blueprint import bp
from portfolio.api.common import READ, portfolio_token
from portfolio.api.schemas import STRICT, Text, parse_query, query_parameters
from portfolio.services.frameworks import framework
from referentiel import Competency, Domain, Framework, fold


@with_config(STRICT)
class SearchQuery(TypedDict):
    q: Annotated[
        Text,
        Field(
            min_length=1,
            max_length=200,
            description="Un ou plusieurs mots. Les accents et les majuscules ne comptent pas.",
        ),
    ]


SEARCH_QUERY: TypeAdapter[SearchQuery] = TypeAdapter(SearchQuery)


def competency_json(competency: Competency) -> dict[str, Any]:
    return {
        "id": competency.id,
        "code": competency.code,
        "label": competency.label,
        "description": competency.description,
        "domain_id": competency.domain_id,
        "retired": competency.retired,
        "replaced_by": competency.replaced_by,
        "indicators": [{"id": i.id, "label": i.label} for i in competency.indicators],
    }


def domain_json(domain: Domain) -> dict[str, Any]:
    return {
        "id": domain.id,
        "code": domain.code,
        "label": domain.label,
        "description": domain.description,
        "competencies": [competency_json(c) for c in domain.competencies],
    }


def framework_json(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "version": fw.version,
        "title": fw.title,
        "publisher": fw.publisher,
        "licence": fw.licence,
        "language": fw.language,
        "checksum": fw.checksum,
        "levels": [
            {"code": lv.code, "label": lv.label, "description": lv.description} for lv in fw.levels
        ],
        "domains": [domain_json(d) for d in fw.domains],
    }


@bp.get("/referentiel")
@portfolio_token(READ)
def get_referentiel() -> Response:
    """The current framework: levels, domains, competencies and their indicators."""
    return jsonify(framework_json(framework()))


@bp.get("/referentiel/search")
@portfolio_token(READ, query=True)
def search_referentiel() -> Response:
    """Competencies whose label, or one of whose indicators, holds every word of ``q``."""
    query = parse_query(SEARCH_QUERY, request.args)["q"]
    fw = framework()
    words = fold(query).split()
    results = []
    for competency in fw.search(query):
        in_label = all(word in fold(competency.label) for word in words)
        domain = fw.domain_of(competency.id)
        results.append(
            {
                **competency_json(competency),
                "domain_label": domain.label,
                "matched_in": "label" if in_label else "indicators",
            }
        )
    return jsonify(
        {"query": query, "framework": {"id": fw.id, "version": fw.version}, "results": results}
    )


COMPETENCY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "code",
        "label",
        "description",
        "domain_id",
        "retired",
        "replaced_by",
        "indicators",
    ],
    "properties": {
        "id": {"type": "string", "examples": ["E2C-1A"]},
        "code": {"type": "string"},
        "label": {"type": "string"},
        "description": {"type": ["string", "null"]},
        "domain_id": {"type": "string"},
        "retired": {"type": "boolean"},
        "replaced_by": {"type": ["string", "null"]},
        "indicators": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label"],
                "properties": {"id": {"type": "string"}, "label": {"type": "string"}},
            },
        },
    },
}

SCHEMAS: dict[str, Any] = {
    "Competency": COMPETENCY_SCHEMA,
    "Referentiel": {
        "type": "object",
        "required": [
            "id",
            "version",
            "title",
            "publisher",
            "licence",
            "language",
            "checksum",
            "levels",
            "domains",
        ],
        "properties": {
            "id": {"type": "string", "examples": ["e2c-apc"]},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "publisher": {"type": "string"},
            "licence": {"type": "string"},
            "language": {"type": "string"},
            "checksum": {"type": "string", "description": "SHA-256 du fichier du référentiel."},
            "levels": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "label", "description"],
                    "properties": {
                        "code": {"type": "integer"},
                        "label": {"type": "string"},
                        "description": {"type": "string"},
                    },
                },
            },
            "domains": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "code", "label", "description", "competencies"],
                    "properties": {
                        "id": {"type": "string"},
                        "code": {"type": "string"},
                        "label": {"type": "string"},
                        "description": {"type": ["string", "null"]},
                        "competencies": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Competency"},
                        },
                    },
                },
            },
        },
    },
    "ReferentielSearch": {
        "type": "object",
        "required": ["query", "framework", "results"],
        "properties": {
            "query": {"type": "string"},
            "framework": {
                "type": "object",
                "required": ["id", "version"],
                "properties": {"id": {"type": "string"}, "version": {"type": "string"}},
            },
            "results": {
                "type": "array",
                "items": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Competency"},
                        {
                            "type": "object",
                            "required": ["domain_label", "matched_in"],
                            "properties": {
                                "domain_label": {"type": "string"},
                                "matched_in": {"enum": ["label", "indicators"]},
                            },
                        },
                    ]
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/referentiel": {
        "get": {
            "operationId": "getReferentiel",
            "tags": ["Référentiel"],
            "summary": "Le référentiel de compétences en usage",
            "description": "Paliers, domaines, compétences et indicateurs. Droit : portfolio:read.",
            "security": [{"bearer": ["portfolio:read"]}],
            "responses": {
                "200": {
                    "description": "Le référentiel.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Referentiel"}}
                    },
                },
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
            },
        }
    },
    "/referentiel/search": {
        "get": {
            "operationId": "searchReferentiel",
            "tags": ["Référentiel"],
            "summary": "Chercher une compétence par des mots",
            "description": (
                "Cherche dans les libellés des compétences et de leurs indicateurs. "
                "Droit : portfolio:read."
            ),
            "security": [{"bearer": ["portfolio:read"]}],
            "parameters": query_parameters(SEARCH_QUERY),
            "responses": {
                "200": {
                    "description": "Les compétences trouvées (d'abord celles dont le libellé "
                    "contient les mots).",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ReferentielSearch"}
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/ValidationError"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
            },
        }
    },
}
