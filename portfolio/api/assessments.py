"""Self-assessments through the API: the trainee's own stream, append-only.

GET lists the stream (newest first, optionally one competency: its history); GET .../latest
gives the latest level of each competency; POST appends a new level. Nothing here can
change or delete a row, nor touch another stream (referent, game, tutor).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, NotRequired

from flask import Response, request, url_for
from pydantic import Field, TypeAdapter, with_config
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.auth import ApiError, api_user
from portfolio.api.blueprint import bp
from portfolio.api.common import READ, WRITE, created, json_body, portfolio_token, write_limit
from portfolio.api.document import READ_SECURITY, WRITE_SECURITY, answer, operation
from portfolio.api.schemas import (
    PAGE_HELP,
    STRICT,
    Help,
    OneOf,
    QueryInt,
    Range,
    Text,
    Unique,
    parse_query,
    validation_error,
)
from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, User
from portfolio.services import assessments as service
from portfolio.services.frameworks import competency_label, framework
from referentiel import Framework

PER_PAGE = 50
_FIELDS = {"competency": "competency_id", "traces": "trace_ids", "": "request"}


def _levels(fw: Framework) -> list[int]:
    return [lv.code for lv in fw.levels if lv.code > 0]


def _level_help(fw: Framework) -> str:
    names = ", ".join(f"{lv.code} « {lv.label} »" for lv in fw.levels if lv.code > 0)
    return f"Le palier choisi : {names}."


@with_config(STRICT)
class SelfAssessmentInput(TypedDict):
    """Le contenu de POST /self-assessments."""

    competency_id: Annotated[
        str,
        OneOf(lambda fw: [c.id for c in fw.active_competencies]),
        Field(description="La compétence évaluée."),
    ]
    level: Annotated[
        int, Range(lambda fw: min(_levels(fw)), lambda fw: max(_levels(fw))), Help(_level_help)
    ]
    comment: NotRequired[
        Annotated[
            Text,
            Field(max_length=service.MAX_COMMENT, description="Un commentaire (facultatif)."),
        ]
    ]
    trace_ids: NotRequired[
        Annotated[
            list[Annotated[int, Range(1)]],
            Unique(),
            Field(
                max_length=service.MAX_TRACES,
                description=(
                    "Les traces qui montrent ce niveau : les vôtres (une autre est refusée)."
                ),
            ),
        ]
    ]


@with_config(STRICT)
class SelfAssessmentQuery(TypedDict, total=False):
    competency: Annotated[
        str,
        OneOf(lambda fw: [c.id for c in fw.competencies]),
        Field(description="Seulement cette compétence : son historique."),
    ]
    page: Annotated[QueryInt, Range(1), Field(description=PAGE_HELP)]
    per_page: Annotated[
        QueryInt,
        Range(1, 100),
        Field(description=f"Évaluations par page (défaut {PER_PAGE}, maximum 100)."),
    ]


ASSESSMENT_INPUT: TypeAdapter[SelfAssessmentInput] = TypeAdapter(SelfAssessmentInput)
ASSESSMENT_QUERY: TypeAdapter[SelfAssessmentQuery] = TypeAdapter(SelfAssessmentQuery)


class Author(TypedDict):
    name: str


class SelfAssessment(TypedDict):
    id: int
    source: Literal["self"]
    competency_id: str
    competency_label: str
    framework_id: str
    framework_version: str
    level: int
    level_label: str
    comment: str
    trace_ids: list[int]
    author: Author
    created_at: Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class SelfAssessmentPage(TypedDict):
    items: list[SelfAssessment]
    page: Annotated[int, Field(ge=1)]
    per_page: Annotated[int, Field(ge=1)]
    pages: Annotated[int, Field(ge=1)]
    total: Annotated[int, Field(ge=0)]


class SelfAssessmentLatest(TypedDict):
    items: list[SelfAssessment]


MODELS: tuple[TypeAdapter[Any], ...] = (
    ASSESSMENT_INPUT,
    TypeAdapter(SelfAssessmentPage),
    TypeAdapter(SelfAssessmentLatest),
)


def assessment_json(row: Assessment) -> SelfAssessment:
    return {
        "id": row.id,
        "source": "self",  # only the SELF stream is read here
        "competency_id": row.competency_id,
        "competency_label": competency_label(
            row.framework_id, row.framework_version, row.competency_id
        ),
        "framework_id": row.framework_id,
        "framework_version": row.framework_version,
        "level": row.level,
        "level_label": service.level_label(row.level),
        "comment": row.comment,
        "trace_ids": sorted(t.id for t in row.traces),
        "author": {"name": row.author_label or (row.author.full_name if row.author else "")},
        "created_at": row.created_at.isoformat(),
    }


def _self_stream(trainee: User, competency_id: str | None, page: int, per_page: int) -> Any:
    """One page of the trainee's SELF stream, newest first.

    services.assessments has ``history`` (one competency, unpaginated); the API also lists the
    whole stream page by page, hence this read-only query.
    """
    query = select(Assessment).where(
        Assessment.trainee_id == trainee.id, Assessment.source == AssessmentSource.SELF
    )
    if competency_id is not None:
        query = query.where(Assessment.competency_id == competency_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(page, pages)
    rows = list(
        db.session.scalars(
            query.options(selectinload(Assessment.traces), selectinload(Assessment.author))
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return rows, total, page, pages


@bp.get("/self-assessments")
@portfolio_token(READ, query=True)
def list_self_assessments() -> SelfAssessmentPage:
    """The trainee's self-assessments, newest first (``competency``: that one's history)."""
    args = parse_query(ASSESSMENT_QUERY, request.args)
    per_page = args.get("per_page", PER_PAGE)
    rows, total, page, pages = _self_stream(
        api_user(), args.get("competency"), args.get("page", 1), per_page
    )
    return {
        "items": [assessment_json(r) for r in rows],
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "total": total,
    }


@bp.get("/self-assessments/latest")
@portfolio_token(READ)
def latest_self_assessments() -> SelfAssessmentLatest:
    """The latest self level of each competency the trainee has assessed."""
    fw = framework()
    order = {c.id: n for n, c in enumerate(fw.competencies)}
    latest = service.latest_levels(api_user(), AssessmentSource.SELF)
    rows = sorted(latest.values(), key=lambda r: (order.get(r.competency_id, len(order)), r.id))
    return {"items": [assessment_json(r) for r in rows]}


@bp.post("/self-assessments")
@portfolio_token(WRITE)
@write_limit
def create_self_assessment() -> tuple[Response, int]:
    """Append a self level for one competency (the history keeps every earlier one)."""
    body = json_body(ASSESSMENT_INPUT)
    try:
        row = service.record_self_assessment(
            api_user(),
            body["competency_id"],
            body["level"],
            body.get("comment", ""),
            body.get("trace_ids", []),
        )
    except service.AssessmentError as err:
        raise _error(err) from None
    db.session.commit()
    location = url_for("api.list_self_assessments", competency=row.competency_id)
    return created(assessment_json(row), location)


def _error(err: service.AssessmentError) -> ApiError:
    return validation_error([(_FIELDS.get(err.field, err.field), str(err))])


def paths() -> dict[str, Any]:
    """The OpenAPI path items of the self-assessment routes."""
    return {
        "/self-assessments": {
            "get": operation(
                "listSelfAssessments",
                "Auto-évaluations",
                "Mes auto-évaluations, les plus récentes d'abord",
                description=(
                    "Avec « competency » : l'historique de cette compétence. "
                    "Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                query=ASSESSMENT_QUERY,
                answers={200: answer("Une page d'auto-évaluations.", "SelfAssessmentPage")},
                errors=(400, 401, 403),
            ),
            "post": operation(
                "createSelfAssessment",
                "Auto-évaluations",
                "M'auto-évaluer sur une compétence",
                description=(
                    "Ajoute un niveau ; les anciens restent dans l'historique. "
                    "Droit : portfolio:write."
                ),
                security=WRITE_SECURITY,
                body="SelfAssessmentInput",
                answers={
                    201: answer("L'auto-évaluation enregistrée.", "SelfAssessment", location=True)
                },
                errors=(400, 401, 403, 413, 415, 429),
            ),
        },
        "/self-assessments/latest": {
            "get": operation(
                "latestSelfAssessments",
                "Auto-évaluations",
                "Mon dernier niveau pour chaque compétence évaluée",
                security=READ_SECURITY,
                answers={
                    200: answer(
                        "Les derniers niveaux, dans l'ordre du référentiel.", "SelfAssessmentLatest"
                    )
                },
                errors=(401, 403),
            ),
        },
    }
