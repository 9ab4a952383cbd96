"""A portfolio ZIP imported back (``/mon-suivi/import``): where it came from, once per file.

The traces and self-assessments it brought name their import (``trace.import_id``,
``assessment.import_id``), so the pages can say "Importé de <site>, le <date>" and nothing
imported passes for something written here. ``digest`` is the SHA-256 of the archive's data
(``donnees/portfolio.json`` without its export date): the same portfolio imported twice by one
trainee is refused by the unique constraint, whatever the services check first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, utcnow


class PortfolioImport(Base):
    """One import of an exported portfolio into a trainee's account."""

    __tablename__ = "portfolio_import"
    __table_args__ = (
        UniqueConstraint("trainee_id", "digest"),
        CheckConstraint("length(digest) = 64", name="digest_length"),
        CheckConstraint(
            "traces >= 0 AND photos >= 0 AND recordings >= 0 AND assessments >= 0",
            name="counts_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64))
    source_site: Mapped[str] = mapped_column(String(200), default="")
    exported_at: Mapped[datetime | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    traces: Mapped[int] = mapped_column(default=0)
    photos: Mapped[int] = mapped_column(default=0)
    recordings: Mapped[int] = mapped_column(default=0)
    assessments: Mapped[int] = mapped_column(default=0)
