"""Interview simulations with professionals: slots a partner company offers, bookings, feedback.

A partner company offers slots to the trainees of its site: a single slot, or a "journée forum"
(several consecutive slots generated at once, sharing ``forum_title``). A slot holds one
trainee (``simulation_booking.slot_id`` is unique: capacity 1, enforced by the database). After
the slot, the professional fills the practice's grid (clair / un exemple / le métier nommé /
posture) and free words: one ``simulation_feedback`` per booking (unique). The competencies the
professional rates are ``Assessment`` rows of the ``professional`` stream, written by
``services.assessments.record_assessment``; the feedback keeps the moment they share.
Everything is written by ``portfolio/simulations/services``.

A trainee's cancelling deletes the booking (the slot is open again); a company's cancelling
marks the slot (``cancelled_at``) and keeps the booking, so the trainee reads that it was
cancelled.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import Company, Site, User
from portfolio.models.base import JOB_TITLE_CHECK, Base, CreatedAtMixin, enum_type, utcnow
from portfolio.models.interview import POSTURE_STEPS

MIN_MINUTES = 10
MAX_MINUTES = 180
GRID_CHECK = (
    f"clear IN (0, 1) AND example IN (0, 1) AND trade_named IN (0, 1)"
    f" AND posture BETWEEN 1 AND {POSTURE_STEPS}"
)


class SlotMode(enum.StrEnum):
    """Where the simulation happens."""

    ON_SITE = "on_site"  # sur place (``place`` says where)
    PHONE = "phone"  # au téléphone
    VIDEO = "video"  # en visio


class SimulationSlot(CreatedAtMixin, Base):
    """One interview simulation a company offers: a moment, a length, a place, a trade."""

    __tablename__ = "simulation_slot"
    __table_args__ = (
        Index("ix_simulation_slot_site_starts", "site_id", "starts_at"),
        Index("ix_simulation_slot_company_starts", "company_id", "starts_at"),
        CheckConstraint(
            f"duration_minutes BETWEEN {MIN_MINUTES} AND {MAX_MINUTES}", name="duration_range"
        ),
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    forum_title: Mapped[str] = mapped_column(String(200), default="")  # "" for a single slot
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    mode: Mapped[SlotMode] = mapped_column(enum_type(SlotMode, "slot_mode"))
    place: Mapped[str] = mapped_column(String(200), default="")
    rome_code: Mapped[str | None] = mapped_column(String(5))  # the trade concerned, if one
    job_title: Mapped[str | None] = mapped_column(String(7))
    cancelled_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()
    site: Mapped[Site] = relationship()
    booking: Mapped[SimulationBooking | None] = relationship(
        back_populates="slot", uselist=False, cascade="all, delete-orphan"
    )


class SimulationBooking(Base):
    """A trainee's place in a slot: one per slot (the slot's capacity is 1)."""

    __tablename__ = "simulation_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("simulation_slot.id", ondelete="CASCADE"), unique=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    booked_at: Mapped[datetime] = mapped_column(default=utcnow)

    slot: Mapped[SimulationSlot] = relationship(back_populates="booking")
    trainee: Mapped[User] = relationship()
    feedback: Mapped[SimulationFeedback | None] = relationship(
        back_populates="booking", uselist=False, cascade="all, delete-orphan"
    )


class SimulationFeedback(Base):
    """The professional's feedback after the slot: the practice's grid and free words."""

    __tablename__ = "simulation_feedback"
    __table_args__ = (CheckConstraint(GRID_CHECK, name="grid_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("simulation_booking.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author_label: Mapped[str] = mapped_column(String(200), default="")  # "Nom, Entreprise"
    clear: Mapped[int]  # "Clair ?" 1 yes, 0 no
    example: Mapped[int]  # "Un exemple ?"
    trade_named: Mapped[int]  # "Le métier nommé ?"
    posture: Mapped[int]  # 1 à travailler, 2 correcte, 3 très bien
    words: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    booking: Mapped[SimulationBooking] = relationship(back_populates="feedback")


__all__ = [
    "SimulationBooking",
    "SimulationFeedback",
    "SimulationSlot",
    "SlotMode",
]
