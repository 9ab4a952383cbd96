"""Traces through the API: list, create, read, change, delete; photos upload and download.

Thin: check the request against its schema, call ``trainee.services``, shape the answer.
Only the token's own traces exist here: any other id answers 404.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, Required

from flask import Response, current_app, jsonify, request, url_for
from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

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
from portfolio.api.document import (
    JPEG,
    READ_SECURITY,
    WRITE_SECURITY,
    answer,
    id_param,
    operation,
)
from portfolio.api.schemas import (
    PAGE_HELP,
    STRICT,
    Day,
    LongText,
    NonBlank,
    OneOf,
    QueryInt,
    Range,
    Text,
    Unique,
    at_least_one_field,
    from_pydantic,
    parse_query,
    validation_error,
)
from portfolio.extensions import db
from portfolio.models import Trace as TraceRow
from portfolio.models import TraceContext, TracePhoto, TraceStatus, User
from portfolio.services import access
from portfolio.services.frameworks import competency_label, framework
from portfolio.services.i18n import gettext as _
from portfolio.trainee import services as service
from referentiel import Framework

# Field names of ``TraceError.errors`` -> field names of the API.
_FIELDS = {"photos": "file"}
MAX_CAPTION = 300
MAX_INDICATORS = 60


# --------------------------------------------------------------------------- request models
# http(s), a host with a dot, no user name, password or space: what services.traces accepts
# (the service checks it, with its own message on ``links``).
_HOST_PART = r"[A-Za-z0-9-]+"
_LINK_PATTERN = (
    rf"^https?://{_HOST_PART}(\.{_HOST_PART})+(:[0-9]{{1,4}})?([/?#][^\s\x00-\x1f\x7f]*)?$"
)
CompetencyId = Annotated[
    str, OneOf(lambda fw: [c.id for c in fw.competencies]), Field(description="La compétence.")
]
IndicatorId = Annotated[str, OneOf(lambda fw: [i.id for i in fw.indicators])]
Caption = Annotated[
    Text,
    Field(
        max_length=MAX_CAPTION,
        description="Ce que montre la photo (sert aussi de texte de remplacement).",
    ),
]


@with_config(STRICT)
class CompetencyInput(TypedDict):
    id: CompetencyId
    indicators: NotRequired[
        Annotated[
            list[IndicatorId],
            Unique(),
            Field(max_length=MAX_INDICATORS, description="Des indicateurs de cette compétence."),
        ]
    ]


@with_config(STRICT)
class LinkInput(TypedDict):
    url: Annotated[
        Text,
        Field(
            min_length=1, max_length=service.MAX_URL, json_schema_extra={"pattern": _LINK_PATTERN}
        ),
    ]
    title: NotRequired[Annotated[Text, Field(max_length=service.MAX_LINK_TITLE)]]


@with_config(STRICT)
class _TraceFields(TypedDict, total=False):
    status: Annotated[
        str,
        OneOf([s.value for s in TraceStatus]),
        Field(
            description=(
                "« draft » (brouillon) : seul le titre est obligatoire. « complete » (par "
                "défaut) : il faut aussi le contexte ; sans date, c'est aujourd'hui. Le "
                "texte, les compétences et le nom de l'entreprise peuvent venir plus tard."
            )
        ),
    ]
    body: Annotated[
        str,
        LongText(service.MAX_BODY),
        Field(description="Ce qui s'est passé, en quelques phrases."),
    ]
    happened_on: Annotated[
        Day | None,
        Field(description="Le jour de l'expérience (AAAA-MM-JJ), pas dans le futur."),
    ]
    context: Annotated[
        Annotated[str, OneOf([c.value for c in TraceContext])] | None,
        Field(description="Où cela s'est passé."),
    ]
    company_name: Annotated[
        Annotated[Text, Field(max_length=service.MAX_COMPANY)] | None,
        Field(description="Le nom de l'entreprise, pour un stage."),
    ]
    competencies: Annotated[
        list[CompetencyInput],
        Field(
            max_length=service.MAX_COMPETENCIES,
            description="Les compétences que la trace montre, avec leurs indicateurs.",
        ),
    ]
    links: Annotated[
        list[LinkInput],
        Field(max_length=service.MAX_LINKS, description="Des liens http ou https."),
    ]


_Title = Annotated[
    NonBlank, Field(max_length=service.MAX_TITLE, description="Le titre de la trace.")
]


_UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


@with_config(STRICT)
class TraceInput(_TraceFields, total=False):
    """Le contenu de POST /traces."""

    title: Required[_Title]
    client_key: Annotated[
        str,
        Field(
            pattern=_UUID_PATTERN,
            description=(
                "Un UUID écrit par l'application quand la trace commence (en minuscules). "
                "Envoyée de nouveau avec la même clé, la trace n'est pas créée deux fois : "
                "la réponse 200 donne celle enregistrée la première fois."
            ),
        ),
    ]


@with_config(ConfigDict(**STRICT, json_schema_extra={"minProperties": 1}))
class TracePatch(_TraceFields, total=False):
    """Le contenu de PATCH /traces/{id} : les champs à changer, au moins un."""

    title: _Title


@with_config(STRICT)
class PhotoCaption(TypedDict):
    caption: Caption


@with_config(STRICT)
class PhotoUpload(TypedDict):
    """Le formulaire (multipart/form-data) de POST /traces/{id}/photos."""

    file: Annotated[bytes, Field(description="Une photo JPEG, PNG, WebP ou HEIC.")]
    caption: NotRequired[Caption]


@with_config(STRICT)
class TraceQuery(TypedDict, total=False):
    domain: Annotated[
        str,
        OneOf(lambda fw: [d.id for d in fw.domains]),
        Field(description="Seulement les traces qui montrent une compétence de ce domaine."),
    ]
    competency: Annotated[
        CompetencyId, Field(description="Seulement les traces qui montrent cette compétence.")
    ]
    context: Annotated[
        str,
        OneOf([c.value for c in TraceContext]),
        Field(description="Seulement les traces de ce contexte."),
    ]
    status: Annotated[
        str,
        OneOf([s.value for s in TraceStatus]),
        Field(description="Seulement les brouillons (draft) ou les traces complètes (complete)."),
    ]
    date_from: Annotated[Day, Field(alias="from", description="Depuis ce jour (inclus).")]
    date_to: Annotated[Day, Field(alias="to", description="Jusqu'à ce jour (inclus).")]
    page: Annotated[QueryInt, Range(1), Field(description=PAGE_HELP)]
    per_page: Annotated[
        QueryInt,
        Range(1, 100),
        Field(description=f"Traces par page (défaut {service.PER_PAGE}, maximum 100)."),
    ]


TRACE_INPUT: TypeAdapter[TraceInput] = TypeAdapter(TraceInput)
TRACE_PATCH: TypeAdapter[TracePatch] = TypeAdapter(
    Annotated[TracePatch, AfterValidator(at_least_one_field)]
)
PHOTO_CAPTION: TypeAdapter[PhotoCaption] = TypeAdapter(PhotoCaption)
CAPTION: TypeAdapter[str] = TypeAdapter(Caption, config=STRICT)
TRACE_QUERY: TypeAdapter[TraceQuery] = TypeAdapter(TraceQuery)


# --------------------------------------------------------------------------- JSON out
DateText = Annotated[str, Field(json_schema_extra={"format": "date"})]
Moment = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class Photo(TypedDict):
    id: int
    caption: str
    width: int
    height: int
    content_type: Annotated[str, Field(examples=["image/jpeg"])]
    size_bytes: int
    url: str
    thumbnail_url: str


class TraceCompetency(TypedDict):
    id: str
    label: str
    framework_id: str
    framework_version: str
    indicators: list[str]


class TraceLink(TypedDict):
    url: str
    title: str
    domain: str


class Trace(TypedDict):
    id: int
    title: str
    body: str
    happened_on: DateText
    context: Annotated[str, OneOf([c.value for c in TraceContext])]
    company_name: str | None
    status: Annotated[str, OneOf([s.value for s in TraceStatus])]
    origin: Annotated[
        str,
        OneOf(["trainee", "game"]),
        Field(description="« game » : créée à partir d'un résultat du jeu."),
    ]
    created_at: Moment
    updated_at: Moment
    competencies: list[TraceCompetency]
    links: list[TraceLink]
    photos: list[Photo]
    url: str


class TracePage(TypedDict):
    items: list[Trace]
    page: Annotated[int, Field(ge=1)]
    per_page: Annotated[int, Field(ge=1)]
    pages: Annotated[int, Field(ge=1)]
    total: Annotated[int, Field(ge=0)]


MODELS: tuple[TypeAdapter[Any], ...] = (
    TRACE_INPUT,
    TRACE_PATCH,
    PHOTO_CAPTION,
    TypeAdapter(PhotoUpload),
    TypeAdapter(TracePage),
)


def photo_json(photo: TracePhoto) -> Photo:
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


def trace_json(trace: TraceRow) -> Trace:
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


def _trace_data(body: dict[str, Any], trace: TraceRow | None) -> service.TraceData:
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
    context = value("context", trace.context if trace else None)
    return service.TraceData(
        title=value("title", trace.title if trace else ""),
        status=TraceStatus(value("status", trace.status if trace else TraceStatus.COMPLETE)),
        body=value("body", trace.body if trace else ""),
        happened_on=value("happened_on", trace.happened_on if trace else None),
        context=TraceContext(context) if context is not None else None,
        company_name=value("company_name", trace.company_name if trace else None),
        competency_ids=competency_ids,
        indicator_ids=indicator_ids,
        links=links,
        client_key=body.get("client_key") if trace is None else None,
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
def list_traces() -> TracePage:
    """The trainee's traces, newest first, filtered like the portfolio page, one page."""
    args = parse_query(TRACE_QUERY, request.args)
    if "date_from" in args and "date_to" in args and args["date_from"] > args["date_to"]:
        raise validation_error(
            [("to", _("La date de fin doit être le même jour ou après la date de début."))]
        )
    filters = service.TraceFilters(
        domain_id=args.get("domain"),
        competency_id=args.get("competency"),
        context=TraceContext(args["context"]) if "context" in args else None,
        status=TraceStatus(args["status"]) if "status" in args else None,
        date_from=args.get("date_from"),
        date_to=args.get("date_to"),
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
    """Create a trace: a draft needs only a title; a complete trace also a context."""
    body = json_body(TRACE_INPUT)
    user: User = api_user()
    try:
        trace = service.create_trace(user, _trace_data(body, None))
    except service.TraceAlreadySent as sent:
        db.session.rollback()
        existing = access.own_trace(user, sent.trace.id)
        return jsonify(trace_json(existing)), 200
    except service.TraceError as err:
        raise _service_error(err) from None
    db.session.commit()
    return created(trace_json(trace), url_for("api.get_trace", trace_id=trace.id))


@bp.get("/traces/<int:trace_id>")
@portfolio_token(READ)
def get_trace(trace_id: int) -> Trace:
    return trace_json(access.own_trace(api_user(), trace_id))


@bp.patch("/traces/<int:trace_id>")
@portfolio_token(WRITE)
@write_limit
def update_trace(trace_id: int) -> Trace:
    """Change some fields; lists given (competencies, links) replace the old ones."""
    trace = access.own_trace(api_user(), trace_id)
    body = json_body(TRACE_PATCH)
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
        try:
            CAPTION.validate_python(captions[0])
        except ValidationError as err:
            problems += [("caption", d["message"]) for d in from_pydantic(err).details or []]
    if problems:
        raise validation_error(problems)
    data = files[0].read()
    try:
        photo = service.add_photo(api_user(), trace, data, captions[0] if captions else "")
    except service.PhotoRefused as err:
        if err.code == "storage_unavailable":  # not the photo's fault: try again later
            raise ApiError(503, err.code, str(err)) from None
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
def update_photo(trace_id: int, photo_id: int) -> Photo:
    """Change a photo's caption."""
    photo = access.own_photo(api_user(), trace_id, photo_id)
    body = json_body(PHOTO_CAPTION)
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


# --------------------------------------------------------------------------- document


def paths() -> dict[str, Any]:
    """The OpenAPI path items of the trace routes (photos: :func:`photo_paths`)."""
    trace_id = id_param("trace_id", "L'identifiant de la trace.")
    changes = (400, 401, 403, 404, 413, 415, 429)
    return {
        "/traces": {
            "get": operation(
                "listTraces",
                "Traces",
                "Mes traces, les plus récentes d'abord",
                description="Filtres comme sur la page du portfolio. Droit : portfolio:read.",
                security=READ_SECURITY,
                query=TRACE_QUERY,
                answers={200: answer("Une page de traces.", "TracePage")},
                errors=(400, 401, 403),
            ),
            "post": operation(
                "createTrace",
                "Traces",
                "Créer une trace",
                description=(
                    "Un brouillon (status « draft ») n'a besoin que d'un titre. Une trace "
                    "complète a besoin aussi d'un contexte (la date manquante est celle du "
                    "jour) ; le reste peut venir plus tard. Droit : portfolio:write."
                ),
                security=WRITE_SECURITY,
                body="TraceInput",
                answers={
                    201: answer("La trace créée.", "Trace", location=True),
                    200: answer("Déjà créée avec cette clé (client_key) : la voici.", "Trace"),
                },
                errors=(400, 401, 403, 413, 415, 429),
            ),
        },
        "/traces/{trace_id}": {
            "parameters": [trace_id],
            "get": operation(
                "getTrace",
                "Traces",
                "Une trace",
                security=READ_SECURITY,
                answers={200: answer("La trace.", "Trace")},
                errors=(401, 403, 404),
            ),
            "patch": operation(
                "updateTrace",
                "Traces",
                "Modifier une trace",
                description=(
                    "Seuls les champs envoyés changent ; une liste envoyée (compétences, "
                    "liens) remplace l'ancienne. Les photos ne changent pas ici. "
                    "Droit : portfolio:write."
                ),
                security=WRITE_SECURITY,
                body="TracePatch",
                answers={200: answer("La trace modifiée.", "Trace")},
                errors=changes,
            ),
            "delete": operation(
                "deleteTrace",
                "Traces",
                "Supprimer une trace, avec ses photos",
                security=WRITE_SECURITY,
                answers={204: answer("Supprimée.")},
                errors=(401, 403, 404, 429),
            ),
        },
        **photo_paths(),
    }


def photo_paths() -> dict[str, Any]:
    """The OpenAPI path items of the photo routes."""
    ids = [
        id_param("trace_id", "L'identifiant de la trace."),
        id_param("photo_id", "L'identifiant de la photo."),
    ]
    changes = (400, 401, 403, 404, 413, 415, 429)
    return {
        "/traces/{trace_id}/photos": {
            "parameters": ids[:1],
            "post": operation(
                "addPhoto",
                "Traces",
                "Ajouter une photo à une trace",
                description=(
                    "Une photo JPEG, PNG, WebP ou HEIC par envoi. Elle est vérifiée, redressée, "
                    "débarrassée de ses métadonnées (GPS...) et réduite. Droit : portfolio:write."
                ),
                security=WRITE_SECURITY,
                body="PhotoUpload",
                media="multipart/form-data",
                answers={201: answer("La photo ajoutée.", "Photo", location=True)},
                errors=(*changes, 503),
            ),
        },
        "/traces/{trace_id}/photos/{photo_id}": {
            "parameters": ids,
            "get": operation(
                "getPhoto",
                "Traces",
                "L'image d'une photo (JPEG, 1600 px au plus)",
                security=READ_SECURITY,
                answers={200: answer("L'image.", content=JPEG)},
                errors=(401, 403, 404),
            ),
            "patch": operation(
                "updatePhoto",
                "Traces",
                "Changer la légende d'une photo",
                security=WRITE_SECURITY,
                body="PhotoCaption",
                answers={200: answer("La photo.", "Photo")},
                errors=changes,
            ),
            "delete": operation(
                "deletePhoto",
                "Traces",
                "Retirer une photo",
                security=WRITE_SECURITY,
                answers={204: answer("Retirée.")},
                errors=(401, 403, 404, 429),
            ),
        },
        "/traces/{trace_id}/photos/{photo_id}/thumbnail": {
            "parameters": ids,
            "get": operation(
                "getPhotoThumbnail",
                "Traces",
                "La vignette d'une photo (JPEG)",
                security=READ_SECURITY,
                answers={200: answer("La vignette.", content=JPEG)},
                errors=(401, 403, 404),
            ),
        },
    }
