"""Sites, people and who follows whom."""

from __future__ import annotations

import enum
import secrets
import uuid
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import Base, CreatedAtMixin, enum_type, utcnow


class Role(enum.StrEnum):
    """What a person does on the platform. Access rules hang on this value."""

    TRAINEE = "trainee"  # stagiaire
    REFERENT = "referent"  # formateur / formatrice référent(e)
    COMPANY = "company"  # entreprise partenaire
    ADMIN = "admin"  # administrateur d'un site (site_id set) ou du réseau (site_id NULL)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Site(CreatedAtMixin, Base):
    """An E2C school site."""

    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("catalogue_editors IN ('admins', 'team')", name="catalogue_editors"),
        CheckConstraint(
            "length(followup_months) BETWEEN 1 AND 17"
            " AND ltrim(followup_months, '0123456789,') = ''"
            " AND substr(followup_months, 1, 1) <> ','",
            name="followup_months_shape",
        ),
        CheckConstraint("keep_months BETWEEN 1 AND 36", name="keep_months_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Referents rate a competency before they see the trainee's own level for it.
    blind_rating: Mapped[bool] = mapped_column(default=False)
    # A referent approves a trainee's first showcase publication.
    showcase_needs_approval: Mapped[bool] = mapped_column(default=False)
    # Who signs the site's attestations beside the referent (shown on the ACA).
    director_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Who may change the activities catalogue: "admins" (site admins only) or "team" (site
    # admins and referents). Values: portfolio.models.activities.CatalogueEditors.
    catalogue_editors: Mapped[str] = mapped_column(
        String(10), default="team", server_default="team"
    )
    # When the referent contacts a young person after their exit: months after the exit
    # date, comma-separated and increasing (portfolio/followup; checked by its service).
    followup_months: Mapped[str] = mapped_column(
        String(17), default="1,3,6,12", server_default="1,3,6,12"
    )
    # Months a trainee's account is kept after the year of follow-up (privacy/services/rules.py).
    keep_months: Mapped[int] = mapped_column(default=12, server_default="12")


class Company(CreatedAtMixin, Base):
    """A partner company of a site (details grow with the company features)."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    approved_at: Mapped[datetime | None]

    site: Mapped[Site] = relationship()


def person_name(first_name: str, last_name: str) -> str:
    """A person's name as pages show it (``User.full_name``), for rows read without a ``User``."""
    return f"{first_name} {last_name}".strip()


class User(UserMixin, CreatedAtMixin, Base):
    """Anyone who logs in. ``login`` is the identifier typed at the login form."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("portfolio_version >= 0", name="portfolio_version_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    login: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    birth_date: Mapped[date | None]
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Rotated on logout and password change: a copied session cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None]
    # Raised with every change to the trainee's traces or assessments (see
    # portfolio/services/summary_cache.py): the key of their cached home summary.
    portfolio_version: Mapped[int] = mapped_column(default=0, server_default="0")

    site: Mapped[Site | None] = relationship()
    company: Mapped[Company | None] = relationship()

    # flask-login
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def full_name(self) -> str:
        return person_name(self.first_name, self.last_name)

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def is_minor(self) -> bool:
        age = self.age_on(datetime.now(UTC).date())
        return age is not None and age < 18


class ReferentAssignment(Base):
    """Who is a trainee's referent, and since when. One open row per trainee (a partial unique
    index, on SQLite and PostgreSQL alike); history kept."""

    __tablename__ = "referent_assignment"
    __table_args__ = (
        # A referent's trainees, read on every page of theirs (the menu's counts, the
        # caseload, "Nouveau"): from the index alone, the trainee being its last column.
        Index("ix_referent_assignment_open", "referent_id", "ended_at", "trainee_id"),
        Index(
            "uq_referent_assignment_one_open",
            "trainee_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    referent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    referent: Mapped[User] = relationship(foreign_keys=[referent_id])


class Handover(CreatedAtMixin, Base):
    """A referent covers a colleague's trainees for a period (leave): dates inclusive."""

    __tablename__ = "handover"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_referent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    to_referent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    cancelled_at: Mapped[datetime | None]

    from_referent: Mapped[User] = relationship(foreign_keys=[from_referent_id])
    to_referent: Mapped[User] = relationship(foreign_keys=[to_referent_id])


class FrameworkVersion(Base):
    """A snapshot of each version of a competency framework ever loaded.

    Evidence names (framework_id, version, competency_id); the snapshot keeps the labels of
    that version, so a later YAML file never orphans or silently re-labels old evidence.
    """

    __tablename__ = "framework_version"
    __table_args__ = (UniqueConstraint("framework_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(40))
    checksum: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)  # JSON text of Framework.to_dict()
    first_loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Who did what to which account: kept for admins (imports, deactivations, hand-overs)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")
