"""Interview practice: a trainee's sessions, their answers and self-ratings, the referent's comments.

A session holds five answers, one per question drawn from the bank (the bank's question id is
kept, the text is read from the bank). Everything is written by
``portfolio.interview.services``. An answer is typed text today; the voice recording pipeline
will add a nullable ``recording_id`` column to ``interview_answer`` (one recording per answer),
so an answer with a recording and no text will count as answered.

The database refuses what the services never write: a position outside the five, a self-rating
outside its scale (yes/no as 0/1, posture 1 to 3), a session number below 1.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.audio import AudioRecording
from portfolio.models.base import JOB_TITLE_CHECK, Base, enum_type, utcnow
from portfolio.models.traces import Trace

QUESTIONS_PER_SESSION = 5
POSTURE_STEPS = 3
RATINGS_CHECK = (
    "(clear IS NULL OR clear IN (0, 1)) AND (example IS NULL OR example IN (0, 1))"
    " AND (trade_named IS NULL OR trade_named IN (0, 1))"
    f" AND (posture IS NULL OR posture BETWEEN 1 AND {POSTURE_STEPS})"
)


class InterviewStatus(enum.StrEnum):
    OPEN = "open"  # questions still to answer or rate, or the summary not confirmed
    FINISHED = "finished"  # the summary was confirmed (kept as a trace or not)


class InterviewSession(Base):
    """One practice: a target trade, five questions, then a summary."""

    __tablename__ = "interview_session"
    __table_args__ = (
        UniqueConstraint("trainee_id", "number"),
        CheckConstraint("number >= 1", name="number_range"),
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # 1 for the trainee's first practice, then 2, 3...
    rome_code: Mapped[str] = mapped_column(String(5))
    job_title: Mapped[str | None] = mapped_column(String(7))
    grand_domaine: Mapped[str] = mapped_column(String(1))
    status: Mapped[InterviewStatus] = mapped_column(
        enum_type(InterviewStatus, "interview_status"), default=InterviewStatus.OPEN
    )
    trace_id: Mapped[int | None] = mapped_column(ForeignKey("trace.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    trainee: Mapped[User] = relationship()
    trace: Mapped[Trace | None] = relationship()
    answers: Mapped[list[InterviewAnswer]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="InterviewAnswer.position"
    )


class InterviewAnswer(Base):
    """The trainee's answer to one question of a session, and their self-rating of it."""

    __tablename__ = "interview_answer"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        UniqueConstraint("session_id", "question_id"),
        CheckConstraint(
            f"position BETWEEN 0 AND {QUESTIONS_PER_SESSION - 1}", name="position_range"
        ),
        CheckConstraint(RATINGS_CHECK, name="ratings_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    clear: Mapped[int | None]  # "Clair ?" 1 yes, 0 no
    example: Mapped[int | None]  # "Un exemple ?"
    trade_named: Mapped[int | None]  # "Le métier nommé ?"
    posture: Mapped[int | None]  # 1 à travailler, 2 correcte, 3 très bien
    rated_at: Mapped[datetime | None]
    # The answer said aloud (the audio pipeline, 5 minutes at most): it stands for the words.
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("audio_recording.id", ondelete="SET NULL")
    )

    session: Mapped[InterviewSession] = relationship(back_populates="answers")
    recording: Mapped[AudioRecording | None] = relationship()
    comments: Mapped[list[InterviewComment]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="InterviewComment.id"
    )


class InterviewComment(Base):
    """A referent's comment on one answer, shown to the trainee under it."""

    __tablename__ = "interview_comment"
    __table_args__ = (
        CheckConstraint(
            "at_second IS NULL OR at_second BETWEEN 0 AND 3600", name="at_second_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("interview_answer.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    # "À 0:42 : très bon exemple": the moment of the recording the comment is about.
    at_second: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    answer: Mapped[InterviewAnswer] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
