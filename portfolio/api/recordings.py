"""A trace's voice recording through the API: send (or replace), listen, remove.

Thin, like the photo routes of ``api/traces.py``: the file goes to
``trainee.services.attach_trace_recording`` (the same checks as the trace form: content
sniffed, decoded, at most 3 minutes, re-encoded to Ogg/Opus without metadata, one quota with
the photos). Only the token's own traces exist here: any other id answers 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from flask import Response, request, url_for
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.auth import ApiError, api_user
from portfolio.api.blueprint import bp
from portfolio.api.common import (
    READ,
    WRITE,
    created,
    limit_body,
    no_content,
    not_found,
    portfolio_token,
    write_limit,
)
from portfolio.api.document import READ_SECURITY, WRITE_SECURITY, answer, id_param, operation
from portfolio.api.schemas import STRICT, validation_error
from portfolio.extensions import db
from portfolio.models import AudioRecording
from portfolio.services import access
from portfolio.services.audio import CONTENT_TYPE
from portfolio.services.i18n import gettext as _
from portfolio.trainee import services as service

OGG = {CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}}


@with_config(STRICT)
class RecordingUpload(TypedDict):
    """Le formulaire (multipart/form-data) de POST /traces/{id}/recording."""

    file: Annotated[
        bytes,
        Field(description="Un enregistrement de voix : WebM, MP4/M4A, Ogg, WAV, MP3 ou FLAC."),
    ]


class Recording(TypedDict):
    id: int
    duration_ms: Annotated[int, Field(ge=1, description="La durée mesurée en décodant.")]
    size_bytes: int
    content_type: Annotated[str, Field(examples=[CONTENT_TYPE])]
    url: str


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(RecordingUpload), TypeAdapter(Recording))


def recording_json(recording: AudioRecording) -> Recording:
    return {
        "id": recording.id,
        "duration_ms": recording.duration_ms,
        "size_bytes": recording.size_bytes,
        "content_type": CONTENT_TYPE,
        "url": url_for("api.get_recording", trace_id=recording.trace_id),
    }


def _upload() -> bytes:
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Envoyez l'enregistrement en multipart/form-data, dans le champ « file »."),
        )
    problems = [
        (name, _("Ce champ n'existe pas."))
        for name in sorted({*request.form.keys(), *request.files.keys()} - {"file"})
    ]
    files = request.files.getlist("file")
    if "file" in request.form:
        problems.append(("file", _("Envoyez un fichier, pas du texte.")))
    elif not files:
        problems.append(("file", _("Ce champ est obligatoire.")))
    elif len(files) > 1:
        problems.append(("file", _("Envoyez un seul enregistrement.")))
    if problems:
        raise validation_error(problems)
    return files[0].read()


@bp.post("/traces/<int:trace_id>/recording")
@portfolio_token(WRITE)
@write_limit
def add_recording(trace_id: int) -> tuple[Response, int]:
    """Send the trace's recording (multipart/form-data: ``file``); it replaces the old one."""
    trace = access.own_trace(api_user(), trace_id)
    limit_body(service.max_audio_bytes() + 64 * 1024)
    data = _upload()
    try:
        recording = service.attach_trace_recording(api_user(), trace, data)
    except service.RecordingRefused as err:
        if err.code == "storage_unavailable":
            raise ApiError(503, err.code, str(err)) from None
        raise ApiError(
            400,
            "validation_error",
            _("L'enregistrement est refusé."),
            [{"field": "file", "message": str(err), "reason": err.code}],
        ) from None
    db.session.commit()
    body = recording_json(recording)
    return created(body, body["url"])


def _own_recording(trace_id: int) -> AudioRecording:
    trace = access.own_trace(api_user(), trace_id)
    if trace.recording is None:
        raise not_found()
    return trace.recording


@bp.get("/traces/<int:trace_id>/recording")
@portfolio_token(READ)
def get_recording(trace_id: int) -> Response:
    """The recording (Ogg/Opus)."""
    data = service.read_recording(_own_recording(trace_id))
    if data is None:
        raise not_found()
    response = Response(data, mimetype=CONTENT_TYPE)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.delete("/traces/<int:trace_id>/recording")
@portfolio_token(WRITE)
@write_limit
def delete_recording(trace_id: int) -> Response:
    """Remove the trace's recording."""
    service.delete_recording(api_user(), _own_recording(trace_id))
    db.session.commit()
    return no_content()


def paths() -> dict[str, Any]:
    """The OpenAPI path item of the recording routes."""
    return {
        "/traces/{trace_id}/recording": {
            "parameters": [id_param("trace_id", "L'identifiant de la trace.")],
            "post": operation(
                "addRecording",
                "Traces",
                "Envoyer l'enregistrement de voix d'une trace (il remplace l'ancien)",
                description=(
                    "Un fichier audio (WebM, MP4/M4A, Ogg, WAV, MP3 ou FLAC), 3 minutes au "
                    "plus. Il est vérifié, décodé et réencodé en Ogg/Opus sans ses "
                    "métadonnées. Avec un enregistrement, une trace peut rester sans texte. "
                    "Droit : portfolio:write."
                ),
                security=WRITE_SECURITY,
                body="RecordingUpload",
                media="multipart/form-data",
                answers={201: answer("L'enregistrement gardé.", "Recording", location=True)},
                errors=(400, 401, 403, 404, 413, 415, 429, 503),
            ),
            "get": operation(
                "getRecording",
                "Traces",
                "L'enregistrement de voix d'une trace (Ogg/Opus)",
                security=READ_SECURITY,
                answers={200: answer("Le son.", content=OGG)},
                errors=(401, 403, 404),
            ),
            "delete": operation(
                "deleteRecording",
                "Traces",
                "Retirer l'enregistrement de voix d'une trace",
                security=WRITE_SECURITY,
                answers={204: answer("Retiré.")},
                errors=(401, 403, 404, 429),
            ),
        },
    }
