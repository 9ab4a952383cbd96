"""Pending photos: a photo chosen in the trace form, kept on the server before the trace exists.

Without JavaScript, searching a competency reloads the form and the browser forgets the chosen
file. The view then keeps each uploaded photo here: re-encoded like any photo, owned by the
trainee, named in the form by an opaque token (only its hash is stored), for a day. Saving the
trace turns it into a `TracePhoto` with the same files; otherwise `cleanup_orphan_photos`
deletes it once expired. Who may use a token: `services.access.own_pending_photo`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Final

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import PendingPhoto, Role, Trace, TracePhoto, User, utcnow
from portfolio.services.i18n import gettext as _
from portfolio.services.tokens import hash_token
from portfolio.trainee.services.access import _own
from portfolio.trainee.services.errors import PhotoRefused, TraceNotFound
from portfolio.trainee.services.inputs import MAX_CAPTION, MAX_PHOTOS
from portfolio.trainee.services.photos import (
    check_count,
    check_quota,
    photo_storage,
    processed_photo,
    write_files,
)

PENDING_LIFETIME: Final = timedelta(days=1)


def keep_pending_photo(trainee: User, data: bytes) -> str:
    """Check, re-encode and keep a photo for ``trainee``; return its token (for the form).

    Raises PhotoRefused (not a photo, too big, quota, too many pending) with nothing kept.
    The caller commits; a rollback deletes the files.
    """
    if trainee.role is not Role.TRAINEE:
        raise PhotoRefused(_("Seul un stagiaire peut garder des photos."), "not_allowed")
    count, pending_bytes = db.session.execute(
        select(
            func.count(PendingPhoto.id), func.coalesce(func.sum(PendingPhoto.size_bytes), 0)
        ).where(PendingPhoto.owner_id == trainee.id)
    ).one()
    if int(count or 0) >= MAX_PHOTOS:
        raise PhotoRefused(
            _("Une trace peut avoir au plus %(n)d photos.", n=MAX_PHOTOS), "too_many"
        )
    processed = processed_photo(data)
    size = len(processed.display) + len(processed.thumbnail)
    check_quota(trainee, size, pending_bytes=int(pending_bytes or 0))
    display_key, thumb_key = write_files(processed)
    token = secrets.token_urlsafe(24)
    db.session.add(
        PendingPhoto(
            owner_id=trainee.id,
            token_hash=hash_token(token),
            display_key=display_key,
            thumb_key=thumb_key,
            content_type=processed.content_type,
            width=processed.width,
            height=processed.height,
            size_bytes=size,
            expires_at=utcnow() + PENDING_LIFETIME,
        )
    )
    db.session.flush()
    return token


def read_pending_thumbnail(pending: PendingPhoto) -> bytes | None:
    """The JPEG thumbnail of a pending photo (serve as image/jpeg, nosniff), None if missing."""
    try:
        return photo_storage().get(pending.thumb_key)
    except FileNotFoundError:
        return None


def attach_pending_photo(
    trainee: User, trace: Trace, pending: PendingPhoto, caption: str = ""
) -> TracePhoto:
    """Make the trainee's pending photo a photo of their trace (same files). Caller commits."""
    _own(trainee, trace)
    if pending.owner_id != trainee.id:
        raise TraceNotFound()
    position = check_count(trace)
    keys = (pending.display_key, pending.thumb_key)
    db.session.delete(pending)
    db.session.flush()  # the pending row goes first: the file keys are unique
    photo = TracePhoto(
        trace=trace,
        display_key=keys[0],
        thumb_key=keys[1],
        content_type=pending.content_type,
        width=pending.width,
        height=pending.height,
        size_bytes=pending.size_bytes,
        caption=" ".join(str(caption or "").split())[:MAX_CAPTION],
        position=position,
    )
    db.session.add(photo)
    db.session.flush()
    return photo
