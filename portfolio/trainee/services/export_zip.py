"""The portfolio the trainee keeps: ``/mon-suivi/export.zip``, an offline site and their data.

Layout (documented in docs/EXPORT.md): ``index.html`` and a few pages beside it (``traces.html``,
``competences.html``, ``notes.html``, ``bilans.html``, ``attestation.html``, ``style.css``), the
files they show (``photos/``, ``enregistrements/``, ``badges/*.jwt``, ``attestation.pdf`` when
final), the data (``donnees/portfolio.json``: the JSON export; ``donnees/xapi.json``) and
``portfolio.pdf``, a printable page.

Why the standard library's ``zipfile`` into a ``SpooledTemporaryFile`` rather than a streaming
ZIP library: no new dependency, and the response gets a Content-Length (a phone shows the
download's progress). Memory stays small all the same: files are copied from storage one at a
time, and the archive moves to a temporary file on disk beyond ``SPOOL_BYTES``.

Data come from the services the pages use (``trainee_export``, ``gap_report``,
``attestations_of``, ``badges_of``); the only queries of this module read the storage keys of
the photos and recordings (one each).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from tempfile import SpooledTemporaryFile
from typing import IO, Any, Final

from flask import render_template, url_for
from flask_babel import get_locale
from sqlalchemy import select

from portfolio.exits.services.attestations import attestations_of
from portfolio.exits.services.badges import badges_of
from portfolio.exits.services.keys import public_url
from portfolio.extensions import db
from portfolio.models import (
    AttestationStatus,
    AudioRecording,
    Trace,
    TracePhoto,
    User,
)
from portfolio.referent.services.export import trainee_export
from portfolio.services.gaps import gap_report
from portfolio.trainee.services import xapi
from portfolio.trainee.services.photos import photo_storage

SPOOL_BYTES: Final = 8 * 1024 * 1024
PAGES: Final = ("index", "traces", "competences", "notes", "bilans", "attestation")


@dataclass(frozen=True)
class FileEntry:
    """A stored file copied into the archive: its path there and its storage key."""

    path: str
    key: str
    caption: str = ""


def _photos(trainee: User) -> dict[int, list[FileEntry]]:
    rows = db.session.execute(
        select(TracePhoto.id, TracePhoto.trace_id, TracePhoto.display_key, TracePhoto.caption)
        .join(Trace, Trace.id == TracePhoto.trace_id)
        .where(Trace.trainee_id == trainee.id)
        .order_by(TracePhoto.trace_id, TracePhoto.position, TracePhoto.id)
    ).all()
    out: dict[int, list[FileEntry]] = {}
    for photo_id, trace_id, key, caption in rows:
        entry = FileEntry(f"photos/trace-{trace_id}-photo-{photo_id}.jpg", key, caption)
        out.setdefault(trace_id, []).append(entry)
    return out


def _recordings(trainee: User) -> dict[int, FileEntry]:
    rows = db.session.execute(
        select(AudioRecording.trace_id, AudioRecording.storage_key)
        .join(Trace, Trace.id == AudioRecording.trace_id)
        .where(Trace.trainee_id == trainee.id)
    ).all()
    return {
        trace_id: FileEntry(f"enregistrements/trace-{trace_id}.ogg", key)
        for trace_id, key in rows
        if trace_id is not None
    }


def _file_entries(
    photos: dict[int, list[FileEntry]], recordings: dict[int, FileEntry]
) -> Iterator[FileEntry]:
    for entries in photos.values():
        yield from entries
    yield from recordings.values()


def _copy_files(archive: zipfile.ZipFile, entries: Iterator[FileEntry]) -> list[str]:
    """Copy each stored file (JPEG and Opus are compressed already: stored as is). A file
    missing from storage is listed, not fatal: the rest of the portfolio still leaves."""
    storage = photo_storage()
    missing: list[str] = []
    for entry in entries:
        try:
            data = storage.get(entry.key)
        except FileNotFoundError:
            missing.append(entry.path)
            continue
        archive.writestr(entry.path, data, compress_type=zipfile.ZIP_STORED)
        del data
    return missing


def _context(trainee: User) -> dict[str, Any]:
    data = trainee_export(trainee)
    attestations = attestations_of(trainee)
    final = next((a for a in attestations if a.status is AttestationStatus.FINAL), None)
    return {
        "trainee": trainee,
        "data": data,
        "gaps": gap_report(trainee, whole=True),
        "photos": _photos(trainee),
        "recordings": _recordings(trainee),
        "shared_notes": [n for n in data["notes"] if n["visibility"] == "shared"],
        "attestations": attestations,
        "final": final,
        "badges": badges_of(trainee),
        "exported_on": datetime.now(UTC).date(),
        "lang": str(get_locale() or "fr"),
    }


def _write_pages(archive: zipfile.ZipFile, ctx: dict[str, Any]) -> None:
    archive.writestr("style.css", render_template("export/style.css"))
    for page in PAGES:
        html = render_template(f"export/{page}.html", page=page, **ctx)
        archive.writestr(f"{page}.html", html)


def _write_data(archive: zipfile.ZipFile, ctx: dict[str, Any]) -> None:
    data = ctx["data"]
    trainee: User = ctx["trainee"]
    archive.writestr("donnees/portfolio.json", json.dumps(data, ensure_ascii=False, indent=2))
    statements = xapi.statements(data, public_url(""), trainee.public_id)
    archive.writestr("donnees/xapi.json", json.dumps(statements, ensure_ascii=False, indent=2))
    for badge in ctx["badges"]:
        archive.writestr(
            f"badges/badge-{badge.competency_id}-{badge.public_id}.jwt", badge.credential_jwt
        )


def _write_pdfs(archive: zipfile.ZipFile, ctx: dict[str, Any]) -> None:
    from portfolio.exits.services.pdf_cache import kept_or_drawn
    from portfolio.trainee.services.portfolio_pdf import portfolio_pdf

    archive.writestr("portfolio.pdf", portfolio_pdf(ctx))
    final = ctx["final"]
    if final is not None:
        verify = public_url(url_for("exits.verify", public_id=final.public_id))
        archive.writestr("attestation.pdf", kept_or_drawn(final, verify))


def write_export(trainee: User, out: IO[bytes]) -> None:
    """Write the trainee's whole portfolio as a ZIP into ``out``, in the reader's language
    (the attestation PDF stays French: it is a French document)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ctx = _context(trainee)
        _write_data(archive, ctx)
        ctx["missing"] = set(_copy_files(archive, _file_entries(ctx["photos"], ctx["recordings"])))
        _write_pages(archive, ctx)
        _write_pdfs(archive, ctx)


def export_file(trainee: User) -> IO[bytes]:
    """The ZIP in a temporary file (in memory while small, on disk beyond SPOOL_BYTES),
    rewound for reading; the caller closes it (``send_file`` does)."""
    spool: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
    try:
        write_export(trainee, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool
