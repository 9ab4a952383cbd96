"""Self-assessment: append-only levels with history, the page, and bad input."""

from __future__ import annotations

import pytest
from builders_traces import COMP_A, COMP_B, counts, make_trace, retire, visible_text
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, Role
from portfolio.services import assessments
from portfolio.services.assessments import AssessmentError


def test_levels_are_appended_with_date_author_comment_and_traces():
    trainee = make_user(Role.TRAINEE, first_name="Yanis", last_name="Haddad")
    trace = make_trace(trainee)
    first = assessments.record_self_assessment(trainee, COMP_A, 1, "Avec de l'aide.", [trace.id])
    second = assessments.record_self_assessment(trainee, COMP_A, 3, "  Seul.  ")
    db.session.commit()
    entries = assessments.history(trainee, COMP_A)
    assert [a.id for a in entries] == [second.id, first.id]  # newest first
    assert [a.level for a in entries] == [3, 1]
    assert entries[0].comment == "Seul."
    assert [t.id for t in entries[1].traces] == [trace.id]
    for entry in entries:
        assert entry.source is AssessmentSource.SELF
        assert entry.author_id == trainee.id
        assert entry.author_label == "Yanis Haddad"
        assert entry.created_at.tzinfo is not None
        assert entry.framework_id == "e2c-apc"
        assert entry.framework_version == "2018.1"
    assert assessments.latest_levels(trainee)[COMP_A].level == 3
    assert assessments.level_label(3) == "J'analyse"


def test_rows_are_never_updated():
    trainee = make_user(Role.TRAINEE)
    row = assessments.record_self_assessment(trainee, COMP_A, 2)
    db.session.commit()
    row.level = 4
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(Assessment.level)) == 2


@pytest.mark.parametrize(
    ("competency", "level", "comment", "message", "field"),
    [
        (COMP_A, 0, "", "Choisissez un niveau entre 1 et 4.", "level"),
        (COMP_A, 5, "", "Choisissez un niveau entre 1 et 4.", "level"),
        (COMP_A, -1, "", "Choisissez un niveau entre 1 et 4.", "level"),
        (COMP_A, "3", "", "Choisissez un niveau entre 1 et 4.", "level"),
        (COMP_A, True, "", "Choisissez un niveau entre 1 et 4.", "level"),
        (COMP_A, 2.0, "", "Choisissez un niveau entre 1 et 4.", "level"),
        (
            "E2C-99Z",
            2,
            "",
            "La compétence « E2C-99Z » n'existe pas dans le référentiel.",
            "competency",
        ),
        ("E2C-D1", 2, "", "n'existe pas", "competency"),
        (None, 2, "", "n'existe pas", "competency"),
        (COMP_A, 2, "x" * 2001, "Le commentaire est trop long", "comment"),
        (COMP_A, 2, 42, "Le commentaire n'est pas valide.", "comment"),
    ],
)
def test_bad_values_are_refused_in_french_and_nothing_is_written(
    competency, level, comment, message, field
):
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(AssessmentError) as caught:
        assessments.record_self_assessment(trainee, competency, level, comment)
    assert message in str(caught.value)
    assert caught.value.field == field
    db.session.rollback()
    assert counts()["Assessment"] == 0


def test_a_retired_competency_cannot_be_assessed(monkeypatch):
    trainee = make_user(Role.TRAINEE)
    retire(monkeypatch, COMP_B)
    with pytest.raises(AssessmentError) as caught:
        assessments.record_self_assessment(trainee, COMP_B, 2)
    assert "n'est plus utilisée" in str(caught.value)


@pytest.mark.parametrize("bad", [["1"], "12", [True], [0], [2**40], [None]])
def test_trace_ids_of_the_wrong_type_are_refused(bad):
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(AssessmentError) as caught:
        assessments.record_self_assessment(trainee, COMP_A, 2, "", bad)
    assert caught.value.field == "traces"


def test_another_trainees_trace_cannot_support_my_level():
    me = make_user(Role.TRAINEE)
    other = make_user(Role.TRAINEE, site=me.site)
    mine = make_trace(me)
    theirs = make_trace(other)
    with pytest.raises(AssessmentError) as caught:
        assessments.record_self_assessment(me, COMP_A, 2, "", [mine.id, theirs.id])
    assert str(caught.value) == "Une des traces choisies n'existe pas dans votre portfolio."
    db.session.rollback()
    assert counts()["Assessment"] == 0


def test_too_many_traces_are_refused():
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(AssessmentError):
        assessments.record_self_assessment(trainee, COMP_A, 2, "", list(range(1, 30)))


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMIN, Role.COMPANY])
def test_no_other_role_can_write_the_self_stream(role):
    someone = make_user(role)
    with pytest.raises(AssessmentError) as caught:
        assessments.record_self_assessment(someone, COMP_A, 2)
    assert str(caught.value) == "Seul le stagiaire peut faire son auto-évaluation."
    db.session.rollback()
    assert counts()["Assessment"] == 0


def test_other_streams_never_change_the_self_levels():
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    mine = assessments.record_self_assessment(trainee, COMP_A, 1)
    # A referent's level (written by the referent's own service) goes to its own stream.
    db.session.add(
        Assessment(
            trainee_id=trainee.id,
            source=AssessmentSource.REFERENT,
            author_id=referent.id,
            framework_id="e2c-apc",
            framework_version="2018.1",
            competency_id=COMP_A,
            level=4,
        )
    )
    db.session.commit()
    assert assessments.latest_levels(trainee)[COMP_A].id == mine.id
    assert assessments.latest_levels(trainee, AssessmentSource.REFERENT)[COMP_A].level == 4
    assert [a.level for a in assessments.history(trainee, COMP_A)] == [1]
    assert sorted(a.level for a in assessments.history(trainee, COMP_A, None)) == [1, 4]


def test_deleting_a_trace_keeps_the_assessment_that_cited_it():
    from portfolio.trainee import services as traces

    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    assessments.record_self_assessment(trainee, COMP_A, 2, "", [trace.id])
    db.session.commit()
    traces.delete_trace(trainee, trace)
    db.session.commit()
    (entry,) = assessments.history(trainee, COMP_A)
    assert entry.level == 2
    assert entry.traces == []


# --------------------------------------------------------------------------- page


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Inès", last_name="Diallo")
    login(client, user)
    return user


def test_the_page_shows_the_scale_in_plain_words_and_the_indicators(client, trainee):
    text = visible_text(client.get(f"/portfolio/competences/{COMP_A}"))
    # The everyday words first, the official wording one tap away; no code, no "palier".
    assert "Comprendre ce qu'on lit et entend Communiquer (à l'oral et à l'écrit)" in text
    assert "Le texte officiel et des exemples Traiter des informations orales ou écrites" in text
    for words in ("Je fais Je réalise la tâche", "J'explique Je dis", "J'analyse", "Je transfère"):
        assert words in text
    assert "1 · Je fais" not in text and "1a" not in text.split() and "D1" not in text.split()
    assert "Non évaluée" not in text and "palier" not in text.lower()
    assert "Identifier les propos tenus dans un dialogue, une interaction" in text
    assert "Vous ne vous êtes pas encore situé(e) sur cette compétence." in text


def test_recording_a_level_through_the_page_shows_it_in_the_history(client, trainee):
    trace = make_trace(trainee, title="Débat en classe")
    other = make_trace(trainee, title="Autre", competencies=(COMP_B,))
    page = client.get(f"/portfolio/competences/{COMP_A}").get_data(as_text=True)
    # Traces showing the competency come first.
    assert page.index("Débat en classe") < page.index("Autre")
    response = client.post(
        f"/portfolio/competences/{COMP_A}",
        data={"level": "2", "comment": "J'ai pris la parole.", "traces": [str(trace.id)]},
    )
    assert response.status_code == 302
    text = visible_text(client.get(response.headers["Location"]))
    assert "Votre niveau est enregistré." in text
    history = text.split("Mon historique")[1]
    assert "J'explique" in history
    assert "J'ai pris la parole." in history
    assert "Inès Diallo" in history
    assert "Débat en classe" in history and "Autre" not in history
    assert other.id != trace.id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choisissez un niveau entre 1 et 4."),
        ({"level": "0"}, "Choisissez un niveau entre 1 et 4."),
        ({"level": "7"}, "Choisissez un niveau entre 1 et 4."),
        ({"level": "deux"}, "Choisissez un niveau entre 1 et 4."),
        ({"level": "-3"}, "Choisissez un niveau entre 1 et 4."),
        ({"level": "2", "traces": ["abc"]}, "Les traces choisies ne sont pas valides."),
        ({"level": "2", "traces": ["99999999999999"]}, "Les traces choisies ne sont pas valides."),
        ({"level": "2", "comment": "x" * 2001}, "Le commentaire est trop long"),
    ],
)
def test_bad_input_on_the_page_is_refused(client, trainee, data, message):
    response = client.post(f"/portfolio/competences/{COMP_A}", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert counts()["Assessment"] == 0


def test_another_trainees_trace_id_through_the_page_is_refused(client, trainee):
    theirs = make_trace(make_user(Role.TRAINEE, site=trainee.site))
    response = client.post(
        f"/portfolio/competences/{COMP_A}", data={"level": "3", "traces": [str(theirs.id)]}
    )
    assert response.status_code == 422
    assert "Une des traces choisies n'existe pas dans votre portfolio." in page_text(response)
    assert counts()["Assessment"] == 0


def test_referent_cannot_post_a_self_assessment_for_a_trainee(client):
    referent = make_user(Role.REFERENT)
    make_user(Role.TRAINEE, site=referent.site, referent=referent)
    login(client, referent)
    response = client.post(f"/portfolio/competences/{COMP_A}", data={"level": "4"})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_competencies_page_searches_and_shows_my_levels(client, trainee):
    assessments.record_self_assessment(trainee, COMP_A, 4)
    db.session.commit()
    text = visible_text(client.get("/portfolio/competences"))
    assert "Traiter des informations orales ou écrites ●●●● Je transfère" in text
    found = visible_text(client.get("/portfolio/competences?q=collectif"))
    assert "4 compétences trouvées." in found
    assert "Apporter sa contribution au collectif" in found
    assert "Traiter des informations orales" not in found
    none = visible_text(client.get("/portfolio/competences?q=<zzz>"))
    assert "Aucune compétence ne contient « <zzz> »." in none


def test_an_english_reader_sees_the_framework_in_english(client, trainee):
    client.post("/langue", data={"lang": "en", "next": "/"})
    text = visible_text(client.get(f"/portfolio/competences/{COMP_A}"))
    assert "Understand what I read and hear" in text
    assert "The official wording and examples Process spoken or written information" in text
    assert "Identify what is said in a dialogue, an interaction" in text
    assert "I do I carry out the task, with help if needed." in text
    assert "Traiter des informations" not in text and "Je fais" not in text


def test_the_trace_form_offers_everyday_words_without_codes(client, trainee):
    text = visible_text(client.get("/portfolio/traces/nouvelle"))
    assert "Parler avec les autres" in text and "Compter et mesurer" in text
    assert "Le texte officiel et des exemples Échanger oralement avec autrui" in text
    assert not {"1a", "1c", "D1", "E2C-1A"} & set(text.split())
