"""Errors of the trace services: a short sentence for people, and one message per field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio.services.i18n import gettext as _

if TYPE_CHECKING:
    from portfolio.models import Trace


class TraceError(ValueError):
    """A trace cannot be saved as asked. ``str()`` is for people; ``errors``: field -> message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = dict(errors or {})


class TraceNotFound(TraceError):
    """The trace (or photo) does not exist or does not belong to this trainee (answer 404)."""

    def __init__(self) -> None:
        super().__init__(_("Cette trace n'existe pas."))


class TraceAlreadySent(Exception):
    """The trace with this client key is already recorded: ``trace`` is that one, unchanged.

    Not a `TraceError`: nothing is wrong, the phone (or a double tap) sent it twice.
    """

    def __init__(self, trace: Trace) -> None:
        super().__init__(trace.id)
        self.trace = trace


class PhotoRefused(TraceError):
    """A photo was not stored. ``code``: a `RejectionCode` value, ``"quota"``, ``"too_many"``
    or ``"storage_unavailable"`` (the file store did not answer: nothing saved, try later).
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, {"photos": message})
        self.code = code


class RecordingRefused(TraceError):
    """A voice recording was not stored. ``code``: an `AudioRejection` value, ``"quota"`` or
    ``"storage_unavailable"``. Nothing was written.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, {"recording": message})
        self.code = code
