"""Partner companies and the trainee's showcase: project, showcase, contacts, offers.

Privacy rests on one rule, applied in ``showcase/services/visibility.py``: a company only ever reads a
showcase (and what the trainee put in it), never the trainee's portfolio itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    event,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import Company, Site, User
from portfolio.models.base import (
    JOB_TITLE_CHECK,
    Base,
    CreatedAtMixin,
    enum_type,
    level_check,
    utcnow,
)
from portfolio.models.traces import Assessment, AssessmentSource, Trace, TracePhoto


class OpportunityKind(enum.StrEnum):
    """What a trainee looks for, and what an offer proposes."""

    INTERNSHIP = "internship"  # stage
    APPRENTICESHIP = "apprenticeship"  # alternance / apprentissage
    JOB = "job"  # emploi
    TRAINING = "training"  # formation


class Mobility(enum.StrEnum):
    """How far the trainee can go for work."""

    CITY = "city"  # dans ma ville
    DEPARTMENT = "department"  # dans mon département
    REGION = "region"  # dans ma région
    COUNTRY = "country"  # partout en France


class ApprovalState(enum.StrEnum):
    """The referent's approval of a first publication, when the site asks for it."""

    NOT_NEEDED = "not_needed"
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class ContactStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class JoinRequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


# --- professional project ------------------------------------------------------------------


class ProfessionalProject(Base):
    """What the trainee aims for: trades, kinds of opportunity, area, mobility, availability."""

    __tablename__ = "professional_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    area: Mapped[str] = mapped_column(String(120), default="")
    area_folded: Mapped[str] = mapped_column(String(120), default="")  # for matching words
    mobility: Mapped[Mobility] = mapped_column(
        enum_type(Mobility, "mobility"), default=Mobility.CITY
    )
    available_from: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    trainee: Mapped[User] = relationship()
    trades: Mapped[list[ProjectTrade]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectTrade.position"
    )
    kinds: Mapped[list[ProjectKind]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectKind.kind"
    )

    @property
    def kind_set(self) -> frozenset[OpportunityKind]:
        return frozenset(k.kind for k in self.kinds)


class ProjectTrade(Base):
    """A target trade of a project (ROME code; grand domaine kept for the search)."""

    __tablename__ = "project_trade"
    __table_args__ = (
        UniqueConstraint("project_id", "rome_code"),
        Index("ix_project_trade_code", "rome_code", "project_id"),
        Index("ix_project_trade_domain", "grand_domaine", "project_id"),
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("professional_project.id", ondelete="CASCADE")
    )
    rome_code: Mapped[str] = mapped_column(String(5))
    job_title: Mapped[str | None] = mapped_column(String(7))  # the title picked (OGR code)
    grand_domaine: Mapped[str] = mapped_column(String(1))
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[ProfessionalProject] = relationship(back_populates="trades")


class ProjectKind(Base):
    __tablename__ = "project_kind"
    __table_args__ = (Index("ix_project_kind_kind", "kind", "project_id"),)

    project_id: Mapped[int] = mapped_column(
        ForeignKey("professional_project.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[OpportunityKind] = mapped_column(
        enum_type(OpportunityKind, "opportunity_kind"), primary_key=True
    )

    project: Mapped[ProfessionalProject] = relationship(back_populates="kinds")


# --- showcase ------------------------------------------------------------------------------


class Showcase(CreatedAtMixin, Base):
    """What a trainee chose to show to partner companies. One per trainee.

    Visible to a company when published, approved if the site asks for it, not expired, and the
    company is a partner of the trainee's site (or the trainee opened it to the whole network).
    """

    __tablename__ = "showcase"
    __table_args__ = (
        Index("ix_showcase_published", "is_published", "published_at"),
        Index("ix_showcase_site_published", "site_id", "is_published"),
        # The referent's menu counts the showcases waiting for approval on every page.
        Index(
            "ix_showcase_pending",
            "trainee_id",
            sqlite_where=text("approval = 'pending'"),
            postgresql_where=text("approval = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    presentation: Mapped[str] = mapped_column(Text, default="")
    network_wide: Mapped[bool] = mapped_column(default=False)
    is_published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]
    unpublished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    # Consent given when publishing: when, and which wording the trainee read.
    consent_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(20))
    approval: Mapped[ApprovalState] = mapped_column(
        enum_type(ApprovalState, "approval_state"), default=ApprovalState.NOT_NEEDED
    )
    approval_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approval_at: Mapped[datetime | None]
    approval_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    site: Mapped[Site] = relationship()
    traces: Mapped[list[ShowcaseTrace]] = relationship(
        back_populates="showcase", cascade="all, delete-orphan", order_by="ShowcaseTrace.position"
    )
    photos: Mapped[list[ShowcasePhoto]] = relationship(
        back_populates="showcase", cascade="all, delete-orphan"
    )
    competencies: Mapped[list[ShowcaseCompetency]] = relationship(
        back_populates="showcase", cascade="all, delete-orphan", order_by="ShowcaseCompetency.id"
    )


class ShowcaseTrace(Base):
    __tablename__ = "showcase_trace"
    __table_args__ = (UniqueConstraint("showcase_id", "trace_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id", ondelete="CASCADE"))
    trace_id: Mapped[int] = mapped_column(ForeignKey("trace.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    showcase: Mapped[Showcase] = relationship(back_populates="traces")
    trace: Mapped[Trace] = relationship()


class ShowcasePhoto(Base):
    __tablename__ = "showcase_photo"
    __table_args__ = (UniqueConstraint("showcase_id", "photo_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id", ondelete="CASCADE"))
    photo_id: Mapped[int] = mapped_column(
        ForeignKey("trace_photo.id", ondelete="CASCADE"), index=True
    )

    showcase: Mapped[Showcase] = relationship(back_populates="photos")
    photo: Mapped[TracePhoto] = relationship()


class ShowcaseCompetency(Base):
    """A competency the trainee shows; ``show_level`` says whether its levels are shown.

    ``confirmed_level`` caches the referent's latest level for the search (kept in step by the
    listener below); pages read the assessments themselves.
    """

    __tablename__ = "showcase_competency"
    __table_args__ = (
        UniqueConstraint("showcase_id", "framework_id", "competency_id"),
        Index("ix_showcase_competency_level", "competency_id", "confirmed_level", "showcase_id"),
        Index("ix_showcase_competency_domain", "domain_id", "confirmed_level", "showcase_id"),
        level_check("confirmed_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(40))
    competency_id: Mapped[str] = mapped_column(String(60))
    domain_id: Mapped[str] = mapped_column(String(60))
    show_level: Mapped[bool] = mapped_column(default=True)
    confirmed_level: Mapped[int | None]
    confirmed_at: Mapped[datetime | None]

    showcase: Mapped[Showcase] = relationship(back_populates="competencies")


@event.listens_for(Assessment, "after_insert")
def _keep_confirmed_levels(_mapper: Any, connection: Connection, target: Assessment) -> None:
    """A new referent level updates the showcase's search cache in the same transaction.

    Assessments are append-only, so the row being inserted is the latest of its stream.
    """
    if target.source is not AssessmentSource.REFERENT:
        return
    keep_confirmed_levels(
        connection,
        [
            {
                "t": target.trainee_id,
                "f": target.framework_id,
                "c": target.competency_id,
                "level": target.level,
                "at": target.created_at or utcnow(),
            }
        ],
    )


def keep_confirmed_levels(connection: Connection, levels: list[dict[str, Any]]) -> None:
    """Referent levels (keys t, f, c, level, at) into the showcases' search cache, in one
    statement (an executemany): the batch writers call it, as bulk inserts fire no event."""
    if levels:
        connection.execute(_CONFIRM, levels)


_CONFIRM = (
    update(ShowcaseCompetency)
    .where(
        ShowcaseCompetency.showcase_id.in_(
            select(Showcase.id).where(Showcase.trainee_id == bindparam("t"))
        ),
        ShowcaseCompetency.framework_id == bindparam("f"),
        ShowcaseCompetency.competency_id == bindparam("c"),
    )
    .values(confirmed_level=bindparam("level"), confirmed_at=bindparam("at"))
    .execution_options(synchronize_session=False)
)


class ShowcaseView(Base):
    """A company (or someone with a private link) opened the showcase: the trainee sees it."""

    __tablename__ = "showcase_view"
    __table_args__ = (Index("ix_showcase_view_when", "showcase_id", "viewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    private_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("private_link.id", ondelete="SET NULL")
    )
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company | None] = relationship()
    private_link: Mapped[PrivateLink | None] = relationship()


class PrivateLink(CreatedAtMixin, Base):
    """A link to show the showcase to one employer outside the platform. Only a hash is kept."""

    __tablename__ = "private_link"
    __table_args__ = (CheckConstraint("use_count >= 0", name="use_count_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    showcase_id: Mapped[int] = mapped_column(
        ForeignKey("showcase.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    use_count: Mapped[int] = mapped_column(default=0)

    showcase: Mapped[Showcase] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


# --- companies -----------------------------------------------------------------------------


class CompanyJoinRequest(CreatedAtMixin, Base):
    """A company asks to become a partner of a site (no account yet: the form is public)."""

    __tablename__ = "company_join_request"
    __table_args__ = (Index("ix_company_join_request_site", "site_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    company_name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    contact_first_name: Mapped[str] = mapped_column(String(100))
    contact_last_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(30), default="")
    login: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[JoinRequestStatus] = mapped_column(
        enum_type(JoinRequestStatus, "join_request_status"), default=JoinRequestStatus.PENDING
    )
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))

    site: Mapped[Site] = relationship()
    company: Mapped[Company | None] = relationship()


class PartnershipAgreement(Base):
    """The partnership agreement between a site and a company, as recorded by an admin."""

    __tablename__ = "partnership_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    signed_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class SavedSearch(CreatedAtMixin, Base):
    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(Text)  # the search form's query string


class ContactRequest(CreatedAtMixin, Base):
    """A company's interest in a showcase, passed on by the school. Contact details stay hidden
    until the trainee accepts; then only what the trainee chose to share is shown."""

    __tablename__ = "contact_request"
    __table_args__ = (
        Index("ix_contact_request_trainee", "trainee_id", "created_at"),
        Index("ix_contact_request_company", "company_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id"))
    status: Mapped[ContactStatus] = mapped_column(
        enum_type(ContactStatus, "contact_status"), default=ContactStatus.PENDING
    )
    answered_at: Mapped[datetime | None]
    shared_email: Mapped[str] = mapped_column(String(254), default="")
    shared_phone: Mapped[str] = mapped_column(String(30), default="")

    company: Mapped[Company] = relationship()
    sender: Mapped[User] = relationship(foreign_keys=[sender_id])
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    showcase: Mapped[Showcase] = relationship()
    offer: Mapped[Offer | None] = relationship()
    messages: Mapped[list[ContactMessage]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactMessage.id"
    )


class ContactMessage(Base):
    __tablename__ = "contact_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact_request.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[ContactRequest] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()


class ContactEvent(Base):
    """The log of every contact: sent, read, accepted, declined, each message."""

    __tablename__ = "contact_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact_request.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Offer(CreatedAtMixin, Base):
    """An internship, apprenticeship, job or training offer of a partner company."""

    __tablename__ = "offer"
    __table_args__ = (
        Index("ix_offer_site_open", "site_id", "closed_at"),
        Index("ix_offer_company", "company_id", "created_at"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    rome_code: Mapped[str] = mapped_column(String(5))
    job_title: Mapped[str | None] = mapped_column(String(7))  # the title picked (OGR code)
    grand_domaine: Mapped[str] = mapped_column(String(1))
    kind: Mapped[OpportunityKind] = mapped_column(enum_type(OpportunityKind, "offer_kind"))
    place: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()
    answers: Mapped[list[OfferAnswer]] = relationship(
        back_populates="offer", order_by="OfferAnswer.id"
    )


class OfferAnswer(Base):
    """A trainee answers an offer with their showcase."""

    __tablename__ = "offer_answer"
    __table_args__ = (UniqueConstraint("offer_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    showcase_id: Mapped[int] = mapped_column(ForeignKey("showcase.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    offer: Mapped[Offer] = relationship(back_populates="answers")
    trainee: Mapped[User] = relationship()
    showcase: Mapped[Showcase] = relationship()


class Notification(Base):
    """Something to tell a person in the platform (a contact, an approval, an answer)."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200), default="")  # a name shown in the text
    target_id: Mapped[int | None]  # the record the notification leads to (by kind)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


__all__ = [
    "ApprovalState",
    "CompanyJoinRequest",
    "ContactEvent",
    "ContactMessage",
    "ContactRequest",
    "ContactStatus",
    "JoinRequestStatus",
    "Mobility",
    "Notification",
    "Offer",
    "OfferAnswer",
    "OpportunityKind",
    "PartnershipAgreement",
    "PrivateLink",
    "ProfessionalProject",
    "ProjectKind",
    "ProjectTrade",
    "SavedSearch",
    "Showcase",
    "ShowcaseCompetency",
    "ShowcasePhoto",
    "ShowcaseTrace",
    "ShowcaseView",
]
