"""Builders for the referent workspace tests: a referent and trainees, traces, levels, notes.

Traces and assessments are inserted as rows (not through the trainee's services), so these
tests only depend on the shared models.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from builders import make_site, make_user
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    GameStatement,
    GameStatementStatus,
    Internship,
    NoteReply,
    NoteRevision,
    Objective,
    Review,
    Role,
    Site,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceOrigin,
    TutorLink,
    User,
    utcnow,
)
from portfolio.referent import services as svc

_seq = itertools.count(1)
FW = "e2c-apc"
VERSION = "2018.1"
COMP_A = "E2C-1A"  # domain D1
COMP_B = "E2C-1C"  # domain D1
COMP_C = "E2C-2A"  # domain D2


def team(site: Site | None = None, *, blind: bool = False) -> tuple[Site, User, User]:
    """A site, a referent and one trainee they follow."""
    site = site or make_site()
    if blind:
        site.blind_rating = True
        db.session.commit()
    referent = make_user(Role.REFERENT, site=site)
    trainee = make_user(Role.TRAINEE, site=site, referent=referent)
    return site, referent, trainee


def make_trace(
    trainee: User,
    *,
    title: str | None = None,
    competencies: tuple[str, ...] = (COMP_A,),
    created_at: datetime | None = None,
    origin: TraceOrigin = TraceOrigin.TRAINEE,
    commit: bool = True,
) -> Trace:
    n = next(_seq)
    at = created_at or utcnow()
    trace = Trace(
        trainee_id=trainee.id,
        title=title or f"Trace {n}",
        body="J'ai préparé le stand avec mon équipe.",
        happened_on=at.date(),
        context=TraceContext.PROJECT,
        origin=origin,
        created_at=at,
        updated_at=at,
    )
    db.session.add(trace)
    db.session.flush()
    for competency_id in competencies:
        db.session.add(
            TraceCompetency(
                trace_id=trace.id,
                framework_id=FW,
                framework_version=VERSION,
                competency_id=competency_id,
                indicator_ids=[],
            )
        )
    if commit:
        db.session.commit()
    return trace


def make_level(
    trainee: User,
    competency_id: str,
    level: int,
    *,
    source: AssessmentSource = AssessmentSource.SELF,
    author: User | None = None,
    at: datetime | None = None,
    commit: bool = True,
) -> Assessment:
    assessment = Assessment(
        trainee_id=trainee.id,
        source=source,
        author_id=(author or trainee).id if source is not AssessmentSource.TUTOR else None,
        author_label=(author or trainee).full_name,
        framework_id=FW,
        framework_version=VERSION,
        competency_id=competency_id,
        level=level,
        created_at=at or utcnow(),
    )
    db.session.add(assessment)
    if commit:
        db.session.commit()
    return assessment


def make_statement(
    trainee: User,
    competency_id: str = COMP_A,
    status: GameStatementStatus = GameStatementStatus.PENDING,
) -> GameStatement:
    trace = make_trace(
        trainee, title="Jeu : mise en rayon", competencies=(competency_id,), origin=TraceOrigin.GAME
    )
    body = json.dumps({"n": next(_seq)})
    row = GameStatement(
        statement_id=str(uuid.uuid4()),
        user_id=trainee.id,
        trace_id=trace.id,
        canonical=body,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        object_id="urn:e2c-jeu:task:D1507:mise-en-rayon",
        task_name="Mise en rayon",
        verb="completed",
        score=0.8,
        happened_at=utcnow(),
        status=status,
    )
    db.session.add(row)
    db.session.commit()
    return row


def note_input(**changes: Any) -> svc.NoteInput:
    values: dict[str, Any] = {
        "observed_on": date.today(),
        "situation_kind": "workshop",
        "situation": "Atelier cuisine, service du midi.",
        "observed": "Il a réparti les tâches sans qu'on le lui demande.",
        "trainee_words": "J'ai vu qu'on allait être en retard, alors j'ai dit qui fait quoi.",
        "next_step": "Raconter cette journée dans une trace.",
        "visibility": "shared",
        "competencies": (svc.NoteCompetencyInput(COMP_A, 2, ("E2C-1A-01",)),),
    }
    values.update(changes)
    return svc.NoteInput(**values)


def make_note(referent: User, trainee: User, *, trace: Trace | None = None, **changes: Any):
    note = svc.create_note(referent, trainee, note_input(**changes), trace=trace)
    db.session.commit()
    return note


def make_internship(referent: User, trainee: User, **changes: Any) -> Internship:
    values: dict[str, Any] = {
        "company_name": "Boulangerie du Marché",
        "tutor_name": "Sophie Leroy",
        "tutor_email": "sophie.leroy@example.fr",
        "starts_on": date.today() - timedelta(days=20),
        "ends_on": date.today(),
        "rome_code": "D1102",
        "trade_label": "Boulanger / Boulangère",
        "competency_ids": (COMP_A, COMP_C),
    }
    values.update(changes)
    internship = internships.create_internship(
        referent, trainee, internships.InternshipInput(**values)
    )
    db.session.commit()
    return internship


def referent_rows() -> dict[str, int]:
    """Rows in the referent tables: bad input must leave every count unchanged."""
    models = (
        ExplicitationNote,
        NoteRevision,
        NoteReply,
        Assessment,
        Review,
        Objective,
        Internship,
        TutorLink,
    )
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models}
