"""Demo content of the referent's workspace: notes, levels, a bilan with objectives, an internship.

Works whether or not the demo traces were seeded first (a note goes on Léa's first trace when
there is one). Accounts missing from ``users`` are skipped. The caller commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import Role, Site, Trace, User, utcnow
from portfolio.referent import services as svc


def seed(site: Site, users: dict[str, User]) -> None:
    referent = users.get("referente")
    if referent is None or referent.role is not Role.REFERENT or referent.site_id != site.id:
        return
    today = utcnow().date()
    lea, yanis, ines = users.get("lea"), users.get("yanis"), users.get("ines")
    if lea is not None and lea.site_id == site.id:
        _lea(referent, lea, today)
    if yanis is not None and yanis.site_id == site.id:
        _yanis(referent, yanis, today)
    if ines is not None and ines.site_id == site.id:
        svc.create_note(
            referent,
            ines,
            svc.NoteInput(
                observed_on=today - timedelta(days=3),
                situation_kind="collective",
                situation="Préparation du goûter au centre social, avec deux autres stagiaires.",
                observed="Elle a accueilli les familles et présenté le projet sans notes.",
                trainee_words="Au début j'avais peur, après j'ai oublié que je parlais.",
                next_step="Raconter ce moment dans une trace, avec une photo.",
                competencies=(svc.NoteCompetencyInput("E2C-1C", 2),),
            ),
        )
    db.session.flush()


def _lea(referent: User, lea: User, today: date) -> None:
    trace = db.session.scalar(
        select(Trace).where(Trace.trainee_id == lea.id).order_by(Trace.id).limit(1)
    )
    svc.create_note(
        referent,
        lea,
        svc.NoteInput(
            observed_on=trace.happened_on if trace else today - timedelta(days=6),
            situation_kind="workshop",
            situation="Atelier cuisine : préparer le repas de midi pour douze personnes.",
            observed=(
                "Léa a relu la recette, puis a calculé les quantités pour douze. Elle a vérifié "
                "son calcul avec une autre stagiaire."
            ),
            trainee_words="J'ai fait fois trois parce que la recette, c'était pour quatre.",
            next_step="Essayer avec une recette pour six : il faut diviser avant de multiplier.",
            competencies=(
                svc.NoteCompetencyInput("E2C-2C", 2, ("E2C-2C-01",)),
                svc.NoteCompetencyInput("E2C-1C", None),
            ),
        ),
        trace=trace,
    )
    svc.create_note(
        referent,
        lea,
        svc.NoteInput(
            observed_on=today - timedelta(days=4),
            situation_kind="other",
            observed="Léa semble fatiguée le matin. En parler avec elle au prochain bilan.",
            visibility="team",
        ),
    )
    svc.record_referent_assessment(
        referent,
        lea,
        competency_id="E2C-1C",
        level=1,
        justification="Elle parle aux clients quand on l'y invite ; pas encore seule.",
    )
    svc.record_referent_assessment(
        referent,
        lea,
        competency_id="E2C-2C",
        level=2,
        justification="Elle explique comment elle a calculé les quantités.",
    )
    svc.create_review(
        referent,
        lea,
        svc.ReviewInput(
            held_on=today - timedelta(days=2),
            participants=f"{lea.full_name}\n{referent.full_name}",
            trainee_words="Je crois que je parle bien aux clients, mais j'ose pas toujours.",
            summary="On garde l'oral comme priorité : Léa se note plus haut que ce qu'on voit.",
            competency_ids=("E2C-1C",),
            objectives=(
                svc.ObjectiveInput(
                    "Accueillir seule trois clients à la boutique de l'école",
                    today + timedelta(days=14),
                    competency_id="E2C-1C",
                    priority=True,
                ),
                svc.ObjectiveInput(
                    "Choisir deux métiers à découvrir en stage",
                    today + timedelta(days=30),
                    for_project=True,
                ),
            ),
            referent_agrees=True,
        ),
    )


def _yanis(referent: User, yanis: User, today: date) -> None:
    svc.record_referent_assessment(
        referent,
        yanis,
        competency_id="E2C-1A",
        level=3,
        justification="Il trouve seul l'information utile et compare deux sources.",
    )
    internship = internships.create_internship(
        referent,
        yanis,
        internships.InternshipInput(
            company_name="Boulangerie du Marché",
            tutor_name="Marc Lefèvre",
            tutor_email="marc.lefevre@example.fr",
            starts_on=today - timedelta(days=18),
            ends_on=today - timedelta(days=4),
            rome_code="D1106:20560",  # Vendeur / Vendeuse en boulangerie-pâtisserie (not in the 50)
            competency_ids=("E2C-1C", "E2C-7A", "E2C-8C"),
        ),
    )
    internships.create_tutor_link(referent, internship)
