"""Referent pages and the trainee's follow-up pages, as a person uses them, bad input included."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import unescape

from builders_referent import (
    COMP_A,
    COMP_B,
    COMP_C,
    make_internship,
    make_level,
    make_note,
    make_statement,
    make_trace,
    referent_rows,
    team,
)
from builders_traces import jpeg_bytes
from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select, update

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    Handover,
    Internship,
    Objective,
    ObjectiveStatus,
    Review,
    Role,
    TutorLink,
    utcnow,
)
from portfolio.referent import services as svc
from portfolio.trainee import services as traces


def _note_form(**changes):
    data = {
        "observed_on": date.today().isoformat(),
        "situation_kind": "workshop",
        "situation": "Atelier cuisine",
        "observed": "Il a réparti les tâches.",
        "trainee_words": "J'ai dit qui fait quoi.",
        "next_step": "En faire une trace.",
        "visibility": "shared",
        "competencies-0-competency_id": COMP_A,
        "competencies-0-level": "2",
        "competencies-0-indicator_ids": ["E2C-1A-01", "E2C-1A-03"],
    }
    data.update(changes)
    return data


# -- caseload ------------------------------------------------------------------------------


def test_caseload_lists_trainees_with_what_needs_attention(client):
    site, referent, trainee = team()
    calm = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Zoé", last_name="Roux")
    make_trace(trainee)
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 1, source=AssessmentSource.REFERENT, author=referent)
    make_statement(trainee)
    svc.mark_visited(referent, calm)
    db.session.commit()
    login(client, referent)
    text = page_text(client.get("/referent/stagiaires"))
    assert trainee.full_name in text and calm.full_name in text
    html = client.get("/referent/stagiaires").get_data(as_text=True)
    row = html.split(trainee.full_name)[1].split("</tr>")[0]
    assert 'data-label="Nouvelles traces">2</td>' in row  # the game trace counts too
    assert 'data-label="Nouvelles auto-évaluations">1</td>' in unescape(row)
    assert ">1</a>" in row.split('data-label="Jeu à confirmer"')[1]  # links to the game page
    assert "stagiaire 4, référent 1" in text and "(+3)" in text
    assert "jamais" in text and "À regarder" in text
    only_new = page_text(client.get("/referent/stagiaires?voir=nouveau"))
    assert trainee.full_name in only_new and calm.full_name not in only_new
    by_name = page_text(client.get("/referent/stagiaires?tri=nom&q=roux"))
    assert calm.full_name in by_name and trainee.full_name not in by_name
    # Unknown sort and filter values fall back to the defaults instead of failing.
    assert client.get("/referent/stagiaires?tri=%00&voir=<x>").status_code == 200


def _covers_today(colleague, referent) -> None:
    db.session.add(
        Handover(
            from_referent_id=referent.id,
            to_referent_id=colleague.id,
            starts_on=date.today(),
            ends_on=date.today(),
        )
    )


def test_caseload_of_a_covering_referent_says_whose_trainee_it_is(client):
    site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=site)
    _covers_today(colleague, referent)
    db.session.commit()
    login(client, colleague)
    text = page_text(client.get("/referent/stagiaires"))
    assert trainee.full_name in text and f"Remplacement de {referent.full_name}" in text


def test_caseload_rows_escape_what_people_typed(client):
    site, referent, trainee = team()
    trainee.first_name, trainee.last_name = "<b>Zoé</b>", '"><script>x()</script>'
    colleague = make_user(Role.REFERENT, site=site)
    referent.last_name = "<i>Roux</i>"
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 1, source=AssessmentSource.REFERENT, author=referent)
    _covers_today(colleague, referent)
    db.session.commit()
    login(client, colleague)
    html = client.get("/referent/stagiaires").get_data(as_text=True)
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "<script>" not in html and "<b>" not in row and "<i>" not in row
    assert "&lt;b&gt;Zoé&lt;/b&gt; &#34;&gt;&lt;script&gt;" in row
    assert "Remplacement de" in row and "&lt;i&gt;Roux&lt;/i&gt;" in row
    # The name leads to the file, the gap to the gap page; the badges stay apart.
    assert f'<a href="/referent/stagiaires/{trainee.id}">' in row
    assert f'<a href="/referent/stagiaires/{trainee.id}/ecart">' in row
    assert re.search(r"</span>\s+<br><span class=\"muted\">Remplacement", row)


def test_trainee_file_marks_what_is_new_since_the_last_visit(client):
    _site, referent, trainee = team()
    make_trace(trainee, title="Vieille trace", created_at=utcnow() - timedelta(days=5))
    login(client, referent)
    first = page_text(client.get(f"/referent/stagiaires/{trainee.id}"))
    assert "Première visite de ce dossier." in first
    make_trace(trainee, title="Trace toute neuve")
    html = client.get(f"/referent/stagiaires/{trainee.id}").get_data(as_text=True)
    assert re.search(
        r"Trace toute neuve</a>\s*<span class=\"ref-badge ref-badge-new\">Nouveau", html
    )
    assert not re.search(r"Vieille trace</a>\s*<span class=\"ref-badge ref-badge-new\">", html)
    assert "Votre dernière visite" in page_text(client.get(f"/referent/stagiaires/{trainee.id}"))


def test_another_sites_trainee_and_unknown_ids_answer_404(client):
    _site, referent, _trainee = team()
    _other_site, _other_referent, stranger = team()
    trace = make_trace(stranger)
    login(client, referent)
    for url in (
        f"/referent/stagiaires/{stranger.id}",
        f"/referent/stagiaires/{stranger.id}/ecart",
        f"/referent/stagiaires/{stranger.id}/traces/{trace.id}",
        f"/referent/stagiaires/{stranger.id}/notes/nouvelle",
        "/referent/stagiaires/99999999999",
        f"/referent/stagiaires/{_trainee.id}/traces/{trace.id}",
        f"/referent/stagiaires/{_trainee.id}/notes/nouvelle?trace={trace.id}",
        f"/referent/stagiaires/{_trainee.id}/notes/nouvelle?trace=abc",
        f"/referent/stagiaires/{_trainee.id}/evaluer?competence=E2C-404",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/referent/stagiaires/{stranger.id}/notes/nouvelle", data=_note_form())
    assert response.status_code == 404
    assert referent_rows()["ExplicitationNote"] == 0


# -- notes ---------------------------------------------------------------------------------


def test_referent_writes_a_note_on_a_trace(client):
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Forum des métiers", competencies=(COMP_B,))
    login(client, referent)
    form = client.get(f"/referent/stagiaires/{trainee.id}/notes/nouvelle?trace={trace.id}")
    assert "Forum des métiers" in page_text(form)
    assert f'<option value="{COMP_B}" selected>' in form.get_data(as_text=True)
    response = client.post(
        f"/referent/stagiaires/{trainee.id}/notes/nouvelle?trace={trace.id}",
        data=_note_form(situation_kind="fete"),  # ignored: a note on a trace is about the trace
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Note enregistrée." in text and "J'ai dit qui fait quoi." in text
    assert "Identifier les propos tenus dans un dialogue" in text  # indicator label shown
    note = db.session.scalar(select(ExplicitationNote))
    assert note.trace_id == trace.id and note.competencies[0].level == 2
    trace_page = page_text(client.get(f"/referent/stagiaires/{trainee.id}/traces/{trace.id}"))
    assert "Sur une trace" in trace_page


def test_referent_sees_the_trace_photos_named_by_caption_or_trace(client):
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Forum des métiers", competencies=(COMP_B,))
    traces.add_photo(trainee, trace, jpeg_bytes(seed=1), "Le stand")
    traces.add_photo(trainee, trace, jpeg_bytes(seed=2), "")
    db.session.commit()
    login(client, referent)
    html = client.get(f"/referent/stagiaires/{trainee.id}/traces/{trace.id}").get_data(as_text=True)
    assert re.findall(r'<img src="[^"]+/miniature" alt="([^"]*)"', html) == [
        "Le stand",
        "Photo : Forum des métiers",
    ]


def test_a_note_on_a_deleted_trace_answers_404_and_stores_nothing(client):
    _site, referent, trainee = team()
    trace = make_trace(trainee)
    trace_id = trace.id
    login(client, referent)
    assert (
        client.get(f"/referent/stagiaires/{trainee.id}/notes/nouvelle?trace={trace_id}").status_code
        == 200
    )
    db.session.delete(trace)
    db.session.commit()
    url = f"/referent/stagiaires/{trainee.id}/notes/nouvelle?trace={trace_id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data=_note_form()).status_code == 404
    assert client.get(f"/referent/stagiaires/{trainee.id}/traces/{trace_id}").status_code == 404
    assert referent_rows()["ExplicitationNote"] == 0


def test_bad_note_forms_get_a_clear_message_and_store_nothing(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/notes/nouvelle"
    cases = [
        (_note_form(observed_on="31/02/2025"), "N'est pas une date valide."),
        (_note_form(observed_on=""), "La date est obligatoire."),
        (_note_form(**{"competencies-0-level": "9"}), "Choisissez un niveau de l'échelle"),
        (
            _note_form(**{"competencies-0-competency_id": "E2C-1Z"}),
            "n'existe pas dans le référentiel",
        ),
        (
            _note_form(**{"competencies-0-indicator_ids": ["E2C-9A-01"]}),
            "ne fait pas partie de la compétence",
        ),
        (_note_form(observed="", trainee_words=""), "Écrivez ce que vous avez observé"),
        (_note_form(visibility="tout-le-monde"), "Choisissez qui peut lire la note."),
    ]
    for data, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == 200
        assert message in page_text(response), message
    assert referent_rows()["ExplicitationNote"] == 0


def test_two_referents_editing_the_same_note_lose_nothing(client, app):
    site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=site, first_name="Karim", last_name="Bensaïd")
    _covers_today(colleague, referent)
    db.session.commit()
    note = make_note(referent, trainee)
    url = f"/referent/stagiaires/{trainee.id}/notes/{note.id}/modifier"
    other = app.test_client()
    login(client, referent)
    login(other, colleague)
    # Both open the form: it carries version 1.
    for c in (client, other):
        assert 'name="version" type="hidden" value="1"' in c.get(url).get_data(as_text=True)
    first = client.post(
        url,
        data=_note_form(observed="Claire : il a mené l'équipe.", version="1"),
        follow_redirects=True,
    )
    assert "Note modifiée." in page_text(first)
    second = other.post(url, data=_note_form(observed="Karim : il a aidé.", version="1"))
    text = page_text(second)
    assert second.status_code == 200
    assert "Quelqu'un a modifié cette note pendant que vous l'écriviez." in text
    assert "Claire : il a mené l'équipe." in text  # the other's text is shown
    assert "Karim : il a aidé." in text  # and this referent's text is still in the form
    assert 'name="version" type="hidden" value="2"' in second.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(ExplicitationNote, note.id)
    assert saved.observed == "Claire : il a mené l'équipe." and saved.version == 2
    # Having read it, Karim saves on top of version 2: both versions stay in the history.
    third = other.post(
        url,
        data=_note_form(observed="Claire et Karim : il a mené l'équipe.", version="2"),
        follow_redirects=True,
    )
    assert "Note modifiée." in page_text(third)
    history = page_text(client.get(f"/referent/stagiaires/{trainee.id}/notes/{note.id}"))
    assert "Version 3" in history and "Version 2" in history and "Version 1" in history
    # A tampered version is a conflict too, never a silent overwrite.
    bad = client.post(url, data=_note_form(observed="??", version="abc"))
    assert "choix non valable" in page_text(bad)
    db.session.expire_all()
    assert db.session.get(ExplicitationNote, note.id).version == 3


# -- the referent's assessment -------------------------------------------------------------


def test_referent_assesses_with_a_justification_traces_and_notes(client):
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Stand du forum", competencies=(COMP_A,))
    note = make_note(referent, trainee)
    make_level(trainee, COMP_A, 3)
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}"
    page = page_text(client.get(url))
    assert "Stand du forum" in page and "3 · J'analyse" in page
    response = client.post(
        url,
        data={
            "competency_id": COMP_A,
            "level": "2",
            "justification": "Il explique bien, il n'analyse pas encore.",
            "trace_ids": [str(trace.id)],
            "note_ids": [str(note.id)],
        },
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Niveau enregistré." in text and "Il explique bien" in text and "1 note reliée" in text
    saved = db.session.scalar(
        select(Assessment).where(Assessment.source == AssessmentSource.REFERENT)
    )
    assert saved.level == 2 and saved.traces[0].id == trace.id


def test_a_level_outside_the_scale_gets_a_clear_error(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}"
    for level in ("5", "0", "-1", "deux", "", "2.5"):
        response = client.post(
            url, data={"competency_id": COMP_A, "level": level, "justification": "Vu."}
        )
        assert (
            "Choisissez un niveau de l'échelle : 1 (Je fais), 2 (J'explique), 3 (J'analyse) ou 4 (Je transfère)."
            in page_text(response)
        ), level
    response = client.post(
        url, data={"competency_id": "E2C-404", "level": "2", "justification": "x"}
    )
    assert "Cette compétence n'existe pas dans le référentiel." in page_text(response)
    assert referent_rows()["Assessment"] == 0


def test_blind_rating_shows_the_self_level_only_after_rating(client):
    _site, referent, trainee = team(blind=True)
    make_level(trainee, COMP_A, 4)
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}"
    before = page_text(client.get(url))
    assert "ce niveau s'affichera après votre évaluation" in before
    assert "4 · Je transfère" not in before.split("Votre niveau")[0]
    gap_before = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart"))
    assert "masqué jusqu'à votre évaluation" in gap_before
    assert "Je transfère)" not in gap_before  # no self level in the chart's words or table
    client.post(url, data={"competency_id": COMP_A, "level": "2", "justification": "Vu."})
    after = page_text(client.get(url))
    assert "s'affichera après" not in after
    assert "4 · Je transfère" in after.split("Votre niveau")[0]
    assert "Stagiaire 4 (Je transfère)" in page_text(
        client.get(f"/referent/stagiaires/{trainee.id}/ecart")
    )


def test_without_blind_rating_the_self_level_shows_first(client):
    _site, referent, trainee = team()
    make_level(trainee, COMP_A, 4)
    login(client, referent)
    page = page_text(client.get(f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}"))
    assert "4 · Je transfère" in page.split("Votre niveau")[0]


# (the gap page: test_gap_page.py)


# -- bilans and objectives -----------------------------------------------------------------


def test_referent_records_a_bilan_and_the_trainee_agrees(client, app):
    _site, referent, trainee = team()
    trace = make_trace(trainee, title="Stage boulangerie")
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/bilans/nouveau"
    form = client.get(url).get_data(as_text=True)
    assert f'value="{COMP_A}" checked' in form  # largest gaps are pre-checked
    due = (date.today() + timedelta(days=14)).isoformat()
    response = client.post(
        url,
        data={
            "held_on": date.today().isoformat(),
            "participants": "Léa\nClaire",
            "competency_ids": [COMP_A],
            "trace_ids": [str(trace.id)],
            "trainee_words": "Je parle plus facilement.",
            "summary": "On travaille l'oral.",
            "objectives-0-title": "Présenter son projet",
            "objectives-0-target": COMP_A,
            "objectives-0-due_on": due,
            "objectives-0-priority": "y",
            "objectives-1-title": "Chercher un stage",
            "objectives-1-target": "projet",
            "objectives-1-due_on": due,
            "referent_agrees": "y",
        },
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Bilan enregistré." in text and "Présenter son projet" in text
    assert "Stage boulangerie" in text and "Je parle plus facilement." in text
    review = db.session.scalar(select(Review))
    assert len(review.objectives) == 2 and review.referent_agreed_at is not None
    other = app.test_client()
    login(other, trainee)
    home = page_text(other.get("/mon-suivi"))
    assert "Présenter son projet" in home and "attend votre accord" in home
    agreed = other.post(
        f"/mon-suivi/bilans/{review.id}", data={"comment": "D'accord."}, follow_redirects=True
    )
    assert "Merci : votre accord est enregistré." in page_text(agreed)
    assert other.post(f"/mon-suivi/bilans/{review.id}", data={}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Review, review.id).trainee_comment == "D'accord."


def test_bad_bilan_forms_store_nothing(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/bilans/nouveau"
    base = {"held_on": date.today().isoformat(), "participants": "Léa"}
    cases = [
        ({**base, "held_on": "hier"}, "N'est pas une date valide."),
        ({**base, "participants": ""}, "« Participants » est obligatoire."),
        ({**base, "objectives-0-title": "Lire un livre"}, "« Pour le » doit être une date."),
        (
            {**base, "objectives-0-title": "Lire", "objectives-0-due_on": "2099-01-01"},
            "reliez l'objectif à une compétence, ou bien au projet",
        ),
        ({**base, "trace_ids": ["123456"]}, "n'existe plus"),
    ]
    for data, message in cases:
        assert message in page_text(client.post(url, data=data)), message
    assert referent_rows()["Review"] == 0 and referent_rows()["Objective"] == 0


def test_closing_an_objective_from_the_trainee_file(client):
    _site, referent, trainee = team()
    objective = svc.add_objective(
        referent,
        trainee,
        svc.ObjectiveInput("Arriver à l'heure", date.today() + timedelta(days=7), for_project=True),
    )
    db.session.commit()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/objectifs/{objective.id}/clore"
    response = client.post(url, data={"status": "reached"}, follow_redirects=True)
    assert "atteint le" in page_text(response)
    again = client.post(url, data={"status": "dropped"}, follow_redirects=True)
    assert "Cet objectif est déjà clos." in page_text(again)
    db.session.expire_all()
    assert db.session.get(Objective, objective.id).status is ObjectiveStatus.REACHED


def test_new_objective_form_refuses_bad_input(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/objectifs/nouveau"
    text = page_text(
        client.post(url, data={"title": "", "target": "projet", "due_on": "2099-01-01"})
    )
    assert "« Objectif » est obligatoire." in text
    ok = client.post(
        url,
        data={"title": "Faire son CV", "target": "projet", "due_on": "2099-01-01"},
        follow_redirects=True,
    )
    assert "Objectif ajouté." in page_text(ok) and "Faire son CV" in page_text(ok)


# -- internships and the tutor page --------------------------------------------------------


def test_internship_form_picks_the_trade_by_its_words_and_checks_the_email(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/stages/nouveau"
    data = {
        "company_name": "Boulangerie du Marché",
        "tutor_name": "Sophie Leroy",
        "tutor_email": "sophie@example.fr",
        "starts_on": "2025-03-01",
        "ends_on": "2025-03-21",
        "competency_ids": [COMP_A],
    }
    # Without JavaScript: words typed, "Chercher": the titles found, nothing saved, fields kept.
    found = client.post(
        url, data={**data, "rome_code-texte": "boulangere", "rome_code-chercher": "1"}
    )
    html = found.get_data(as_text=True)
    assert 'value="D1102:11573"' in html and "Boulanger / Boulangère" in page_text(found)
    assert 'value="Boulangerie du Marché"' in html
    assert "Code ROME" not in page_text(found)
    for bad in ("boulanger", "Z1234", "D1102:11679", "D1102:99999"):
        assert "Ce métier n'existe pas dans la liste" in page_text(
            client.post(url, data={**data, "rome_code": bad})
        ), bad
    assert "Tapez au moins 2 lettres du métier." in page_text(
        client.post(url, data={**data, "rome_code-texte": "b", "rome_code-chercher": "1"})
    )
    assert "Choisissez le métier visé dans la liste." in page_text(client.post(url, data=data))
    bad_email = page_text(
        client.post(url, data={**data, "rome_code": "D1102:11573", "tutor_email": "x"})
    )
    assert "L'email du tuteur n'est pas valable" in bad_email
    assert referent_rows()["Internship"] == 0
    ok = client.post(url, data={**data, "rome_code": "D1102:11573"}, follow_redirects=True)
    assert "Stage enregistré." in page_text(ok) and "Boulanger / Boulangère" in page_text(ok)
    assert "D1102" not in page_text(ok)
    internship = db.session.scalar(select(Internship))
    assert (internship.rome_code, internship.job_title) == ("D1102", "11573")
    assert internship.trade_label == "Boulanger / Boulangère"


def test_tutor_link_is_shown_once_and_works_without_an_account(client, app):
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    login(client, referent)
    page = client.post(
        f"/referent/stagiaires/{trainee.id}/stages/{internship.id}/lien", follow_redirects=True
    )
    link = re.search(r"http://localhost(/tuteur/[\w-]+)", page.get_data(as_text=True)).group(1)
    assert "il ne sera plus affiché" in page_text(page)
    again = page_text(client.get(f"/referent/stagiaires/{trainee.id}/stages/{internship.id}"))
    assert link not in again and "valable jusqu'au" in again
    tutor = app.test_client()  # no account, no login
    form = tutor.get(link)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    assert "Bonjour Sophie Leroy" in page_text(form)
    assert "Traiter des informations orales ou écrites" in page_text(form)
    # A level outside the scale: clear error, nothing stored, the link still works.
    bad = tutor.post(link, data={f"level-{COMP_A}": "7"})
    assert "Choisissez un niveau de l'échelle" in page_text(bad)
    assert referent_rows()["Assessment"] == 0
    done = tutor.post(link, data={f"level-{COMP_A}": "3", f"comment-{COMP_A}": "Souriant."})
    assert "Merci, votre évaluation est envoyée" in page_text(done)
    saved = db.session.scalar(select(Assessment))
    assert (saved.source, saved.level, saved.author_label, saved.comment) == (
        AssessmentSource.TUTOR,
        3,
        "Sophie Leroy",
        "Souriant.",
    )
    used = tutor.get(link)
    assert used.status_code == 410 and "Ce lien a déjà servi" in page_text(used)
    replay = tutor.post(link, data={f"level-{COMP_A}": "4"})
    assert replay.status_code == 410
    assert db.session.scalar(select(func.count(Assessment.id))) == 1
    result = page_text(client.get(f"/referent/stagiaires/{trainee.id}/stages/{internship.id}"))
    assert "3 · J'analyse" in result and "Souriant." in result and "utilisé le" in result


def test_expired_and_unknown_tutor_links_show_a_clear_page(client):
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    db.session.execute(update(TutorLink).values(expires_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    expired = client.get(f"/tuteur/{token}")
    assert expired.status_code == 410
    assert "Ce lien n'est plus valable depuis le" in page_text(expired)
    assert "Rien n'a été enregistré" in page_text(expired)
    posted = client.post(f"/tuteur/{token}", data={f"level-{COMP_A}": "2"})
    assert posted.status_code == 410
    unknown = client.get("/tuteur/" + "A" * 43)
    assert unknown.status_code == 404 and "Ce lien n'est pas valable." in page_text(unknown)
    assert referent_rows()["Assessment"] == 0


def test_tutor_form_without_csrf_token_stores_nothing(csrf_app):
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    client = csrf_app.test_client()
    response = client.post(f"/tuteur/{token}", data={f"level-{COMP_A}": "2"})
    assert response.status_code == 400
    assert referent_rows()["Assessment"] == 0
    assert internships.find_tutor_link(token).used_at is None


# -- the trainee's side ------------------------------------------------------------------------


def test_trainee_sees_shared_notes_replies_and_never_team_notes(client):
    _site, referent, trainee = team()
    shared = make_note(referent, trainee, observed="Belle prise de parole.")
    kept = make_note(referent, trainee, visibility="team", observed="Fatigué, à surveiller.")
    login(client, trainee)
    page = page_text(client.get("/mon-suivi"))
    assert "Belle prise de parole." in page and "Fatigué" not in page
    assert client.get(f"/mon-suivi/notes/{kept.id}").status_code == 404
    response = client.post(
        f"/mon-suivi/notes/{shared.id}",
        data={"body": "Merci, j'ai aimé ça."},
        follow_redirects=True,
    )
    assert "Votre réponse est envoyée" in page_text(response)
    assert "Merci, j'ai aimé ça." in page_text(response)
    empty = client.post(f"/mon-suivi/notes/{shared.id}", data={"body": "  "})
    assert "« Votre réponse » est obligatoire." in page_text(empty)
    assert client.post(f"/mon-suivi/notes/{kept.id}", data={"body": "x"}).status_code == 404


def test_trainee_export_contains_team_notes_too(client):
    _site, referent, trainee = team()
    make_note(referent, trainee, visibility="team", observed="Fatigué, à surveiller.")
    login(client, trainee)
    response = client.get("/mon-suivi/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["notes"][0]["observed"] == "Fatigué, à surveiller."
    assert data["notes"][0]["visibility"] == "team"


def test_another_trainees_notes_and_bilans_answer_404(client):
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    note = make_note(referent, other)
    review = svc.create_review(
        referent, other, svc.ReviewInput(held_on=date.today(), participants="A")
    )
    db.session.commit()
    login(client, trainee)
    assert client.get(f"/mon-suivi/notes/{note.id}").status_code == 404
    assert client.get(f"/mon-suivi/bilans/{review.id}").status_code == 404
    assert client.post(f"/mon-suivi/bilans/{review.id}", data={}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Review, review.id).trainee_agreed_at is None


def test_home_partial_shows_objectives_and_priorities(app):
    _site, referent, trainee = team()
    svc.add_objective(
        referent,
        trainee,
        svc.ObjectiveInput(
            "Préparer l'entretien", date.today() + timedelta(days=5), COMP_C, priority=True
        ),
    )
    make_note(referent, trainee)
    db.session.commit()
    with app.test_request_context("/"):
        login_user(trainee)
        html = unescape(render_template("referent/_trainee_home.html"))
    assert "Préparer l'entretien" in html and "Prioritaire" in html
    assert "Dernière note de votre référent" in html
    with app.test_request_context("/"):
        login_user(referent)
        assert render_template("referent/_trainee_home.html").strip() == ""


def test_cohort_pages(client, app):
    site, referent, trainee = team()
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    text = page_text(client.get("/referent/cohorte"))
    assert "surestimée" in text and trainee.full_name in text
    admin = make_user(Role.ADMIN, site=site)
    other = app.test_client()
    login(other, admin)
    site_text = page_text(other.get("/referent/site/cohorte"))
    assert site.name in site_text and trainee.full_name in site_text
    network = make_user(Role.ADMIN)
    third = app.test_client()
    login(third, network)
    assert "Choisissez un site." in page_text(third.get("/referent/site/cohorte"))
    assert trainee.full_name in page_text(third.get(f"/referent/site/cohorte?site={site.id}"))
    assert other.get("/referent/site/cohorte?site=999999").status_code == 404


def test_trainee_file_lists_new_self_assessments_hidden_in_blind_rating(client):
    _site, referent, trainee = team(blind=True)
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_B, 3)
    make_level(trainee, COMP_B, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    text = page_text(client.get(f"/referent/stagiaires/{trainee.id}"))
    assert "Dernières auto-évaluations" in text
    assert "niveau masqué jusqu'à votre évaluation" in text  # COMP_A: not rated yet
    assert "3 · J'analyse" in text  # COMP_B: already rated by the referent
    assert "4 · Je transfère" not in text
