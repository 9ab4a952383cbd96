"""Photos of a trace: files written before the row, deleted only once a deletion commits."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from flask import current_app
from sqlalchemy import bindparam, event, func, select
from sqlalchemy.orm import Session

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import AudioRecording, PendingPhoto, Trace, TracePhoto, User, utcnow
from portfolio.ops import metrics
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import translate_deferred
from portfolio.services.photos import PhotoRejected, ProcessedPhoto, process_photo
from portfolio.storage import (
    LocalStorage,
    Storage,
    StorageUnavailable,
    new_key,
    open_storage,
    orphan_keys,
    storage_signature,
)
from portfolio.trainee.services.access import _own
from portfolio.trainee.services.errors import PhotoRefused
from portfolio.trainee.services.inputs import (
    AUDIO_PREFIX,
    IMPORT_PREFIX,
    MAX_CAPTION,
    MAX_PHOTOS,
    PHOTO_PREFIX,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StorageUsage:
    """Bytes of photos a trainee stores, and their quota."""

    used_bytes: int
    quota_bytes: int

    @property
    def percent(self) -> int:
        if self.quota_bytes <= 0:
            return 100
        return min(100, round(100 * self.used_bytes / self.quota_bytes))

    @property
    def free_bytes(self) -> int:
        return max(0, self.quota_bytes - self.used_bytes)


class _FileJournal:
    """Files to delete when the current transaction ends.

    ``written``: files written for rows not yet committed; deleted if the transaction is
    rolled back, forgotten once it commits. ``doomed``: files of rows being deleted;
    deleted only once the deletion is committed, kept if it is rolled back.
    """

    KEY: Final = "e2c_trace_files"

    def __init__(self) -> None:
        self.written: list[tuple[Storage, str]] = []
        self.doomed: list[tuple[Storage, str]] = []

    @classmethod
    def of(cls, session: Session) -> _FileJournal:
        journal = session.info.get(cls.KEY)
        if journal is None:
            journal = session.info[cls.KEY] = cls()
        assert isinstance(journal, _FileJournal)
        return journal


def _delete_quietly(files: list[tuple[Storage, str]]) -> None:
    """Delete files whose rows are gone; a store that is down leaves them to the sweep.

    The transaction is already over: failing now would show an error for work that is
    saved. An undeleted file has no row, so `cleanup_orphan_photos` removes it later.
    """
    for storage, key in files:
        try:
            storage.delete(key)
        except OSError as err:
            log.warning("file %s left for the orphan sweep: %s", key, err)


def _after_commit(session: Session) -> None:
    journal = session.info.pop(_FileJournal.KEY, None)
    if isinstance(journal, _FileJournal):
        _delete_quietly(journal.doomed)


def _after_rollback(session: Session) -> None:
    journal = session.info.pop(_FileJournal.KEY, None)
    if isinstance(journal, _FileJournal):
        _delete_quietly(journal.written)


event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_rollback", _after_rollback)


def _session() -> Session:
    session: Session = db.session()
    return session


def photo_storage() -> Storage:
    """The photo store of the current app (``STORAGE_URL`` or ``UPLOAD_FOLDER``).

    Made at first use in each process (never in a gunicorn master before the fork), then
    kept while the configuration that names it stays the same.
    """
    key = "e2c_photo_storage"
    signature = storage_signature(current_app.config)
    cached = current_app.extensions.get(key)
    if isinstance(cached, tuple) and cached[0] == signature:
        storage: Storage = cached[1]
        return storage
    storage = open_storage(current_app.config)
    current_app.extensions[key] = (signature, storage)
    return storage


_PHOTO_BYTES = (
    select(func.coalesce(func.sum(TracePhoto.size_bytes), 0))
    .join(Trace, Trace.id == TracePhoto.trace_id)
    .where(Trace.trainee_id == bindparam("trainee_id"))
    .scalar_subquery()
)
_VOICE_BYTES = (
    select(func.coalesce(func.sum(AudioRecording.size_bytes), 0))
    .where(AudioRecording.owner_id == bindparam("trainee_id"))
    .scalar_subquery()
)
# Built once: the portfolio page shows the quota on every visit.
_USED: Final = select(_PHOTO_BYTES + _VOICE_BYTES)


def storage_usage(trainee: User) -> StorageUsage:
    """Bytes used by the trainee's photos (display + thumbnail) and voice recordings (one
    quota for both) and the quota. One query."""
    used = read(_USED, {"trainee_id": trainee.id}).scalar()
    return StorageUsage(int(used or 0), int(current_app.config["STORAGE_QUOTA_BYTES"]))


def format_bytes(size: int) -> str:
    """Size for people: "850 ko", "12,5 Mo" (units translated in a request)."""
    if size < 1024 * 1024:
        return _("%(n)d ko", n=max(0, round(size / 1024)))
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 100 or value.is_integer() else f"{value:.1f}"
    return _("%(size)s Mo", size=text.replace(".", ","))


def read_photo(photo: TracePhoto, *, thumbnail: bool = False) -> bytes | None:
    """The JPEG bytes of a photo (display image or thumbnail), None if the file is missing.

    Always serve them as ``image/jpeg`` with ``X-Content-Type-Options: nosniff``.
    """
    try:
        return photo_storage().get(photo.thumb_key if thumbnail else photo.display_key)
    except FileNotFoundError:
        return None


def processed_photo(data: object) -> ProcessedPhoto:
    """Check and re-encode uploaded bytes. Raises PhotoRefused with nothing written."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PhotoRefused(_("Ce fichier n'est pas une photo."), "not_an_image")
    try:
        return process_photo(data, max_bytes=int(current_app.config["PHOTO_MAX_BYTES"]))
    except PhotoRejected as rejected:
        raise PhotoRefused(
            translate_deferred(rejected.message_fr), rejected.code.value
        ) from rejected


def check_quota(trainee: User, size: int, pending_bytes: int = 0) -> None:
    """Raise PhotoRefused if ``size`` more bytes would not fit in the trainee's quota."""
    usage = storage_usage(trainee)
    if usage.used_bytes + pending_bytes + size > usage.quota_bytes:
        raise PhotoRefused(
            _(
                "Votre espace photos est plein (%(used)s sur %(quota)s). "
                "Retirez des photos, puis réessayez.",
                used=format_bytes(usage.used_bytes),
                quota=format_bytes(usage.quota_bytes),
            ),
            "quota",
        )


def write_files(processed: ProcessedPhoto) -> tuple[str, str]:
    """Write the display image and thumbnail; deleted again if the transaction rolls back."""
    storage = photo_storage()
    display_key = new_key(prefix=PHOTO_PREFIX, suffix=processed.suffix)
    thumb_key = display_key.removesuffix(processed.suffix) + "-t" + processed.suffix
    written: list[tuple[Storage, str]] = []
    try:
        for key, content in ((display_key, processed.display), (thumb_key, processed.thumbnail)):
            try:
                storage.put(key, content)
            except StorageUnavailable as down:
                raise _store_down() from down
            written.append((storage, key))
    except BaseException:
        _delete_quietly(written)
        raise
    _FileJournal.of(_session()).written += written
    return display_key, thumb_key


def _store_down() -> PhotoRefused:
    log.warning("photo store unavailable during an upload", exc_info=True)
    return PhotoRefused(
        _(
            "Les photos ne peuvent pas être enregistrées pour le moment. "
            "Rien n'a été enregistré. Réessayez dans quelques minutes."
        ),
        "storage_unavailable",
    )


def check_count(trace: Trace) -> int:
    """The position of a new photo of ``trace``; PhotoRefused if it has the most it may."""
    count = db.session.scalar(
        select(func.count(TracePhoto.id)).where(TracePhoto.trace_id == trace.id)
    )
    if (count or 0) >= MAX_PHOTOS:
        raise PhotoRefused(
            _("Une trace peut avoir au plus %(n)d photos.", n=MAX_PHOTOS), "too_many"
        )
    position = db.session.scalar(
        select(func.coalesce(func.max(TracePhoto.position) + 1, 0)).where(
            TracePhoto.trace_id == trace.id
        )
    )
    return int(position or 0)


def add_photo(trainee: User, trace: Trace, data: bytes, caption: str = "") -> TracePhoto:
    """Check, re-encode and store one photo of the trainee's trace.

    Raises PhotoRefused (message of `PhotoRejected`, or quota / count exceeded) with
    nothing written, or TraceNotFound. Files are written before the row; if the row cannot
    be written, or the transaction is later rolled back, the files are deleted.
    """
    _own(trainee, trace)
    position = check_count(trace)
    processed = processed_photo(data)
    size = len(processed.display) + len(processed.thumbnail)
    check_quota(trainee, size)
    display_key, thumb_key = write_files(processed)
    photo = TracePhoto(
        trace=trace,
        display_key=display_key,
        thumb_key=thumb_key,
        content_type=processed.content_type,
        width=processed.width,
        height=processed.height,
        size_bytes=size,
        caption=" ".join(str(caption or "").split())[:MAX_CAPTION],
        position=position,
    )
    db.session.add(photo)
    try:
        db.session.flush()
    except BaseException:
        # The files go now, not only at the rollback: a row never points to a missing file,
        # and a failed write leaves no file behind (tests/storage/test_crash_order.py).
        _delete_quietly([(photo_storage(), display_key), (photo_storage(), thumb_key)])
        raise
    metrics.photo_stored()
    return photo


def update_photo_caption(trainee: User, photo: TracePhoto, caption: str) -> TracePhoto:
    """Change a photo's caption (its alt text). Raises TraceNotFound if not the trainee's."""
    _own(trainee, photo.trace)
    photo.caption = " ".join(str(caption or "").split())[:MAX_CAPTION]
    db.session.flush()
    return photo


def delete_photo(trainee: User, photo: TracePhoto) -> None:
    """Delete the photo row now and its files once the deletion is committed."""
    _own(trainee, photo.trace)
    storage = photo_storage()
    _FileJournal.of(_session()).doomed += [
        (storage, photo.display_key),
        (storage, photo.thumb_key),
    ]
    photo.trace.photos.remove(photo)
    db.session.delete(photo)
    db.session.flush()


@dataclass(frozen=True, slots=True)
class CleanupResult:
    orphans: list[str]
    temp_files: int


def _now() -> datetime:
    return datetime.now(UTC)


def cleanup_orphan_photos(older_than: timedelta = timedelta(hours=1)) -> CleanupResult:
    """Delete photo and recording files that no row names, older than ``older_than``.

    Works on every backend (it lists with ``keys()``). Also deletes pending photos (chosen in
    a trace form, never saved) past their expiry, with their files once the caller commits,
    and on the local folder removes temporary files left by interrupted writes. Safe while the
    service runs: a file younger than the grace period may belong to an upload not yet
    committed.
    """
    storage = photo_storage()
    known: set[str] = set()
    for display_key, thumb_key in db.session.execute(
        select(TracePhoto.display_key, TracePhoto.thumb_key)
    ):
        known.update((display_key, thumb_key))
    journal = _FileJournal.of(_session())
    now = utcnow()
    for pending in db.session.scalars(select(PendingPhoto)):
        # Files of an expired pending photo go once its deletion is committed (the caller
        # commits); until then they are known, so the orphan pass leaves them alone.
        known.update((pending.display_key, pending.thumb_key))
        if pending.expires_at <= now:
            journal.doomed += [(storage, pending.display_key), (storage, pending.thumb_key)]
            db.session.delete(pending)
    moment = _now()
    orphans = orphan_keys(storage, known, older_than, prefix=PHOTO_PREFIX, now=moment)
    # Voice recordings live in the same store under their own prefix (`recordings`).
    recordings = set(db.session.scalars(select(AudioRecording.storage_key)))
    orphans += orphan_keys(storage, recordings, older_than, prefix=AUDIO_PREFIX, now=moment)
    # A portfolio ZIP waiting for its import to be confirmed (`import_views`): no row names
    # it, it is only kept through the preview.
    orphans += orphan_keys(storage, (), older_than, prefix=IMPORT_PREFIX, now=moment)
    for key in orphans:
        storage.delete(key)
    temp = 0
    if isinstance(storage, LocalStorage):  # an S3 PUT leaves no partial object
        temp = storage.remove_stale_temp_files(older_than, now=moment)
    return CleanupResult(orphans, temp)
