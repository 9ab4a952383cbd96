"""The trainee's data export: everything the portfolio holds about one trainee, as JSON.

The trainee downloads it from "Mon suivi" (right of access and portability): team notes and
every version of every note are included. One short function per section, each reading its
rows with a fixed number of queries; the names of the people involved are read once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.internships.services import internships_of
from portfolio.models import (
    Assessment,
    ExplicitationNote,
    GameStatement,
    Internship,
    NoteReply,
    Objective,
    ReferentAssignment,
    ReferentVisit,
    Review,
    Trace,
    User,
    utcnow,
)
from portfolio.referent.services.ratings import notes_of_assessments
from portfolio.referent.services.reviews import objectives_of, reviews_of

EXPORT_FORMAT = "e2c-portfolio-export/1"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def trainee_export(trainee: User) -> dict[str, Any]:
    """Everything the portfolio holds about one trainee, team notes included."""
    names = _people_names(trainee)
    assessments = _assessments(trainee)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(utcnow()),
        "person": _person(trainee),
        "referents": _referents(trainee, names),
        "traces": [_trace(t) for t in _traces(trainee)],
        "assessments": _assessment_rows(assessments, names),
        "notes": [_note(n, names) for n in _notes(trainee)],
        "reviews": [_review(r, names) for r in reviews_of(trainee)],
        "objectives": [_objective(o) for o in objectives_of(trainee)],
        "internships": [_internship(i) for i in internships_of(trainee)],
        "game_statements": _game_statements(trainee),
        "referent_visits": _visits(trainee, names),
    }


def _people_names(trainee: User) -> dict[int, str]:
    """Everyone who wrote, assessed or visited something of the trainee's: id -> full name."""
    mine = trainee.id
    involved = (
        User.id.in_(
            select(ReferentAssignment.referent_id).where(ReferentAssignment.trainee_id == mine)
        )
        | User.id.in_(
            select(ExplicitationNote.author_id).where(ExplicitationNote.trainee_id == mine)
        )
        | User.id.in_(select(Assessment.author_id).where(Assessment.trainee_id == mine))
        | User.id.in_(select(Review.author_id).where(Review.trainee_id == mine))
        | User.id.in_(
            select(NoteReply.author_id)
            .join(ExplicitationNote, ExplicitationNote.id == NoteReply.note_id)
            .where(ExplicitationNote.trainee_id == mine)
        )
        | User.id.in_(select(ReferentVisit.referent_id).where(ReferentVisit.trainee_id == mine))
    )
    names = {u.id: u.full_name for u in db.session.scalars(select(User).where(involved))}
    names[trainee.id] = trainee.full_name
    return names


def _person(trainee: User) -> dict[str, Any]:
    return {
        "login": trainee.login,
        "first_name": trainee.first_name,
        "last_name": trainee.last_name,
        "email": trainee.email,
        "birth_date": _iso(trainee.birth_date),
        "site": trainee.site.name if trainee.site else None,
        "account_created_at": _iso(trainee.created_at),
    }


def _referents(trainee: User, names: dict[int, str]) -> list[dict[str, Any]]:
    assignments = db.session.scalars(
        select(ReferentAssignment)
        .where(ReferentAssignment.trainee_id == trainee.id)
        .order_by(ReferentAssignment.started_at)
    )
    return [
        {
            "referent": names.get(a.referent_id, ""),
            "from": _iso(a.started_at),
            "until": _iso(a.ended_at),
        }
        for a in assignments
    ]


def _traces(trainee: User) -> list[Trace]:
    return list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == trainee.id)
            .options(
                selectinload(Trace.competencies),
                selectinload(Trace.links),
                selectinload(Trace.photos),
            )
            .order_by(Trace.happened_on, Trace.id)
        )
    )


def _trace(t: Trace) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "body": t.body,
        "happened_on": _iso(t.happened_on),
        "context": t.context.value,
        "company_name": t.company_name,
        "status": t.status.value,
        "origin": t.origin.value,
        "created_at": _iso(t.created_at),
        "updated_at": _iso(t.updated_at),
        "competencies": [
            {
                "framework": c.framework_id,
                "version": c.framework_version,
                "competency_id": c.competency_id,
                "indicator_ids": list(c.indicator_ids),
            }
            for c in t.competencies
        ],
        "links": [{"url": link.url, "title": link.title} for link in t.links],
        "photos": [{"caption": p.caption, "width": p.width, "height": p.height} for p in t.photos],
    }


def _assessments(trainee: User) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.trainee_id == trainee.id)
            .options(selectinload(Assessment.traces))
            .order_by(Assessment.created_at, Assessment.id)
        )
    )


def _assessment_rows(
    assessments: Iterable[Assessment], names: dict[int, str]
) -> list[dict[str, Any]]:
    rows = list(assessments)
    linked_notes = notes_of_assessments([a.id for a in rows])
    return [
        {
            "id": a.id,
            "source": a.source.value,
            "author": a.author_label or names.get(a.author_id or 0, ""),
            "framework": a.framework_id,
            "version": a.framework_version,
            "competency_id": a.competency_id,
            "level": a.level,
            "comment": a.comment,
            "created_at": _iso(a.created_at),
            "trace_ids": [t.id for t in a.traces],
            "note_ids": linked_notes.get(a.id, []),
        }
        for a in rows
    ]


def _notes(trainee: User) -> list[ExplicitationNote]:
    return list(
        db.session.scalars(
            select(ExplicitationNote)
            .where(ExplicitationNote.trainee_id == trainee.id)
            .options(
                selectinload(ExplicitationNote.competencies),
                selectinload(ExplicitationNote.revisions),
                selectinload(ExplicitationNote.replies),
            )
            .order_by(ExplicitationNote.created_at, ExplicitationNote.id)
        )
    )


def _note(n: ExplicitationNote, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": n.id,
        "visibility": n.visibility.value,
        "author": names.get(n.author_id, ""),
        "trace_id": n.trace_id,
        "trace_title": n.trace_title,
        "situation_kind": n.situation_kind.value,
        "observed_on": _iso(n.observed_on),
        "situation": n.situation,
        "observed": n.observed,
        "trainee_words": n.trainee_words,
        "next_step": n.next_step,
        "version": n.version,
        "created_at": _iso(n.created_at),
        "updated_at": _iso(n.updated_at),
        "competencies": [
            {
                "competency_id": c.competency_id,
                "indicator_ids": list(c.indicator_ids),
                "level": c.level,
            }
            for c in n.competencies
        ],
        "history": [
            {
                "version": r.version,
                "edited_by": names.get(r.edited_by_id or 0, ""),
                "edited_at": _iso(r.edited_at),
                "content": json.loads(r.content),
            }
            for r in n.revisions
        ],
        "replies": [
            {
                "author": names.get(r.author_id, ""),
                "body": r.body,
                "created_at": _iso(r.created_at),
            }
            for r in n.replies
        ],
    }


def _review(r: Review, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": r.id,
        "held_on": _iso(r.held_on),
        "author": names.get(r.author_id, ""),
        "participants": r.participant_list,
        "trainee_words": r.trainee_words,
        "summary": r.summary,
        "trace_ids": [t.id for t in r.traces],
        "gaps_discussed": [
            {
                "competency_id": c.competency_id,
                "self_level": c.self_level,
                "referent_level": c.referent_level,
            }
            for c in r.competencies
        ],
        "referent_agreed_at": _iso(r.referent_agreed_at),
        "trainee_agreed_at": _iso(r.trainee_agreed_at),
        "trainee_comment": r.trainee_comment,
    }


def _objective(o: Objective) -> dict[str, Any]:
    return {
        "id": o.id,
        "review_id": o.review_id,
        "title": o.title,
        "competency_id": o.competency_id,
        "for_project": o.for_project,
        "priority": o.priority,
        "due_on": _iso(o.due_on),
        "status": o.status.value,
        "created_at": _iso(o.created_at),
        "reached_at": _iso(o.reached_at),
        "dropped_at": _iso(o.dropped_at),
    }


def _internship(i: Internship) -> dict[str, Any]:
    return {
        "id": i.id,
        "company_name": i.company_name,
        "tutor_name": i.tutor_name,
        "tutor_email": i.tutor_email,
        "starts_on": _iso(i.starts_on),
        "ends_on": _iso(i.ends_on),
        "rome_code": i.rome_code,
        "job_title": i.job_title,
        "trade_label": i.trade_label,
        "tutor_links": [
            {
                "created_at": _iso(link.created_at),
                "expires_at": _iso(link.expires_at),
                "used_at": _iso(link.used_at),
                "revoked_at": _iso(link.revoked_at),
            }
            for link in i.links
        ],
        "tutor_assessment_ids": [a.id for a in i.assessments],
    }


def _game_statements(trainee: User) -> list[dict[str, Any]]:
    statements = db.session.scalars(
        select(GameStatement)
        .where(GameStatement.user_id == trainee.id)
        .order_by(GameStatement.stored_at, GameStatement.id)
    )
    return [
        {
            "statement_id": s.statement_id,
            "task": s.task_name,
            "verb": s.verb,
            "score": s.score,
            "happened_at": _iso(s.happened_at),
            "status": s.status.value,
            "reason": s.reason,
            "trace_id": s.trace_id,
        }
        for s in statements
    ]


def _visits(trainee: User, names: dict[int, str]) -> list[dict[str, Any]]:
    visits = db.session.scalars(select(ReferentVisit).where(ReferentVisit.trainee_id == trainee.id))
    return [
        {"referent": names.get(v.referent_id, ""), "visited_at": _iso(v.visited_at)} for v in visits
    ]
