"""GET /api/v1/referentiel and /referentiel/search: the competency framework in use."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.blueprint import bp
from portfolio.api.common import READ, portfolio_token
from portfolio.api.document import READ_SECURITY, answer, operation
from portfolio.api.schemas import STRICT, Text, parse_query
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


class IndicatorOut(TypedDict):
    id: str
    label: str


class CompetencyOut(TypedDict):
    id: Annotated[str, Field(examples=["E2C-1A"])]
    code: str
    label: str
    description: str | None
    domain_id: str
    retired: bool
    replaced_by: str | None
    indicators: list[IndicatorOut]


class LevelOut(TypedDict):
    code: int
    label: str
    description: str


class DomainOut(TypedDict):
    id: str
    code: str
    label: str
    description: str | None
    competencies: list[CompetencyOut]


class Referentiel(TypedDict):
    id: Annotated[str, Field(examples=["e2c-apc"])]
    version: str
    title: str
    publisher: str
    licence: str
    language: str
    checksum: Annotated[str, Field(description="SHA-256 du fichier du référentiel.")]
    levels: list[LevelOut]
    domains: list[DomainOut]


class FrameworkRef(TypedDict):
    id: str
    version: str


class SearchResult(CompetencyOut):
    domain_label: str
    matched_in: Literal["label", "indicators"]


class ReferentielSearch(TypedDict):
    query: str
    framework: FrameworkRef
    results: list[SearchResult]


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(Referentiel), TypeAdapter(ReferentielSearch))


def competency_json(competency: Competency) -> CompetencyOut:
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


def domain_json(domain: Domain) -> DomainOut:
    return {
        "id": domain.id,
        "code": domain.code,
        "label": domain.label,
        "description": domain.description,
        "competencies": [competency_json(c) for c in domain.competencies],
    }


def framework_json(fw: Framework) -> Referentiel:
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
            SearchResult(
                **competency_json(competency),
                domain_label=domain.label,
                matched_in="label" if in_label else "indicators",
            )
        )
    return jsonify(
        {"query": query, "framework": {"id": fw.id, "version": fw.version}, "results": results}
    )


def paths() -> dict[str, Any]:
    """The OpenAPI path items of the framework routes."""
    return {
        "/referentiel": {
            "get": operation(
                "getReferentiel",
                "Référentiel",
                "Le référentiel de compétences en usage",
                description=(
                    "Paliers, domaines, compétences et indicateurs. Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                answers={200: answer("Le référentiel.", "Referentiel")},
                errors=(401, 403),
            )
        },
        "/referentiel/search": {
            "get": operation(
                "searchReferentiel",
                "Référentiel",
                "Chercher une compétence par des mots",
                description=(
                    "Cherche dans les libellés des compétences et de leurs indicateurs. "
                    "Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                query=SEARCH_QUERY,
                answers={
                    200: answer(
                        "Les compétences trouvées (d'abord celles dont le libellé "
                        "contient les mots).",
                        "ReferentielSearch",
                    )
                },
                errors=(400, 401, 403),
            )
        },
    }
