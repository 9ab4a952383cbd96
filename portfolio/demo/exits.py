"""Demo content of the exit room: Jade left the school three months ago, in a work-study
contract, with a final attestation of acquired competencies (her traces, the team's levels, an
observation, an internship and its tutor's levels behind it).

Dates are set back after each service call so the story reads as three months old. Accounts
missing from ``users`` are skipped. The caller commits.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portfolio.exits.services import attestations
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import (
    ReferentAssignment,
    Role,
    Site,
    TraceContext,
    User,
    utcnow,
)
from portfolio.models.traces import back_date_level
from portfolio.referent import services as svc
from portfolio.trainee.services.editing import create_trace
from portfolio.trainee.services.inputs import TraceData

DIRECTOR = "Hélène Garnier"

TRACES = (
    (
        "J'ai tenu la caisse du marché solidaire",
        "J'ai rendu la monnaie toute la matinée. À la fin, la caisse était juste.",
        TraceContext.PROJECT,
        ("E2C-2A", "E2C-1C"),
        170,
    ),
    (
        "Mon CV refait avec l'atelier numérique",
        "J'ai mis mes stages en premier et j'ai envoyé le CV par mail à deux magasins.",
        TraceContext.WORKSHOP,
        ("E2C-3B", "E2C-5A"),
        150,
    ),
    (
        "Deux semaines au rayon frais",
        "J'ai rangé les produits en regardant les dates. Le chef m'a laissé faire la commande.",
        TraceContext.INTERNSHIP,
        ("E2C-7A", "E2C-7B"),
        125,
    ),
)

LEVELS = (
    ("E2C-1C", 2, "Elle explique clairement ce qu'elle a fait à la caisse, sans notes."),
    ("E2C-2A", 3, "Elle compte, vérifie et trouve seule l'erreur de caisse d'une collègue."),
    ("E2C-3B", 2, "Elle envoie seule un mail avec son CV en pièce jointe et sait dire comment."),
    ("E2C-7A", 2, "Elle respecte les horaires et prévient quand elle a un empêchement."),
)


def seed(site: Site, users: dict[str, User]) -> None:
    referent, jade = users.get("referente"), users.get("jade")
    if referent is None or jade is None or referent.site_id != site.id != jade.site_id:
        return
    if referent.role is not Role.REFERENT or jade.role is not Role.TRAINEE:
        return
    today = utcnow().date()
    left_on = today - timedelta(days=92)
    site.director_name = DIRECTOR
    for assignment in db.session.scalars(
        select(ReferentAssignment).where(ReferentAssignment.trainee_id == jade.id)
    ):
        assignment.started_at = datetime.combine(
            today - timedelta(days=200), time(9, 0), tzinfo=utcnow().tzinfo
        )
    traces = []
    for title, body, context, competencies, days_ago in TRACES:
        trace = create_trace(
            jade,
            TraceData(
                title=title,
                body=body,
                happened_on=today - timedelta(days=days_ago),
                context=context,
                competency_ids=competencies,
            ),
        )
        _back_date(trace, today - timedelta(days=days_ago))
        traces.append(trace)
    note = svc.create_note(
        referent,
        jade,
        svc.NoteInput(
            observed_on=today - timedelta(days=165),
            situation_kind="collective",
            situation="Marché solidaire du quartier : la caisse, un samedi matin.",
            observed="Jade a recompté la caisse à la fin et a expliqué l'écart trouvé.",
            trainee_words="Je préfère recompter deux fois que me tromper une fois.",
            next_step="Mettre cette matinée dans une trace.",
            competencies=(svc.NoteCompetencyInput("E2C-2A", 3),),
        ),
    )
    for competency_id, level, why in LEVELS:
        cited = [t.id for t in traces if competency_id in _ids(t)]
        row = svc.record_referent_assessment(
            referent,
            jade,
            competency_id=competency_id,
            level=level,
            justification=why,
            trace_ids=cited,
            note_ids=[note.id] if competency_id == "E2C-2A" else [],
        )
        _back_date_assessment(row.id, today - timedelta(days=100))
    internships.create_internship(
        referent,
        jade,
        internships.InternshipInput(
            company_name="Supermarché des Halles",
            tutor_name="Karim Benhamou",
            tutor_email="karim.benhamou@example.fr",
            starts_on=today - timedelta(days=135),
            ends_on=today - timedelta(days=121),
            rome_code="D1507",
            competency_ids=("E2C-7A", "E2C-7B"),
        ),
    )
    db.session.expire_all()  # the dates just set in SQL
    _leave(referent, jade, left_on)


def _leave(referent: User, jade: User, left_on: date) -> None:
    record_exit(
        referent,
        jade,
        ExitInput(
            left_on=left_on,
            outcome="alternance",
            trade="D1507",
            comment="Contrat d'apprentissage de deux ans au Supermarché des Halles.",
        ),
    )
    draft = attestations.prepare(referent, jade)
    attestations.review(jade, draft, agreed=True, comment="")
    final = attestations.finalize(referent, draft)
    given = datetime.combine(left_on, time(10, 0), tzinfo=utcnow().tzinfo)
    final.created_at = given - timedelta(days=2)
    final.reviewed_at = given - timedelta(days=1)
    final.finalized_at = given
    final.number = f"ACA-{given.year}-{final.id:06d}"
    db.session.flush()


def _ids(trace: object) -> set[str]:
    return {c.competency_id for c in getattr(trace, "competencies", [])}


def _back_date_assessment(assessment_id: int, day: date) -> None:
    """Assessments are append-only for the ORM; the demo's story sets their date once, in SQL
    (with their stream's ends)."""
    at = datetime.combine(day, time(15, 0), tzinfo=utcnow().tzinfo)
    back_date_level(db.session.connection(), assessment_id, at)


def _back_date(row: object, day: date) -> None:
    at = datetime.combine(day, time(15, 0), tzinfo=utcnow().tzinfo)
    for name in ("created_at", "updated_at"):
        if hasattr(row, name):
            setattr(row, name, at)
    db.session.flush()
