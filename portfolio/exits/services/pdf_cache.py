"""The final attestation's PDF, drawn once and kept in storage.

A final attestation's content is frozen, so its PDF never changes: the first download draws
it (WeasyPrint, about a second for a long one: bench/attestation_bench.py), writes it to the
store under ``attestations/``, records the key on the row; later downloads read the file. A
draft is drawn each time (it changes until the trainee agrees). A corrected attestation is
another row, so it gets its own file; erasing the trainee deletes the file with the row
(``attestation.pdf_key`` is in ``privacy.services.rules.FILE_COLUMNS``).

Order, as for photos: the file is written before the row names it; if the row's update does
not commit, the file is an orphan that ``cleanup_orphan_pdfs`` (run by the retention run)
removes. Two first downloads at once each draw one; the last commit wins, the other file is
swept.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

from sqlalchemy import select

from portfolio.exits.services.pdf import render_pdf
from portfolio.extensions import db
from portfolio.models import Attestation, AttestationStatus, utcnow
from portfolio.storage import StorageUnavailable, new_key, orphan_keys
from portfolio.trainee.services.photos import photo_storage

log = logging.getLogger(__name__)

PDF_PREFIX: Final = "attestations/"


def attestation_pdf(attestation: Attestation, verify_url: str) -> bytes:
    """The PDF to send: the stored one of a given attestation, else drawn (and, for a given
    attestation, stored; the caller commits the key)."""
    if attestation.status is AttestationStatus.DRAFT:
        return render_pdf(attestation, verify_url)
    storage = photo_storage()
    if attestation.pdf_key:
        try:
            return storage.get(attestation.pdf_key)
        except FileNotFoundError:
            log.warning("attestation %s: stored PDF missing, drawn again", attestation.id)
        except StorageUnavailable as err:
            log.warning("attestation %s: store unavailable (%s), drawn", attestation.id, err)
            return render_pdf(attestation, verify_url)
    pdf = render_pdf(attestation, verify_url)
    key = new_key(prefix=PDF_PREFIX, suffix=".pdf")
    try:
        storage.put(key, pdf)
    except StorageUnavailable as err:  # the person still gets their PDF
        log.warning("attestation %s: PDF not kept (%s)", attestation.id, err)
        return pdf
    attestation.pdf_key = key
    return pdf


def kept_or_drawn(attestation: Attestation, verify_url: str) -> bytes:
    """The kept PDF if there is one, else drawn; writes nothing (for reads such as the
    trainee's ZIP export)."""
    if attestation.pdf_key and attestation.status is not AttestationStatus.DRAFT:
        try:
            return photo_storage().get(attestation.pdf_key)
        except OSError as err:  # missing, or the store is down: draw it
            log.warning("attestation %s: kept PDF unreadable (%s), drawn", attestation.id, err)
    return render_pdf(attestation, verify_url)


def cleanup_orphan_pdfs(older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete stored attestation PDFs that no row names, older than the grace period."""
    storage = photo_storage()
    known = set(
        db.session.scalars(select(Attestation.pdf_key).where(Attestation.pdf_key.is_not(None)))
    )
    orphans = orphan_keys(
        storage, {k for k in known if k}, older_than, prefix=PDF_PREFIX, now=utcnow()
    )
    for key in orphans:
        storage.delete(key)
    return orphans
