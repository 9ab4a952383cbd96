"""Files sent with a message: photos through the photo pipeline, voice messages through the
audio pipeline (Ogg/Opus, 3 minutes at most), PDFs checked, all stored.

Photos go through the Flask-free pipeline (``portfolio.services.photos``) like a trace's:
judged by content, re-encoded from pixels, every metadata block dropped. PDFs are kept as
sent, but only after checks: the ``%PDF-`` magic at byte 0, an ``%%EOF`` near the end (a
truncated file lacks it), a parse by pypdf (a maintained library, rather than our own
parser) that finds at least one page, no encryption (we could not read it, nor could the
reader's referent), a size and a page limit. A PDF may still carry JavaScript or forms: it is
never shown inline, only served as a download (``Content-Disposition: attachment``, a fixed
``application/pdf`` type, ``nosniff``), so the browser's viewer of our origin never runs it.

Files live under ``messages/`` in the same store as photos (``photo_storage()``), written
before their rows: a failure after a write deletes the file at once, a rolled-back
transaction deletes it through the trace photos' journal, and a crash leaves an orphan that
``flask photos cleanup`` removes (`cleanup_orphan_attachments`).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select

from portfolio.conversations.services.errors import MessageRefused
from portfolio.extensions import db
from portfolio.models import AttachmentKind, MessageAttachment
from portfolio.services.audio import (
    DEFAULT_MAX_BYTES,
    REPLY_MAX_SECONDS,
    AudioRejected,
    AudioRejection,
    process_audio,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import translate_deferred
from portfolio.storage import Storage, StorageUnavailable, new_key, orphan_keys
from portfolio.trainee.services.errors import PhotoRefused
from portfolio.trainee.services.photos import (
    _delete_quietly,
    _FileJournal,
    _session,
    photo_storage,
    processed_photo,
)

log = logging.getLogger(__name__)

PREFIX: Final = "messages/"
MAX_FILES: Final = 3
PDF_MAX_BYTES: Final = 10 * 1024 * 1024
PDF_MAX_PAGES: Final = 300
_EOF_TAIL: Final = 2048
_NAME_CHARS: Final = re.compile(r"[^A-Za-z0-9 ._-]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as sent: its name (shown, never trusted) and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A checked file, written to the store: what each attachment row names."""

    kind: AttachmentKind
    file_key: str
    thumb_key: str | None
    content_type: str
    filename: str
    size_bytes: int
    width: int | None = None
    height: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def safe_filename(name: object, suffix: str) -> str:
    """A name to show and to offer as the download name: ASCII letters, digits, ``._-``."""
    text = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    text = text.encode("ascii", "ignore").decode().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = _NAME_CHARS.sub("", text).strip(" ._-")
    if stem.lower().endswith(suffix):
        stem = stem[: -len(suffix)].strip(" ._-")
    return f"{(stem or 'document')[:80]}{suffix}"


def _pdf_refused(reason: str) -> MessageRefused:
    return MessageRefused(reason + " " + _("Rien n'a été envoyé."), "pdf")


def check_pdf(data: bytes) -> int:
    """The number of pages of a PDF we accept; MessageRefused with a French reason otherwise."""
    limit = int(current_app.config.get("MESSAGE_PDF_MAX_BYTES", PDF_MAX_BYTES))
    if len(data) > limit:
        mo = limit // (1024 * 1024)
        return _raise(_pdf_refused(_("Le PDF est trop lourd (%(n)d Mo au plus).", n=mo)))
    if not data.startswith(b"%PDF-"):
        return _raise(_pdf_refused(_("Ce fichier n'est pas un vrai PDF.")))
    if b"%%EOF" not in data[-_EOF_TAIL:]:
        return _raise(_pdf_refused(_("Ce PDF est incomplet : envoyez-le de nouveau.")))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return _raise(
                _pdf_refused(_("Ce PDF est protégé par un mot de passe : enlevez la protection."))
            )
        pages = len(reader.pages)
    except MessageRefused:
        raise
    except Exception as err:  # pypdf raises many kinds on a broken file: all mean "unreadable"
        log.info("PDF refused: %r", err)
        return _raise(_pdf_refused(_("Ce PDF est abîmé : il ne peut pas être lu.")))
    if pages < 1:
        return _raise(_pdf_refused(_("Ce PDF n'a aucune page.")))
    if pages > PDF_MAX_PAGES:
        return _raise(_pdf_refused(_("Ce PDF a trop de pages (%(n)d au plus).", n=PDF_MAX_PAGES)))
    return pages


def _raise(error: MessageRefused) -> int:
    raise error


def _is_pdf(upload: Upload) -> bool:
    return upload.data.startswith(b"%PDF-") or upload.filename.lower().endswith(".pdf")


def check_uploads(uploads: list[Upload]) -> list[Upload]:
    """Refuse too many files, and anything that is not bytes (a form gone wrong)."""
    if len(uploads) > MAX_FILES:
        raise MessageRefused(_("Un message peut avoir au plus %(n)d pièces jointes.", n=MAX_FILES))
    for upload in uploads:
        if not isinstance(upload.data, bytes) or not upload.data:
            raise MessageRefused(_("Le fichier est vide. Choisissez une photo ou un PDF."))
    return uploads


def _put(storage: Storage, key: str, data: bytes, written: list[tuple[Storage, str]]) -> None:
    try:
        storage.put(key, data)
    except StorageUnavailable as down:
        log.warning("store unavailable during a message upload", exc_info=True)
        raise MessageRefused(
            _(
                "Les fichiers ne peuvent pas être enregistrés pour le moment. "
                "Rien n'a été envoyé. Réessayez dans quelques minutes."
            ),
            "storage_unavailable",
        ) from down
    written.append((storage, key))


def _checked(upload: Upload) -> tuple[StoredFile, list[tuple[str, bytes]]]:
    """What to store for one upload (not written yet): raises MessageRefused."""
    if _is_pdf(upload):
        check_pdf(upload.data)
        key = new_key(prefix=PREFIX, suffix=".pdf")
        name = safe_filename(upload.filename, ".pdf")
        stored = StoredFile(
            AttachmentKind.PDF, key, None, "application/pdf", name, len(upload.data)
        )
        return stored, [(key, upload.data)]
    try:
        photo = processed_photo(upload.data)
    except PhotoRefused as refused:
        if refused.code in ("not_an_image", "unsupported_format"):
            return _checked_voice(upload)
        raise MessageRefused(str(refused), refused.code) from refused
    key = new_key(prefix=PREFIX, suffix=photo.suffix)
    thumb = key.removesuffix(photo.suffix) + "-t" + photo.suffix
    size = len(photo.display) + len(photo.thumbnail)
    name = safe_filename(upload.filename, ".jpg")
    stored = StoredFile(
        AttachmentKind.PHOTO, key, thumb, photo.content_type, name, size, photo.width, photo.height
    )
    return stored, [(key, photo.display), (thumb, photo.thumbnail)]


def _checked_voice(upload: Upload) -> tuple[StoredFile, list[tuple[str, bytes]]]:
    """A voice message: the audio pipeline (judged by content, re-encoded to Ogg/Opus, every
    tag dropped, 3 minutes at most, measured by decoding)."""
    limit = int(current_app.config.get("AUDIO_MAX_BYTES", DEFAULT_MAX_BYTES))
    try:
        voice = process_audio(upload.data, max_seconds=REPLY_MAX_SECONDS, max_bytes=limit)
    except AudioRejected as refused:
        if refused.code is AudioRejection.NOT_AUDIO:
            raise MessageRefused(
                _(
                    "Ce fichier n'est ni une photo, ni un PDF, ni un enregistrement de voix. "
                    "Rien n'a été envoyé."
                ),
                "not_accepted",
            ) from refused
        raise MessageRefused(
            translate_deferred(refused.message_fr) + " " + _("Rien n'a été envoyé."), "audio"
        ) from refused
    key = new_key(prefix=PREFIX, suffix=voice.suffix)
    name = safe_filename(upload.filename, voice.suffix)
    stored = StoredFile(AttachmentKind.AUDIO, key, None, voice.content_type, name, len(voice.data))
    return stored, [(key, voice.data)]


def store_files(uploads: list[Upload]) -> list[StoredFile]:
    """Check every upload, then write them all; MessageRefused with nothing left otherwise.

    Every file is checked before the first is written. The files written are deleted if a
    later write fails, and (through the journal) if the transaction is rolled back.
    """
    planned = [_checked(upload) for upload in check_uploads(uploads)]
    storage = photo_storage()
    written: list[tuple[Storage, str]] = []
    try:
        for _stored, contents in planned:
            for key, data in contents:
                _put(storage, key, data, written)
    except BaseException:
        _delete_quietly(written)
        raise
    _FileJournal.of(_session()).written += written
    return [stored for stored, _contents in planned]


def delete_files_now(files: list[StoredFile]) -> None:
    """The rows could not be written: their files go at once (no row names them)."""
    storage = photo_storage()
    keys = [k for f in files for k in (f.file_key, f.thumb_key) if k]
    _delete_quietly([(storage, key) for key in keys])


def read_attachment(attachment: MessageAttachment, *, thumbnail: bool = False) -> bytes | None:
    """The stored bytes (a photo's thumbnail if asked), None if the file is missing."""
    key = attachment.thumb_key if thumbnail and attachment.thumb_key else attachment.file_key
    try:
        return photo_storage().get(key)
    except FileNotFoundError:
        return None


def cleanup_orphan_attachments(older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete files under ``messages/`` that no attachment row names, older than the grace."""
    storage = photo_storage()
    known: set[str] = set()
    for file_key, thumb_key in db.session.execute(
        select(MessageAttachment.file_key, MessageAttachment.thumb_key)
    ):
        known.add(file_key)
        if thumb_key:
            known.add(thumb_key)
    orphans = orphan_keys(storage, known, older_than, prefix=PREFIX, now=_now())
    for key in orphans:
        storage.delete(key)
    return orphans  # temporary files of a local folder: removed by the photo sweep
