"""Referent workspace services: notes and their history, the referent stream, bilans and
objectives, internships and the tutor's link, the caseload, the gap, the cohort, the export.
Bad input gets a French message and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders_referent import (
    COMP_A,
    COMP_B,
    COMP_C,
    make_internship,
    make_level,
    make_note,
    make_statement,
    make_trace,
    note_input,
    referent_rows,
    team,
)
from sqlalchemy import func, select, update

from builders import make_site, make_user
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    GameStatementStatus,
    Handover,
    NoteCompetency,
    ObjectiveStatus,
    Role,
    TutorLink,
    utcnow,
)
from portfolio.referent import services as svc
from portfolio.referent.services import cohort
from portfolio.services import gaps, summary_cache

# -- notes ------------------------------------------------------------------------------


def test_a_note_keeps_every_version_and_who_wrote_it():
    _site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=referent.site)
    note = make_note(referent, trainee)
    db.session.add(
        Handover(
            from_referent_id=referent.id,
            to_referent_id=colleague.id,
            starts_on=date.today(),
            ends_on=date.today() + timedelta(days=3),
        )
    )
    db.session.commit()
    svc.update_note(colleague, note, note_input(observed="Il a aussi aidé à ranger."), 1)
    db.session.commit()
    assert note.version == 2
    assert note.observed == "Il a aussi aidé à ranger."
    history = svc.revision_contents(note)
    assert [rev.version for rev, _ in history] == [2, 1]
    assert history[1][1]["observed"].startswith("Il a réparti les tâches")
    assert history[0][0].edited_by_id == colleague.id


def test_second_save_from_the_same_version_is_refused_and_keeps_the_first():
    _site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=referent.site, first_name="Karim")
    trainee2 = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    note = make_note(referent, trainee)
    # Both opened the form at version 1; the first save wins.
    svc.update_note(referent, note, note_input(observed="Texte de Claire."), 1)
    db.session.commit()
    with pytest.raises(svc.NoteConflict) as caught:
        svc.update_note(referent, note, note_input(observed="Texte tardif."), 1)
    db.session.rollback()
    assert "Quelqu'un a modifié cette note" in str(caught.value)
    db.session.refresh(note)
    assert note.observed == "Texte de Claire." and note.version == 2
    assert len(note.revisions) == 2
    assert trainee2 and colleague  # the other accounts changed nothing


def test_a_save_racing_past_the_version_check_loses_at_the_update():
    """Even if the in-memory note is stale, the conditional UPDATE refuses the second save."""
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    # Another process saves version 2 behind this session's back.
    db.session.execute(
        update(ExplicitationNote)
        .where(ExplicitationNote.id == note.id)
        .values(version=2, observed="Sauvé par l'autre.")
        .execution_options(synchronize_session=False)
    )
    assert note.version == 1  # this session still believes version 1
    with pytest.raises(svc.NoteConflict):
        svc.update_note(referent, note, note_input(observed="Perdu ?"), 1)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(ExplicitationNote, note.id).observed != "Perdu ?"


# The cases' dates and the bilan's day are read once, when the cases are made: a run that
# crosses midnight would otherwise compare a due date of one day with a bilan of the next.
ON = date.today()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"observed_on": None}, "« Date » doit être une date."),
        ({"observed_on": "2025-01-01"}, "« Date » doit être une date."),
        ({"observed_on": ON + timedelta(days=10)}, "ne peut pas être dans le futur"),
        ({"situation_kind": "fete"}, "Choisissez le type de situation."),
        ({"situation_kind": "trace"}, "depuis la page de la trace"),
        ({"visibility": "public"}, "Choisissez qui peut lire la note."),
        ({"observed": "", "trainee_words": " "}, "Écrivez ce que vous avez observé"),
        ({"observed": 42}, "doit être un texte"),
        ({"observed": "x" * 5001}, "trop long"),
        (
            {"competencies": (svc.NoteCompetencyInput("E2C-99", None),)},
            "n'existe pas dans le référentiel",
        ),
        ({"competencies": (svc.NoteCompetencyInput(COMP_A, 7),)}, "Choisissez un niveau"),
        ({"competencies": (svc.NoteCompetencyInput(COMP_A, "deux"),)}, "Choisissez un niveau"),
        ({"competencies": (svc.NoteCompetencyInput(COMP_A, True),)}, "Choisissez un niveau"),
        (
            {"competencies": (svc.NoteCompetencyInput(COMP_A, 2, ("E2C-2A-01",)),)},
            "ne fait pas partie de la compétence",
        ),
        (
            {"competencies": (svc.NoteCompetencyInput(COMP_A), svc.NoteCompetencyInput(COMP_A))},
            "choisie deux fois",
        ),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_written(changes, message):
    _site, referent, trainee = team()
    before = referent_rows()
    with pytest.raises(svc.ReferentError) as caught:
        svc.create_note(referent, trainee, note_input(**changes))
    db.session.rollback()
    assert message in str(caught.value)
    assert referent_rows() == before


def test_only_a_referent_who_follows_the_trainee_writes_notes():
    _site, referent, trainee = team()
    other_site_referent = make_user(Role.REFERENT)
    same_site_stranger = make_user(Role.REFERENT, site=referent.site)
    for author in (other_site_referent, same_site_stranger, trainee):
        with pytest.raises(svc.ReferentError):
            svc.create_note(author, trainee, note_input())
        db.session.rollback()
    assert referent_rows()["ExplicitationNote"] == 0


def test_a_note_on_another_trainees_trace_is_refused():
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    trace = make_trace(other)
    with pytest.raises(svc.ReferentError, match="pas celle de ce stagiaire"):
        svc.create_note(referent, trainee, note_input(), trace=trace)


def test_deleting_a_trace_keeps_its_notes_as_observations():
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Stand du forum")
    note = make_note(referent, trainee, trace=trace)
    assert note.situation_kind.value == "trace"
    db.session.delete(trace)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(ExplicitationNote, note.id)
    assert kept.trace_id is None and kept.trace_title == "Stand du forum"


def test_the_trainee_answers_a_shared_note_but_not_a_team_note():
    _site, referent, trainee = team()
    shared = make_note(referent, trainee)
    team_note = make_note(referent, trainee, visibility="team")
    reply = svc.reply_to_note(trainee, shared, "  Oui, j'étais fier de moi.  ")
    assert reply.body == "Oui, j'étais fier de moi."
    with pytest.raises(svc.ReferentError, match="ne pouvez pas répondre"):
        svc.reply_to_note(trainee, team_note, "Je veux répondre")
    with pytest.raises(svc.ReferentError, match="obligatoire"):
        svc.reply_to_note(trainee, shared, "   ")
    other = make_user(Role.TRAINEE, site=trainee.site)
    with pytest.raises(svc.ReferentError):
        svc.reply_to_note(other, shared, "Pas ma note")


# -- the referent's stream ---------------------------------------------------------------


def test_referent_levels_are_appended_with_traces_and_notes():
    _site, referent, trainee = team()
    trace = make_trace(trainee)
    note = make_note(referent, trainee)
    first = svc.record_referent_assessment(
        referent,
        trainee,
        competency_id=COMP_A,
        level="2",
        justification="Il explique ce qu'il a fait.",
        trace_ids=[str(trace.id)],
        note_ids=[note.id],
    )
    second = svc.record_referent_assessment(
        referent, trainee, competency_id=COMP_A, level=3, justification="Il analyse."
    )
    db.session.commit()
    stream = svc.assessment_stream(trainee, AssessmentSource.REFERENT, COMP_A)
    assert [a.level for a in stream] == [3, 2]
    assert first.traces == [trace]
    assert svc.notes_of_assessments([first.id, second.id]) == {first.id: [note.id]}
    assert first.author_label == referent.full_name
    # Never overwrites the trainee's own stream.
    assert not svc.assessment_stream(trainee, AssessmentSource.SELF)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": 0}, "Choisissez un niveau de l'échelle : 1 (Je fais)"),
        ({"level": 5}, "4 (Je transfère)"),
        ({"level": -1}, "Choisissez un niveau"),
        ({"level": "3.5"}, "Choisissez un niveau"),
        ({"level": None}, "Choisissez un niveau"),
        ({"level": [2]}, "Choisissez un niveau"),
        ({"competency_id": "E2C-XX"}, "n'existe pas"),
        ({"competency_id": 12}, "n'existe pas"),
        ({"justification": "  "}, "« Justification » est obligatoire."),
        ({"trace_ids": ["abc"]}, "Traces : choix non valable."),
        ({"trace_ids": [999999]}, "n'existe plus"),
        ({"note_ids": [999999]}, "n'existe plus"),
    ],
)
def test_bad_referent_levels_are_refused(fields, message):
    _site, referent, trainee = team()
    values = {"competency_id": COMP_A, "level": 2, "justification": "Vu en atelier."}
    values.update(fields)
    before = referent_rows()
    with pytest.raises(svc.ReferentError) as caught:
        svc.record_referent_assessment(referent, trainee, **values)
    db.session.rollback()
    assert message in str(caught.value)
    assert referent_rows() == before


def test_another_trainees_trace_cannot_support_a_level():
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    foreign = make_trace(other)
    with pytest.raises(svc.ReferentError, match="n'existe plus"):
        svc.record_referent_assessment(
            referent,
            trainee,
            competency_id=COMP_A,
            level=2,
            justification="x",
            trace_ids=[foreign.id],
        )


def test_blind_rating_hides_the_self_level_until_the_referent_rates():
    _site, referent, trainee = team(blind=True)
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_B, 2)
    assert not svc.self_level_visible_to_referent(trainee, COMP_A, "e2c-apc")
    report = gaps.gap_report(trainee, hide_unrated_self=True, whole=True)
    assert report.row(COMP_A).shown_self is None and report.row(COMP_A).self_hidden
    assert all(p.source is not AssessmentSource.SELF for p in report.history.get(COMP_A, ()))
    svc.record_referent_assessment(
        referent, trainee, competency_id=COMP_A, level=2, justification="Vu en atelier."
    )
    db.session.commit()
    assert svc.self_level_visible_to_referent(trainee, COMP_A, "e2c-apc")
    report = gaps.gap_report(trainee, hide_unrated_self=True)
    assert report.row(COMP_A).shown_self.level == 4
    assert report.row(COMP_B).self_hidden  # still not rated by the referent
    # The trainee always sees their own levels.
    assert gaps.gap_report(trainee).row(COMP_B).shown_self.level == 2


# -- the gap -----------------------------------------------------------------------------


def test_gap_shows_each_stream_side_by_side_and_never_averages():
    _site, referent, trainee = team()
    day = utcnow() - timedelta(days=30)
    make_level(trainee, COMP_A, 1, at=day)
    make_level(trainee, COMP_A, 4, at=day + timedelta(days=10))
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_A, 3, source=AssessmentSource.GAME, author=referent)
    make_level(trainee, COMP_A, 3, source=AssessmentSource.TUTOR, author=referent)
    make_level(trainee, COMP_B, 2)
    make_level(trainee, COMP_B, 3, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_C, 3)
    make_level(trainee, COMP_C, 3, source=AssessmentSource.REFERENT, author=referent)
    make_statement(trainee, COMP_A)
    make_statement(trainee, COMP_A, status=GameStatementStatus.CONFIRMED)
    report = gaps.gap_report(trainee, whole=True)
    a = report.row(COMP_A)
    assert (a.shown_self.level, a.referent.level, a.game.level, a.tutor.level) == (4, 2, 3, 3)
    assert a.gap == 2 and a.direction == "over" and a.game_pending == 1
    assert report.row(COMP_B).gap == -1 and report.row(COMP_C).gap == 0
    assert [r.competency.id for r in report.talking_points] == [COMP_A, COMP_B]
    d1 = report.domains[0]
    assert (d1.over, d1.under, d1.same, d1.largest.competency.id) == (1, 1, 0, COMP_A)
    # Progression: every level, oldest first.
    assert [p.level for p in report.history[COMP_A] if p.source is AssessmentSource.SELF] == [1, 4]


def test_gap_levels_keep_their_utc_day_and_exact_time():
    """The history reads each level's time as UTC text (cheap to read in thousands): a level
    given at 23:30 UTC stays on its UTC day, even for a PostgreSQL session in Paris (where it
    is already the next day), and the latest level keeps its time to the microsecond."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    _site, _referent, trainee = team()
    late = datetime(2025, 3, 9, 23, 30, 15, 123456, tzinfo=UTC)
    make_level(trainee, COMP_A, 1, at=datetime(2025, 3, 1, 8, 0, tzinfo=UTC))
    make_level(trainee, COMP_A, 3, at=late)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET TIME ZONE 'Europe/Paris'"))
    report = gaps.gap_report(trainee, whole=True)
    assert [(p.level, p.day) for p in report.history[COMP_A]] == [
        (1, date(2025, 3, 1)),
        (3, date(2025, 3, 9)),
    ]
    assert report.row(COMP_A).self_point.at == late


def test_gap_of_a_trainee_without_levels_is_empty_not_an_error():
    _site, _referent, trainee = team()
    report = gaps.gap_report(trainee)
    assert report.talking_points == ()
    assert all(r.gap is None for d in report.domains for r in d.rows)
    assert len(report.domains) == 9


# -- bilans and objectives ---------------------------------------------------------------


def _review(**changes):
    values = {
        "held_on": ON,
        "participants": "Léa Martin\nClaire Morel",
        "trainee_words": "Je me sens plus à l'aise à l'oral.",
        "summary": "On travaille la prise de parole.",
        "competency_ids": (COMP_A,),
        "objectives": (
            svc.ObjectiveInput(
                "Présenter son projet au groupe",
                ON + timedelta(days=14),
                competency_id=COMP_A,
                priority=True,
            ),
            svc.ObjectiveInput(
                "Trouver un stage en boulangerie",
                ON + timedelta(days=30),
                for_project=True,
            ),
        ),
        "referent_agrees": True,
    }
    values.update(changes)
    return svc.ReviewInput(**values)


def test_a_bilan_records_the_gaps_of_the_day_objectives_and_agreement():
    _site, referent, trainee = team()
    trace = make_trace(trainee)
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    review = svc.create_review(referent, trainee, _review(trace_ids=(str(trace.id),)))
    db.session.commit()
    assert review.traces == [trace]
    assert [(c.competency_id, c.self_level, c.referent_level) for c in review.competencies] == [
        (COMP_A, 4, 2)
    ]
    assert [o.title for o in review.objectives] == [
        "Présenter son projet au groupe",
        "Trouver un stage en boulangerie",
    ]
    assert review.referent_agreed_at is not None and review.trainee_agreed_at is None
    # Later levels do not change what was discussed that day.
    make_level(trainee, COMP_A, 3)
    db.session.expire_all()
    assert review.competencies[0].self_level == 4
    svc.agree_to_review(trainee, review, "Ça me va.")
    db.session.commit()
    assert review.trainee_agreed_at is not None and review.trainee_comment == "Ça me va."
    with pytest.raises(svc.ReferentError, match="déjà donné votre accord"):
        svc.agree_to_review(trainee, review)
    follow = svc.follow_up(trainee)
    assert [o.title for o in follow.priorities] == ["Présenter son projet au groupe"]
    assert follow.discussed[0][0] == COMP_A


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": None}, "« Date du bilan » doit être une date."),
        ({"participants": ""}, "« Participants » est obligatoire."),
        ({"competency_ids": ("nope",)}, "n'existe pas"),
        ({"trace_ids": (987654,)}, "n'existe plus"),
        (
            {"objectives": (svc.ObjectiveInput("", ON, competency_id=COMP_A),)},
            "Objectif 1 : « Objectif » est obligatoire.",
        ),
        (
            {"objectives": (svc.ObjectiveInput("Lire", None, competency_id=COMP_A),)},
            "« Pour le » doit être une date.",
        ),
        (
            {"objectives": (svc.ObjectiveInput("Lire", ON),)},
            "reliez l'objectif à une compétence, ou bien au projet",
        ),
        (
            {
                "objectives": (
                    svc.ObjectiveInput("Lire", ON, competency_id=COMP_A, for_project=True),
                )
            },
            "l'un des deux",
        ),
        (
            {
                "objectives": (
                    svc.ObjectiveInput("Lire", ON - timedelta(days=3), competency_id=COMP_A),
                )
            },
            "après le bilan",
        ),
    ],
)
def test_bad_bilans_are_refused_whole(changes, message):
    _site, referent, trainee = team()
    before = referent_rows()
    with pytest.raises(svc.ReferentError) as caught:
        svc.create_review(referent, trainee, _review(**changes))
    db.session.rollback()
    assert message in str(caught.value)
    assert referent_rows() == before


def test_reaching_or_dropping_an_objective_is_dated_once():
    _site, referent, trainee = team()
    review = svc.create_review(referent, trainee, _review())
    db.session.commit()
    first, second = review.objectives
    svc.close_objective(referent, first, "reached")
    svc.close_objective(referent, second, "dropped")
    db.session.commit()
    assert first.status is ObjectiveStatus.REACHED and first.reached_at is not None
    assert second.status is ObjectiveStatus.DROPPED and second.dropped_at is not None
    with pytest.raises(svc.ReferentError, match="déjà clos"):
        svc.close_objective(referent, first, "dropped")
    with pytest.raises(svc.ReferentError, match="atteint"):
        svc.close_objective(referent, first, "open")
    with pytest.raises(svc.ReferentError, match="atteint"):
        svc.close_objective(referent, first, 3)
    assert svc.follow_up(trainee).open_objectives == []


# -- internships and the tutor's link ------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tutor_email": "pas-un-email"}, "L'email du tuteur n'est pas valable"),
        ({"tutor_name": ""}, "« Nom du tuteur » est obligatoire."),
        ({"company_name": "  "}, "« Entreprise » est obligatoire."),
        ({"rome_code": "boulanger"}, "Ce métier n'existe pas dans la liste"),
        ({"rome_code": "Z1234"}, "Ce métier n'existe pas dans la liste"),
        ({"rome_code": "D1102:11679"}, "Ce métier n'existe pas dans la liste"),  # Cariste: N1101
        ({"rome_code": "D1102:99999"}, "Ce métier n'existe pas dans la liste"),
        ({"rome_code": ""}, "Ce métier n'existe pas dans la liste"),
        ({"starts_on": date.today(), "ends_on": date.today() - timedelta(days=1)}, "après"),
        ({"ends_on": "demain"}, "« Fin du stage » doit être une date."),
        ({"competency_ids": ("E2C-404",)}, "n'existe pas"),
    ],
)
def test_bad_internships_are_refused(changes, message):
    _site, referent, trainee = team()
    before = referent_rows()
    with pytest.raises(svc.ReferentError) as caught:
        make_internship(referent, trainee, **changes)
    db.session.rollback()
    assert message in str(caught.value)
    assert referent_rows() == before


def test_the_tutor_link_is_hashed_single_use_and_makes_a_tutor_stream():
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    assert link.token_hash != token and len(link.token_hash) == 64
    assert token not in str(db.session.execute(select(TutorLink.token_hash)).all())
    created = internships.submit_tutor_assessment(
        token, {COMP_A: "3", COMP_C: ""}, {COMP_A: "Très à l'écoute des clients."}
    )
    db.session.commit()
    assert [(a.source, a.competency_id, a.level) for a in created] == [
        (AssessmentSource.TUTOR, COMP_A, 3)
    ]
    assert created[0].author_label == "Sophie Leroy" and created[0].author_id is None
    assert internship.assessments == created
    with pytest.raises(internships.TutorLinkError) as caught:
        internships.submit_tutor_assessment(token, {COMP_A: "4"})
    assert caught.value.kind == "used" and "déjà servi" in str(caught.value)
    db.session.rollback()
    assert (
        db.session.scalar(
            select(func.count(Assessment.id)).where(Assessment.source == AssessmentSource.TUTOR)
        )
        == 1
    )


def test_expired_replaced_and_unknown_tutor_links_store_nothing():
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    old, old_token = internships.create_tutor_link(referent, internship)
    _new, new_token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    before = referent_rows()
    with pytest.raises(internships.TutorLinkError) as caught:
        internships.submit_tutor_assessment(old_token, {COMP_A: "2"})
    assert caught.value.kind == "revoked"
    db.session.rollback()
    db.session.execute(update(TutorLink).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    with pytest.raises(internships.TutorLinkError) as caught:
        internships.submit_tutor_assessment(new_token, {COMP_A: "2"})
    assert caught.value.kind == "expired" and "n'est plus valable" in str(caught.value)
    db.session.rollback()
    for bad in ("x" * 43, "", None, 12, "a" * 500):
        with pytest.raises(internships.TutorLinkError) as caught:
            internships.submit_tutor_assessment(bad, {COMP_A: "2"})
        assert caught.value.kind == "unknown"
    assert referent_rows() == before
    assert old.used_at is None


def test_a_tutor_level_outside_the_scale_keeps_the_link_usable():
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    for levels, message in (
        ({COMP_A: "9"}, "Choisissez un niveau de l'échelle"),
        ({COMP_A: "0"}, "Choisissez un niveau"),
        ({COMP_A: ""}, "au moins une compétence"),
        ({"E2C-9Z": "2"}, "au moins une compétence"),  # not asked: ignored
    ):
        with pytest.raises(svc.ReferentError) as caught:
            internships.submit_tutor_assessment(token, levels)
        db.session.rollback()
        assert message in str(caught.value)
    assert internships.find_tutor_link(token).used_at is None
    assert len(internships.submit_tutor_assessment(token, {COMP_A: 4})) == 1


# -- the caseload ------------------------------------------------------------------------


def test_caseload_counts_what_is_new_since_the_last_visit():
    site, referent, trainee = team()
    quiet = make_user(Role.TRAINEE, site=site, referent=referent, last_name="Zola")
    make_trace(trainee, created_at=utcnow() - timedelta(days=3))
    svc.mark_visited(referent, trainee)
    db.session.commit()
    make_trace(trainee)
    make_trace(trainee)
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 1, source=AssessmentSource.REFERENT, author=referent)
    make_statement(trainee)
    rows = {r.trainee.id: r for r in svc.caseload(referent)}
    row = rows[trainee.id]
    # Two traces and the game trace since the visit; the older trace is not new.
    assert (row.new_traces, row.new_self_assessments, row.pending_game) == (3, 1, 1)
    assert row.largest_gap.competency.id == COMP_A and row.largest_gap.gap == 3
    assert row.days_since_review is None and row.needs_attention
    assert rows[quiet.id].new_traces == 0 and rows[quiet.id].largest_gap is None
    svc.create_review(referent, trainee, _review(held_on=date.today() - timedelta(days=5)))
    svc.mark_visited(referent, trainee)
    db.session.commit()
    row = {r.trainee.id: r for r in svc.caseload(referent)}[trainee.id]
    assert row.new_traces == 0 and row.new_self_assessments == 0 and row.days_since_review == 5


def test_caseload_sorts_and_filters():
    site, referent, a = team()
    b = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Bob", last_name="Abel")
    make_trace(a)
    svc.mark_visited(referent, b)
    svc.create_review(referent, b, _review())
    db.session.commit()
    rows = svc.caseload(referent)
    assert svc.sort_and_filter(rows, sort="nom")[0].trainee.id == b.id
    assert [r.trainee.id for r in svc.sort_and_filter(rows, show="nouveau")] == [a.id]
    assert [r.trainee.id for r in svc.sort_and_filter(rows, show="bilan")] == [a.id]
    assert [r.trainee.id for r in svc.sort_and_filter(rows, query="abel")] == [b.id]
    assert svc.sort_and_filter(rows, sort="attention")[0].trainee.id == a.id
    assert len(svc.sort_and_filter(rows, sort="n'importe", show="quoi")) == 2


def test_covering_referent_sees_the_colleagues_trainees_only_during_the_handover():
    site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=site, first_name="Karim", last_name="Bensaïd")
    db.session.add(
        Handover(
            from_referent_id=referent.id,
            to_referent_id=colleague.id,
            starts_on=date.today() - timedelta(days=1),
            ends_on=date.today() + timedelta(days=1),
        )
    )
    db.session.commit()
    rows = svc.caseload(colleague)
    assert [(r.trainee.id, r.covered_for) for r in rows] == [(trainee.id, referent.full_name)]
    assert svc.caseload(colleague, today=date.today() + timedelta(days=2)) == []


# -- cohort --------------------------------------------------------------------------------


def test_cohort_counts_calibration_and_finds_inactive_trainees():
    site, referent, a = team()
    b = make_user(Role.TRAINEE, site=site, referent=referent)
    c = make_user(Role.TRAINEE, site=site, referent=referent)
    for trainee, mine in ((a, 4), (b, 3), (c, 1)):
        make_level(trainee, COMP_A, mine)
        make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    make_trace(a)
    old = utcnow() - timedelta(days=40)
    for trainee in (b, c):
        trainee.created_at = old
    summary_cache.touch(db.session(), [b.id, c.id])  # a bulk update of their assessments
    db.session.execute(
        update(Assessment).where(Assessment.trainee_id.in_([b.id, c.id])).values(created_at=old)
    )
    db.session.commit()
    result = cohort.cohort(cohort.trainees_of_referent(referent))
    row = next(r for r in result.calibration if r.competency.id == COMP_A)
    assert (row.over, row.under, row.same, row.tendency) == (2, 1, 0, "over")
    assert {x.trainee.id for x in result.inactive} == {b.id, c.id}
    assert next(x for x in result.activity if x.trainee.id == a.id).traces == 1
    assert cohort.cohort(cohort.trainees_of_site(make_site())).size == 0


# -- the export ----------------------------------------------------------------------------


def test_export_holds_everything_about_the_trainee_team_notes_included():
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Forum des métiers")
    make_note(referent, trainee, visibility="team", observed="Note pour l'équipe.")
    shared = make_note(referent, trainee, trace=trace)
    svc.reply_to_note(trainee, shared, "Merci !")
    svc.update_note(referent, shared, note_input(observed="Version deux."), 1)
    svc.create_review(referent, trainee, _review())
    make_internship(referent, trainee)
    make_level(trainee, COMP_A, 3)
    make_statement(trainee)
    svc.mark_visited(referent, trainee)
    db.session.commit()
    data = svc.trainee_export(trainee)
    assert data["person"]["login"] == trainee.login
    assert {n["visibility"] for n in data["notes"]} == {"team", "shared"}
    team_note = next(n for n in data["notes"] if n["visibility"] == "team")
    assert team_note["observed"] == "Note pour l'équipe." and team_note["author"]
    shared_data = next(n for n in data["notes"] if n["visibility"] == "shared")
    assert [h["version"] for h in shared_data["history"]] == [1, 2]
    assert shared_data["replies"][0]["body"] == "Merci !"
    assert len(data["objectives"]) == 2 and len(data["reviews"]) == 1
    assert data["internships"][0]["tutor_name"] == "Sophie Leroy"
    assert "token" not in str(data["internships"][0]["tutor_links"])
    assert data["traces"][0]["title"] == "Forum des métiers"
    assert len(data["game_statements"]) == 1 and data["referent_visits"][0]["referent"]
    assert data["assessments"][0]["source"] == "self"


def test_note_competencies_are_replaced_on_edit():
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    svc.update_note(
        referent,
        note,
        note_input(competencies=(svc.NoteCompetencyInput(COMP_C, None),)),
        note.version,
    )
    db.session.commit()
    rows = db.session.scalars(select(NoteCompetency).where(NoteCompetency.note_id == note.id))
    assert [(r.competency_id, r.level) for r in rows] == [(COMP_C, None)]


def test_demo_seed_adds_notes_a_bilan_with_objectives_and_an_internship():
    from portfolio.demo.referent import seed

    site, referent, lea = team()
    yanis = make_user(Role.TRAINEE, site=site, referent=referent)
    ines = make_user(Role.TRAINEE, site=site, referent=referent)
    make_trace(lea, title="Repas du midi")
    seed(site, {"referente": referent, "lea": lea, "yanis": yanis, "ines": ines})
    db.session.commit()
    notes = svc.notes_of(lea)
    assert {n.visibility.value for n in notes} == {"shared", "team"}
    assert any(n.trace_title == "Repas du midi" for n in notes)
    review = svc.reviews_of(lea)[0]
    assert len(review.objectives) == 2 and review.referent_agreed_at is not None
    assert internships.internships_of(yanis)[0].links
    assert svc.notes_of(ines)
    seed(site, {"lea": lea})  # no referent given: nothing happens, nothing fails


def test_caseload_gap_follows_every_new_level_even_when_cached():
    _site, referent, trainee = team()
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 1, source=AssessmentSource.REFERENT, author=referent)
    first = svc.caseload(referent)[0].largest_gap
    assert (first.competency.id, first.gap) == (COMP_A, 3)
    assert svc.caseload(referent)[0].largest_gap == first  # served again, same answer
    make_level(trainee, COMP_A, 4, source=AssessmentSource.REFERENT, author=referent)
    assert svc.caseload(referent)[0].largest_gap is None  # now level: no gap
    make_level(trainee, COMP_B, 1)
    make_level(trainee, COMP_B, 3, source=AssessmentSource.REFERENT, author=referent)
    again = svc.caseload(referent)[0].largest_gap
    assert (again.competency.id, again.gap) == (COMP_B, -2)
