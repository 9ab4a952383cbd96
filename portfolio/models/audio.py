"""Voice recordings: Ogg/Opus files made by `services.audio`, owned by a trainee.

One table for every use: a trace's recording today; a reply, an interview answer or a
conversation attachment later (``kind``; the record that uses it points to it, except a trace,
which has at most one and is named here so the trace's deletion takes it along).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import Base, CreatedAtMixin, enum_type

if TYPE_CHECKING:
    from portfolio.models.accounts import User
    from portfolio.models.traces import Trace

MAX_RECORDING_MS = 600_000
"""No use allows more than 10 minutes (a trace: 3, an interview answer: 5)."""


class RecordingKind(enum.StrEnum):
    TRACE = "trace"  # "Parler au lieu d'écrire" on the trace form
    REPLY = "reply"  # a reply box (future)
    INTERVIEW = "interview"  # an interview practice answer (future)


class AudioRecording(CreatedAtMixin, Base):
    """A re-encoded recording: the file is written before this row, deleted after it."""

    __tablename__ = "audio_recording"
    __table_args__ = (
        CheckConstraint(
            f"duration_ms > 0 AND duration_ms <= {MAX_RECORDING_MS}", name="duration_range"
        ),
        CheckConstraint("size_bytes > 0", name="bytes_range"),
        CheckConstraint("kind <> 'trace' OR trace_id IS NOT NULL", name="trace_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RecordingKind] = mapped_column(enum_type(RecordingKind, "recording_kind"))
    trace_id: Mapped[int | None] = mapped_column(
        ForeignKey("trace.id", ondelete="CASCADE"), unique=True
    )
    storage_key: Mapped[str] = mapped_column(String(120), unique=True)
    duration_ms: Mapped[int]
    size_bytes: Mapped[int]  # counted in the owner's quota, with the photos

    owner: Mapped[User] = relationship()
    trace: Mapped[Trace | None] = relationship(back_populates="recording")

    @property
    def duration_label(self) -> str:
        """ "1:05": minutes and seconds, as a player shows them."""
        minutes, seconds = divmod(round(self.duration_ms / 1000), 60)
        return f"{minutes}:{seconds:02d}"
