"""Voice recordings: checked and re-encoded by `services.audio`, stored like photos.

The same care as photos (see the package docstring): the file is written before its row and
deleted only once the row's deletion commits (`photos._FileJournal`); a refused recording
leaves nothing on disk or in the database; one storage quota for photos and recordings.

`store_recording(owner, data, max_seconds)` is the one writer of `AudioRecording` rows, for
every use: the trace form and the API call it through `attach_trace_recording`; replies and
interview answers call it with their own ``kind`` and limit (3 minutes for a reply, 5 for an
interview answer: `services.audio.REPLY_MAX_SECONDS`, `INTERVIEW_MAX_SECONDS`).
"""

from __future__ import annotations

from typing import Final

from flask import current_app

from portfolio.extensions import db
from portfolio.models import AudioRecording, RecordingKind, Trace, User
from portfolio.services.audio import (
    REPLY_MAX_SECONDS,
    AudioRejected,
    ProcessedAudio,
    process_audio,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import translate_deferred
from portfolio.storage import StorageUnavailable, new_key
from portfolio.trainee.services.access import _own
from portfolio.trainee.services.errors import RecordingRefused, TraceNotFound
from portfolio.trainee.services.inputs import AUDIO_PREFIX
from portfolio.trainee.services.photos import (
    _delete_quietly,
    _FileJournal,
    _session,
    format_bytes,
    photo_storage,
    storage_usage,
)

TRACE_MAX_SECONDS: Final = REPLY_MAX_SECONDS


def max_audio_bytes() -> int:
    """The largest upload read (``AUDIO_MAX_BYTES``): more is refused unread."""
    return int(current_app.config["AUDIO_MAX_BYTES"])


def processed_recording(data: object, max_seconds: int) -> ProcessedAudio:
    """Check and re-encode uploaded bytes. Raises RecordingRefused with nothing written."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise RecordingRefused(_("Ce fichier n'est pas un enregistrement de voix."), "not_audio")
    try:
        return process_audio(data, max_seconds=max_seconds, max_bytes=max_audio_bytes())
    except AudioRejected as rejected:
        raise RecordingRefused(
            translate_deferred(rejected.message_fr), rejected.code.value
        ) from rejected


def _check_quota(owner: User, size: int) -> None:
    usage = storage_usage(owner)
    if usage.used_bytes + size > usage.quota_bytes:
        raise RecordingRefused(
            _(
                "Votre espace est plein (%(used)s sur %(quota)s). "
                "Retirez des photos ou des enregistrements, puis réessayez.",
                used=format_bytes(usage.used_bytes),
                quota=format_bytes(usage.quota_bytes),
            ),
            "quota",
        )


def _write_file(processed: ProcessedAudio) -> str:
    storage = photo_storage()
    key = new_key(prefix=AUDIO_PREFIX, suffix=processed.suffix)
    try:
        storage.put(key, processed.data)
    except StorageUnavailable as down:
        raise RecordingRefused(
            _(
                "Les enregistrements ne peuvent pas être gardés pour le moment. "
                "Rien n'a été enregistré. Réessayez dans quelques minutes."
            ),
            "storage_unavailable",
        ) from down
    _FileJournal.of(_session()).written.append((storage, key))
    return key


def store_recording(
    owner: User,
    data: object,
    max_seconds: int,
    *,
    kind: RecordingKind = RecordingKind.REPLY,
    trace: Trace | None = None,
) -> AudioRecording:
    """Check, re-encode and store one recording of ``owner``; return its row (flushed).

    Raises RecordingRefused (not a recording, too long, too heavy, quota, store down) with
    nothing written. The file is written before the row; if the row cannot be written, or the
    transaction is later rolled back, the file is deleted. The caller commits.
    """
    return _store(owner, processed_recording(data, max_seconds), kind, trace)


def _store(
    owner: User, processed: ProcessedAudio, kind: RecordingKind, trace: Trace | None
) -> AudioRecording:
    size = len(processed.data)
    _check_quota(owner, size)
    key = _write_file(processed)
    recording = AudioRecording(
        owner_id=owner.id,
        kind=kind,
        trace=trace,
        storage_key=key,
        duration_ms=processed.duration_ms,
        size_bytes=size,
    )
    db.session.add(recording)
    try:
        db.session.flush()
    except BaseException:
        _delete_quietly([(photo_storage(), key)])  # a failed row leaves no file behind
        raise
    return recording


def attach_trace_recording(trainee: User, trace: Trace, data: object) -> AudioRecording:
    """The trace's recording ("Parler au lieu d'écrire"); a new one replaces the old one.

    Raises TraceNotFound if the trace is not the trainee's, RecordingRefused otherwise (the
    old recording is then kept).
    """
    _own(trainee, trace)
    processed = processed_recording(data, TRACE_MAX_SECONDS)  # refused: the old one stays
    if trace.recording is not None:
        delete_recording(trainee, trace.recording)
    return _store(trainee, processed, RecordingKind.TRACE, trace)


def delete_recording(owner: User, recording: AudioRecording) -> None:
    """Delete the row now and its file once the deletion is committed."""
    if recording.owner_id != owner.id:
        raise TraceNotFound
    doom_recording_file(recording)
    if recording.trace is not None:
        recording.trace.recording = None
    db.session.delete(recording)
    db.session.flush()


def doom_recording_file(recording: AudioRecording) -> None:
    """The file goes once the deletion of its row (or trace) is committed."""
    _FileJournal.of(_session()).doomed.append((photo_storage(), recording.storage_key))


def read_recording(recording: AudioRecording) -> bytes | None:
    """The Ogg/Opus bytes, None if the file is missing. Serve as ``audio/ogg``, nosniff."""
    try:
        return photo_storage().get(recording.storage_key)
    except FileNotFoundError:
        return None
