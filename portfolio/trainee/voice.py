"""The trace form's voice recording: what the form sent, and saving or removing it.

Recorded in the page (static/js/recorder.js puts the recording in the form's file input) or,
without JavaScript, chosen with that same input: the server sees one file either way.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import FileStorage

from portfolio.models import Trace, User
from portfolio.trainee import services as traces


def recording_upload() -> FileStorage | None:
    """The voice file sent with the trace form (recorded in the page, or chosen), if any."""
    upload = request.files.get("recording")
    if upload is None or not (upload.filename or upload.content_length):
        return None
    return upload


def speaks(trace: Trace | None) -> bool:
    """The trace will have a recording after this save (so its title may stay empty)."""
    if recording_upload() is not None:
        return True
    return bool(trace and trace.recording and not request.form.get("remove_recording"))


def save_recording(user: User, trace: Trace) -> None:
    """Store the recording sent with the form, or remove the trace's one if asked."""
    upload = recording_upload()
    if upload is not None:
        data = upload.stream.read(traces.max_audio_bytes() + 1)
        traces.attach_trace_recording(user, trace, data)
    elif trace.recording is not None and request.form.get("remove_recording"):
        traces.delete_recording(user, trace.recording)
