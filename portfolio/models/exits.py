"""Leaving the school: the exit a referent records, and the attestation (ACA) it leads to.

An attestation's ``content`` is the frozen statement (what it attests, built from the records
at the time it was prepared): the PDF, the trainee's review page and the public verification
page are all drawn from it, so they cannot disagree, and a later change of the records does
not change an attestation already given. A correction is a new attestation that replaces the
old one; the old one stays, marked as replaced, so its QR code still tells the truth.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import Site, User
from portfolio.models.base import JOB_TITLE_CHECK, Base, CreatedAtMixin, enum_type

# The ROME sheet code: a letter and four digits (the picker's service checks it exists).
ROME_CODE_CHECK = (
    "rome_code IS NULL OR (length(rome_code) = 5"
    " AND ltrim(substr(rome_code, 2), '0123456789') = ''"
    " AND upper(substr(rome_code, 1, 1)) = substr(rome_code, 1, 1))"
)


class ExitOutcome(enum.StrEnum):
    """What the young person goes to (the E2C network's usual outcomes)."""

    CDI = "cdi"
    CDD = "cdd"
    INTERIM = "interim"
    ALTERNANCE = "alternance"
    TRAINING = "formation"
    BUSINESS = "creation"
    NONE = "sans_solution"
    OTHER = "autre"


class AttestationStatus(enum.StrEnum):
    DRAFT = "draft"  # prepared, the trainee reads it (and agrees or asks for a correction)
    FINAL = "final"  # given: the verification page confirms it
    REPLACED = "replaced"  # a corrected attestation replaced it
    REVOKED = "revoked"  # withdrawn by the school (the verification page says so)


class TraineeReview(enum.StrEnum):
    AGREED = "agreed"
    CORRECTION = "correction"


def new_public_id() -> str:
    """The unguessable part of the verification address (printed as a QR code)."""
    return secrets.token_urlsafe(18)


class TraineeExit(CreatedAtMixin, Base):
    """The end of a trainee's path: one per trainee (a correction updates it)."""

    __tablename__ = "trainee_exit"
    __table_args__ = (
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
        CheckConstraint(ROME_CODE_CHECK, name="rome_code_shape"),
        CheckConstraint("job_title IS NULL OR rome_code IS NOT NULL", name="title_needs_trade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    left_on: Mapped[date]
    outcome: Mapped[ExitOutcome] = mapped_column(enum_type(ExitOutcome, "outcome"))
    rome_code: Mapped[str | None] = mapped_column(String(5))
    job_title: Mapped[str | None] = mapped_column(String(7))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime | None]

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])


class Attestation(CreatedAtMixin, Base):
    """An attestation of acquired competencies (ACA): a draft, then final, then maybe replaced
    or revoked. ``content`` is what it states (see the module docstring)."""

    __tablename__ = "attestation"
    __table_args__ = (
        Index("ix_attestation_trainee", "trainee_id", "id"),
        CheckConstraint("(status = 'draft') = (finalized_at IS NULL)", name="final_has_date"),
        CheckConstraint(
            "(status = 'replaced') = (replaced_by_id IS NOT NULL)", name="replaced_has_successor"
        ),
        CheckConstraint("(status = 'revoked') = (revoked_at IS NOT NULL)", name="revoked_has_date"),
        CheckConstraint("number IS NULL OR status <> 'draft'", name="draft_has_no_number"),
        CheckConstraint("pdf_key IS NULL OR status <> 'draft'", name="draft_has_no_pdf"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # given when final
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    status: Mapped[AttestationStatus] = mapped_column(
        enum_type(AttestationStatus, "status"), default=AttestationStatus.DRAFT
    )
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    prepared_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    trainee_review: Mapped[TraineeReview | None] = mapped_column(
        enum_type(TraineeReview, "trainee_review")
    )
    trainee_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None]
    finalized_at: Mapped[datetime | None]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id"))
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    # The final PDF, drawn once at its first download and kept in storage (None: not yet).
    pdf_key: Mapped[str | None] = mapped_column(String(120))

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    site: Mapped[Site] = relationship()
    prepared_by: Mapped[User] = relationship(foreign_keys=[prepared_by_id])
    replaces: Mapped[Attestation | None] = relationship(
        foreign_keys=[replaces_id], remote_side=[id]
    )
    replaced_by: Mapped[Attestation | None] = relationship(
        foreign_keys=[replaced_by_id], remote_side=[id]
    )


class SiteKey(CreatedAtMixin, Base):
    """A site's signing key for its Open Badges (Ed25519). The newest unretired key signs; a
    retired key still verifies what it signed (it stays in the site's public key set)."""

    __tablename__ = "site_key"
    __table_args__ = (UniqueConstraint("site_id", "kid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    kid: Mapped[str] = mapped_column(String(40))
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSON)
    private_pem: Mapped[str] = mapped_column(Text)  # PKCS#8, encrypted with the key passphrase
    retired_at: Mapped[datetime | None]


class Badge(CreatedAtMixin, Base):
    """An Open Badge 3.0 (an OpenBadgeCredential signed as a VC-JWT) for one competency of a
    final attestation. ``status_index`` is its bit in the site's revocation status list."""

    __tablename__ = "badge"
    __table_args__ = (
        UniqueConstraint("site_id", "status_index"),
        UniqueConstraint("attestation_id", "competency_id"),
        CheckConstraint("status_index >= 0 AND status_index < 131072", name="status_index_range"),
        CheckConstraint("level BETWEEN 2 AND 4", name="level_range"),
        CheckConstraint("(revoked_at IS NULL) = (revoked_reason = '')", name="revoked_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    attestation_id: Mapped[int] = mapped_column(ForeignKey("attestation.id"), index=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("site_key.id"))
    competency_id: Mapped[str] = mapped_column(String(60))
    level: Mapped[int]
    status_index: Mapped[int]
    credential_jwt: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(Text, default="")

    trainee: Mapped[User] = relationship()
    site: Mapped[Site] = relationship()
    key: Mapped[SiteKey] = relationship()
