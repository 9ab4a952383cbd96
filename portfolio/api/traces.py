"""Traces through the API: list, create, read, change, delete; photos upload and download.

Thin: check the request against its schema, call ``trainee.services``, shape the answer.
Only the token's own traces exist here: any other id answers 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _

from portfolio.api.auth import ApiError, api_user
from portfolio.api.blueprint import bp
from portfolio.api.common import (
    READ,
    WRITE,
    created,
    json_body,
    limit_body,
    no_content,
    not_found,
    portfolio_token,
    write_limit,
)
from portfolio.api.schemas import (
    MAX_INT,
    NON_BLANK_PATTERN,
    Param,
    check,
    parse_query,
    validation_error,
)
from portfolio.extensions import db
from portfolio.models import Trace, TraceContext, TracePhoto, TraceStatus, User
from portfolio.services import access
from portfolio.services.frameworks import competency_label, framework
from portfolio.trainee import services as service
from referentiel import Framework

# Field names of ``TraceError.errors`` -> field names of the API.
_FIELDS = {"photos": "file"}
MAX_CAPTION = 300
MAX_INDICATORS = 60


# --------------------------------------------------------------------------- schemas


def trace_input_schema(fw: Framework, *, patch: bool = False) -> dict[str, Any]:
    """The body of POST /traces (``patch``: of PATCH /traces/{id}, every field optional)."""
    competency_ids = [c.id for c in fw.competencies]
    indicator_ids = [i.id for i in fw.indicators]
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": service.MAX_TITLE,
                "pattern": NON_BLANK_PATTERN,
                "description": "Le titre de la trace.",
            },
            "status": {
                "type": "string",
                "enum": [s.value for s in TraceStatus],
                "description": (
                    "« draft » (brouillon) : seul le titre est obligatoire. « complete » (par "
                    "défaut) : il faut aussi la date, le contexte, le texte et au moins une "
                    "compétence ; pour un stage, le nom de l'entreprise."
                ),
            },
            "body": {
                "type": "string",
                "maxLength": service.MAX_BODY,
                "description": "Ce qui s'est passé, en quelques phrases.",
            },
            "happened_on": {
                "type": ["string", "null"],
                "format": "date",
                "description": "Le jour de l'expérience (AAAA-MM-JJ), pas dans le futur.",
            },
            "context": {
                "type": ["string", "null"],
                "enum": [*(c.value for c in TraceContext), None],
                "description": "Où cela s'est passé.",
            },
            "company_name": {
                "type": ["string", "null"],
                "maxLength": service.MAX_COMPANY,
                "description": "Le nom de l'entreprise, pour un stage.",
            },
            "competencies": {
                "type": "array",
                "maxItems": service.MAX_COMPETENCIES,
                "description": "Les compétences que la trace montre, avec leurs indicateurs.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "enum": competency_ids},
                        "indicators": {
                            "type": "array",
                            "maxItems": MAX_INDICATORS,
                            "uniqueItems": True,
                            "items": {"type": "string", "enum": indicator_ids},
                            "description": "Des indicateurs de cette compétence.",
                        },
                    },
                },
            },
            "links": {
                "type": "array",
                "maxItems": service.MAX_LINKS,
                "description": "Des liens http ou https.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["url"],
                    "properties": {
                        "url": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": service.MAX_URL,
                            "pattern": _LINK_PATTERN,
                        },
                        "title": {"type": "string", "maxLength": service.MAX_LINK_TITLE},
                    },
                },
            },
        },
    }
    if patch:
        schema["minProperties"] = 1
    else:
        schema["required"] = ["title"]
    return schema


# http(s), a host with a dot, no user name, password or space: what services.traces accepts.
_HOST_PART = r"[A-Za-z0-9-]+"
_LINK_PATTERN = (
    rf"^https?://{_HOST_PART}(\.{_HOST_PART})+(:[0-9]{{1,4}})?([/?#][^\s\x00-\x1f\x7f]*)?$"
)

PHOTO_UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "Une photo JPEG, PNG, WebP ou HEIC.",
        },
        "caption": {
            "type": "string",
            "maxLength": MAX_CAPTION,
            "description": "Ce que montre la photo (sert aussi de texte de remplacement).",
        },
    },
}
CAPTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["caption"],
    "properties": {"caption": PHOTO_UPLOAD_SCHEMA["properties"]["caption"]},
}


def list_params(fw: Framework) -> list[Param]:
    return [
        Param(
            "domain",
            {"type": "string", "enum": [d.id for d in fw.domains]},
            "Seulement les traces qui montrent une compétence de ce domaine.",
        ),
        Param(
            "competency",
            {"type": "string", "enum": [c.id for c in fw.competencies]},
            "Seulement les traces qui montrent cette compétence.",
        ),
        Param(
            "context",
            {"type": "string", "enum": [c.value for c in TraceContext]},
            "Seulement les traces de ce contexte.",
        ),
        Param(
            "status",
            {"type": "string", "enum": [s.value for s in TraceStatus]},
            "Seulement les brouillons (draft) ou les traces complètes (complete).",
        ),
        Param("from", {"type": "string", "format": "date"}, "Depuis ce jour (inclus)."),
        Param("to", {"type": "string", "format": "date"}, "Jusqu'à ce jour (inclus)."),
        Param(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_INT},
            "Numéro de page, à partir de 1. Après la dernière page : la dernière page.",
        ),
        Param(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": 100},
            f"Traces par page (défaut {service.PER_PAGE}, maximum 100).",
        ),
    ]


# --------------------------------------------------------------------------- JSON out


def photo_json(photo: TracePhoto) -> dict[str, Any]:
    trace_id, photo_id = photo.trace_id, photo.id
    return {
        "id": photo.id,
        "caption": photo.caption,
        "width": photo.width,
        "height": photo.height,
        "content_type": photo.content_type,
        "size_bytes": photo.size_bytes,
        "url": url_for("api.get_photo", trace_id=trace_id, photo_id=photo_id),
        "thumbnail_url": url_for("api.get_photo_thumbnail", trace_id=trace_id, photo_id=photo_id),
    }


def trace_json(trace: Trace) -> dict[str, Any]:
    return {
        "id": trace.id,
        "title": trace.title,
        "body": trace.body,
        "happened_on": trace.happened_on.isoformat(),
        "context": trace.context.value,
        "company_name": trace.company_name,
        "status": trace.status.value,
        "origin": trace.origin.value,
        "created_at": trace.created_at.isoformat(),
        "updated_at": trace.updated_at.isoformat(),
        "competencies": [
            {
                "id": tc.competency_id,
                "label": competency_label(tc.framework_id, tc.framework_version, tc.competency_id),
                "framework_id": tc.framework_id,
                "framework_version": tc.framework_version,
                "indicators": list(tc.indicator_ids),
            }
            for tc in trace.competencies
        ],
        "links": [
            {"url": link.url, "title": link.title, "domain": service.link_domain(link.url)}
            for link in trace.links
        ],
        "photos": [photo_json(p) for p in trace.photos],
        "url": url_for("api.get_trace", trace_id=trace.id),
    }


# --------------------------------------------------------------------------- helpers


def _service_error(err: service.TraceError) -> ApiError:
    if isinstance(err, service.TraceNotFound):
        return not_found()
    problems = [(_FIELDS.get(f, f), message) for f, message in err.errors.items()]
    return validation_error(problems or [("request", str(err))])


def _trace_data(body: dict[str, Any], trace: Trace | None) -> service.TraceData:
    """The service's input from a checked body; on PATCH, absent fields keep their value."""
    fw = framework()
    _check_indicators(body, fw)

    def value(name: str, current: Any) -> Any:
        return body.get(name, current)

    if "competencies" in body:
        competency_ids = [c["id"] for c in body["competencies"]]
        indicator_ids = [i for c in body["competencies"] for i in c.get("indicators", [])]
    else:
        competency_ids = [tc.competency_id for tc in trace.competencies] if trace else []
        indicator_ids = []  # kept as recorded by the service
    if "links" in body:
        links = [service.LinkInput(k["url"], k.get("title", "")) for k in body["links"]]
    else:
        links = [service.LinkInput(k.url, k.title) for k in trace.links] if trace else []
    happened = value("happened_on", trace.happened_on if trace else None)
    context = value("context", trace.context if trace else None)
    return service.TraceData(
        title=value("title", trace.title if trace else ""),
        status=TraceStatus(value("status", trace.status if trace else TraceStatus.COMPLETE)),
        body=value("body", trace.body if trace else ""),
        happened_on=date.fromisoformat(happened) if isinstance(happened, str) else happened,
        context=TraceContext(context) if context is not None else None,
        company_name=value("company_name", trace.company_name if trace else None),
        competency_ids=competency_ids,
        indicator_ids=indicator_ids,
        links=links,
    )


def _check_indicators(body: dict[str, Any], fw: Framework) -> None:
    problems = []
    for n, item in enumerate(body.get("competencies", [])):
        for m, indicator_id in enumerate(item.get("indicators", [])):
            if fw.indicator(indicator_id).competency_id != item["id"]:
                problems.append(
                    (
                        f"competencies[{n}].indicators[{m}]",
                        _("Cet indicateur n'appartient pas à cette compétence."),
                    )
                )
    if problems:
        raise validation_error(problems)


# --------------------------------------------------------------------------- traces


@bp.get("/traces")
@portfolio_token(READ, query=True)
def list_traces() -> dict[str, Any]:
    """The trainee's traces, newest first, filtered like the portfolio page, one page."""
    fw = framework()
    args = parse_query(list_params(fw), request.args)
    if "from" in args and "to" in args and args["from"] > args["to"]:
        raise validation_error(
            [("to", _("La date de fin doit être le même jour ou après la date de début."))]
        )
    filters = service.TraceFilters(
        domain_id=args.get("domain"),
        competency_id=args.get("competency"),
        context=TraceContext(args["context"]) if "context" in args else None,
        status=TraceStatus(args["status"]) if "status" in args else None,
        date_from=date.fromisoformat(args["from"]) if "from" in args else None,
        date_to=date.fromisoformat(args["to"]) if "to" in args else None,
    )
    page = service.list_traces(
        api_user(),
        filters,
        page=args.get("page", 1),
        per_page=args.get("per_page", service.PER_PAGE),
    )
    return {
        "items": [trace_json(t) for t in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "total": page.total,
    }


@bp.post("/traces")
@portfolio_token(WRITE)
@write_limit
def create_trace() -> tuple[Response, int]:
    """Create a trace: a draft needs only a title; a complete trace needs more."""
    body = json_body(trace_input_schema(framework()))
    user: User = api_user()
    try:
        trace = service.create_trace(user, _trace_data(body, None))
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return created(trace_json(trace), url_for("api.get_trace", trace_id=trace.id))


@bp.get("/traces/<int:trace_id>")
@portfolio_token(READ)
def get_trace(trace_id: int) -> dict[str, Any]:
    return trace_json(access.own_trace(api_user(), trace_id))


@bp.patch("/traces/<int:trace_id>")
@portfolio_token(WRITE)
@write_limit
def update_trace(trace_id: int) -> dict[str, Any]:
    """Change some fields; lists given (competencies, links) replace the old ones."""
    trace = access.own_trace(api_user(), trace_id)
    body = json_body(trace_input_schema(framework(), patch=True))
    try:
        service.update_trace(api_user(), trace, _trace_data(body, trace))
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return trace_json(trace)


@bp.delete("/traces/<int:trace_id>")
@portfolio_token(WRITE)
@write_limit
def delete_trace(trace_id: int) -> Response:
    trace = access.own_trace(api_user(), trace_id)
    try:
        service.delete_trace(api_user(), trace)
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return no_content()


# --------------------------------------------------------------------------- photos


def _upload_limit() -> int:
    return int(current_app.config["PHOTO_MAX_BYTES"]) + 64 * 1024


@bp.post("/traces/<int:trace_id>/photos")
@portfolio_token(WRITE)
@write_limit
def add_photo(trace_id: int) -> tuple[Response, int]:
    """Add one photo (multipart/form-data: ``file`` and an optional ``caption``)."""
    trace = access.own_trace(api_user(), trace_id)
    limit_body(_upload_limit())
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Envoyez la photo en multipart/form-data, dans le champ « file »."),
        )
    problems = [
        (name, _("Ce champ n'existe pas."))
        for name in sorted({*request.form.keys(), *request.files.keys()} - {"file", "caption"})
    ]
    files = request.files.getlist("file")
    captions = request.form.getlist("caption")
    if "file" in request.form:
        problems.append(("file", _("Envoyez un fichier, pas du texte.")))
    elif not files:
        problems.append(("file", _("Ce champ est obligatoire.")))
    elif len(files) > 1:
        problems.append(("file", _("Envoyez une seule photo à la fois.")))
    if len(captions) > 1:
        problems.append(("caption", _("Donnez une seule légende.")))
    elif captions:
        problems += check(PHOTO_UPLOAD_SCHEMA["properties"]["caption"], captions[0])
        problems = [(f if f != "request" else "caption", m) for f, m in problems]
    if problems:
        raise validation_error(problems)
    data = files[0].read()
    try:
        photo = service.add_photo(api_user(), trace, data, captions[0] if captions else "")
    except service.PhotoRefused as err:
        raise ApiError(
            400,
            "validation_error",
            _("La photo est refusée."),
            [{"field": "file", "message": str(err), "reason": err.code}],
        ) from None
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    body = photo_json(photo)
    return created(body, body["url"])


def _send_photo(trace_id: int, photo_id: int, *, thumbnail: bool) -> Response:
    photo = access.own_photo(api_user(), trace_id, photo_id)
    data = service.read_photo(photo, thumbnail=thumbnail)
    if data is None:
        raise not_found()
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.get("/traces/<int:trace_id>/photos/<int:photo_id>")
@portfolio_token(READ)
def get_photo(trace_id: int, photo_id: int) -> Response:
    """The display image (JPEG, long side at most 1600 px)."""
    return _send_photo(trace_id, photo_id, thumbnail=False)


@bp.get("/traces/<int:trace_id>/photos/<int:photo_id>/thumbnail")
@portfolio_token(READ)
def get_photo_thumbnail(trace_id: int, photo_id: int) -> Response:
    """The thumbnail (JPEG)."""
    return _send_photo(trace_id, photo_id, thumbnail=True)


@bp.patch("/traces/<int:trace_id>/photos/<int:photo_id>")
@portfolio_token(WRITE)
@write_limit
def update_photo(trace_id: int, photo_id: int) -> dict[str, Any]:
    """Change a photo's caption."""
    photo = access.own_photo(api_user(), trace_id, photo_id)
    body = json_body(CAPTION_SCHEMA)
    try:
        service.update_photo_caption(api_user(), photo, body["caption"])
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return photo_json(photo)


@bp.delete("/traces/<int:trace_id>/photos/<int:photo_id>")
@portfolio_token(WRITE)
@write_limit
def delete_photo(trace_id: int, photo_id: int) -> Response:
    photo = access.own_photo(api_user(), trace_id, photo_id)
    try:
        service.delete_photo(api_user(), photo)
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return no_content()
