"""The trainee's pages: portfolio list, trace form, detail, delete, home "Où j'en suis"."""

from __future__ import annotations

import re
from datetime import date

import pytest
from builders_traces import COMP_A, COMP_B, counts, form_data, make_trace, retire, visible_text
from sqlalchemy import select

from builders import counting_queries, login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, Trace, TraceContext, TraceStatus
from portfolio.services import assessments
from portfolio.trainee import services as traces


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Léa")
    login(client, user)
    return user


# --------------------------------------------------------------------------- access matrix


def _urls(trace_id: int, photo_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/portfolio/"),
        ("get", "/portfolio/traces/nouvelle"),
        ("get", f"/portfolio/traces/{trace_id}"),
        ("get", f"/portfolio/traces/{trace_id}/modifier"),
        ("post", f"/portfolio/traces/{trace_id}/modifier"),
        ("get", f"/portfolio/traces/{trace_id}/supprimer"),
        ("post", f"/portfolio/traces/{trace_id}/supprimer"),
        ("get", f"/photos/{photo_id}"),
        ("get", "/portfolio/competences"),
        ("get", f"/portfolio/competences/{COMP_A}"),
        ("post", f"/portfolio/competences/{COMP_A}"),
    ]


# (who, method, url index) -> expected status. Index order follows _urls().
MATRIX = {
    "owner": [200, 200, 200, 200, 302, 200, 302, 200, 200, 200, 422],
    "other_trainee": [200, 200, 404, 404, 404, 404, 404, 404, 200, 200, 422],
    "referent": [404, 404, 200, 404, 404, 404, 404, 200, 404, 404, 404],
    "other_referent": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "site_admin": [404, 404, 200, 404, 404, 404, 404, 200, 404, 404, 404],
    "company": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix(client, who):
    referent = make_user(Role.REFERENT)
    owner = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    trace = make_trace(owner, photos=1)
    people = {
        "owner": owner,
        "other_trainee": make_user(Role.TRAINEE, site=referent.site, referent=referent),
        "referent": referent,
        "other_referent": make_user(Role.REFERENT, site=referent.site),
        "site_admin": make_user(Role.ADMIN, site=referent.site),
        "company": make_user(Role.COMPANY, site=referent.site),
    }
    login(client, people[who])
    for (method, url), expected in zip(
        _urls(trace.id, trace.photos[0].id), MATRIX[who], strict=True
    ):
        if method == "post" and url.endswith("/supprimer"):
            continue  # run last: it deletes the trace
        data = form_data(title="Changé") if url.endswith("/modifier") else {}
        response = getattr(client, method)(url, data=data)
        assert response.status_code == expected, (who, method, url)
    response = client.post(f"/portfolio/traces/{trace.id}/supprimer")
    assert response.status_code == MATRIX[who][6]
    db.session.expire_all()
    exists = db.session.get(Trace, trace.id) is not None
    assert exists is (who != "owner")
    if who != "owner":
        assert db.session.get(Trace, trace.id).title != "Changé"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    owner = make_user(Role.TRAINEE)
    trace = make_trace(owner, photos=1)
    for method, url in _urls(trace.id, trace.photos[0].id):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/connexion" in response.headers["Location"]


def test_unknown_ids_answer_404(client, trainee):
    for url in (
        "/portfolio/traces/999999",
        "/portfolio/traces/99999999999999/modifier",
        "/portfolio/traces/0/supprimer",
        "/portfolio/competences/E2C-99Z",
        "/portfolio/competences/E2C-D1",
        "/portfolio/competences/E2C-1A-01",
    ):
        assert client.get(url).status_code == 404, url


# --------------------------------------------------------------------------- forms


def test_create_a_complete_trace_through_the_form(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(links="https://www.youtube.com/watch?v=1\n\n  https://exemple.fr/a  "),
    )
    assert response.status_code == 302
    trace = db.session.scalars(select(Trace)).one()
    assert trace.status is TraceStatus.COMPLETE
    assert trace.context is TraceContext.WORKSHOP
    assert trace.happened_on == date(2025, 3, 12)
    assert [tc.competency_id for tc in trace.competencies] == [COMP_A, COMP_B]
    page = client.get(response.headers["Location"])
    text = page_text(page)
    assert "Trace enregistrée." in text
    html = page.get_data(as_text=True)
    assert (
        '<a href="https://www.youtube.com/watch?v=1" rel="noopener noreferrer" '
        'target="_blank">youtube.com</a>' in html
    )
    assert ">exemple.fr</a>" in html
    assert "Traiter des informations orales ou écrites" in text
    assert "12 mars 2025" in text


def test_quick_draft_with_only_a_title(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle", data={"title": "Visite", "action": "draft"}
    )
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Brouillon enregistré. Vous pourrez le compléter plus tard." in page
    assert "Ce brouillon n'est pas encore complet" in page
    trace_id = db.session.scalars(select(Trace)).one().id
    edit = client.get(f"/portfolio/traces/{trace_id}/modifier").get_data(as_text=True)
    # The draft's context was never chosen: the form asks for it instead of showing "Autre".
    assert 'name="context" value="other"> ' in edit  # shown, not ticked
    assert 'name="context" value="other" checked' not in edit
    assert " checked>" not in edit.split('id="context"')[1].split("</fieldset>")[0]


def test_missing_fields_are_shown_in_place_and_nothing_is_saved(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(body="", competencies=[], context="", happened_on=""),
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "La trace n'est pas enregistrée." in text
    # Only where it happened is missing: date, text and competencies are optional now.
    assert "Choisissez où cela s'est passé." in text
    for message in ("Indiquez la date.", "Racontez en quelques phrases", "au moins une"):
        assert message not in text
    assert 'value="Atelier cuisine"' in response.get_data(as_text=True)  # typed text kept
    assert counts()["Trace"] == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"links": "javascript:alert(1)"}, "« javascript:alert(1) » n'est pas une adresse web."),
        ({"links": "data:text/html,hi"}, "n'est pas une adresse web"),
        ({"links": "file:///etc/passwd"}, "n'est pas une adresse web"),
        ({"competencies": ["E2C-99Z"]}, "La compétence « E2C-99Z » n'existe pas"),
        ({"context": "plage"}, "Choisissez un contexte dans la liste."),
        ({"happened_on": "12/03/2025"}, "date"),
        ({"happened_on": "2999-01-01"}, "La date ne peut pas être dans le futur."),
        ({"title": ""}, "Donnez un titre à votre trace."),
        ({"title": "x" * 300}, "Le titre est trop long"),
    ],
)
def test_bad_input_in_the_form_is_refused_with_its_message(client, trainee, overrides, message):
    response = client.post("/portfolio/traces/nouvelle", data=form_data(**overrides))
    assert response.status_code == 422
    assert message in page_text(response)
    assert counts()["Trace"] == 0


def test_search_button_reruns_the_form_without_saving(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(action="search", search="collectif", competencies=[COMP_B]),
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "compétences trouvées" in text or "compétence trouvée" in text
    html = response.get_data(as_text=True)
    assert f'value="{COMP_B}" checked' in html  # the choice survives the search
    assert 'class="comp match" id="c-E2C-4C"' in html  # "Apporter sa contribution au collectif"
    assert counts()["Trace"] == 0
    nothing = client.post(
        "/portfolio/traces/nouvelle", data=form_data(action="search", search="zzzqqq")
    )
    assert "Aucune compétence ne contient « zzzqqq »." in page_text(nothing)


def test_new_trace_form_is_usable_from_a_phone(client, trainee):
    html = client.get("/portfolio/traces/nouvelle").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert (
        'type="file" id="photos-camera" name="photos" '
        'accept="image/jpeg,image/png,image/webp,image/heic,image/heif" '
        'capture="environment" multiple' in html
    )
    assert 'name="action" value="draft"' in html
    # Enter ("Go" on a phone keyboard) keeps a new trace as a draft: nothing typed is lost.
    first_button = html.split('name="action" value="')[1].split('"')[0]
    assert first_button == "draft"
    assert "<script>" not in html and "style=" not in html
    # Every competency can be chosen without JavaScript, grouped by domain, indicators shown:
    # the 35 of the E2C framework in 9 domains, then the 9 CPS in their 3 categories.
    assert html.count('name="competencies"') == 35 + 9
    assert html.count('<details class="domain disclose"') == 9 + 3
    assert "Identifier les propos tenus dans un dialogue" in page_text(
        client.get("/portfolio/traces/nouvelle")
    )


def test_new_trace_form_can_start_from_a_competency(client, trainee):
    html = client.get("/portfolio/traces/nouvelle?competence=E2C-5A").get_data(as_text=True)
    assert 'value="E2C-5A" checked' in html
    bad = client.get("/portfolio/traces/nouvelle?competence=<script>").get_data(as_text=True)
    assert " checked" not in bad.split('id="competencies"')[1].split("</section>")[0]


def test_edit_form_is_prefilled_and_saves(client, trainee):
    trace = make_trace(trainee, title="Avant", links=("https://exemple.fr/",))
    html = client.get(f"/portfolio/traces/{trace.id}/modifier").get_data(as_text=True)
    assert 'value="Avant"' in html
    assert "https://exemple.fr/" in html
    assert f'value="{COMP_A}" checked' in html
    assert 'value="complete" class="default-action"' in html  # Enter keeps it complete
    response = client.post(
        f"/portfolio/traces/{trace.id}/modifier", data=form_data(title="Après", links="")
    )
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Trace, trace.id)
    assert fresh.title == "Après"
    assert fresh.links == []


def test_a_failed_edit_changes_nothing(client, trainee):
    trace = make_trace(trainee, title="Avant")
    response = client.post(
        f"/portfolio/traces/{trace.id}/modifier",
        data=form_data(title="Après", links="javascript:alert(1)"),
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Trace, trace.id).title == "Avant"


def test_delete_asks_for_confirmation_then_deletes(client, trainee, app):
    trace = make_trace(trainee, title="À jeter", photos=1)
    page = page_text(client.get(f"/portfolio/traces/{trace.id}/supprimer"))
    assert "Vous allez supprimer « À jeter »." in page
    assert "Sa photo sera supprimée aussi." in page
    assert db.session.get(Trace, trace.id) is not None
    response = client.post(f"/portfolio/traces/{trace.id}/supprimer")
    assert response.status_code == 302
    assert "La trace « À jeter » est supprimée." in page_text(
        client.get(response.headers["Location"])
    )
    assert counts()["Trace"] == 0
    from builders_traces import photo_files

    assert photo_files(app) == []


def test_delete_needs_the_csrf_token(csrf_app, client, trainee):
    trace = make_trace(trainee)
    response = client.post(f"/portfolio/traces/{trace.id}/supprimer")
    assert response.status_code == 400
    assert counts()["Trace"] == 1


# --------------------------------------------------------------------------- list page


def test_trace_cards_escape_what_the_trainee_typed(client, trainee):
    trace = make_trace(trainee, title="<img src=x onerror=alert(1)>", photos=1)
    trace.photos[0].caption = '"><script>alert(2)</script>'
    draft = make_trace(trainee, title="Mon brouillon", status=TraceStatus.DRAFT, commit=False)
    db.session.commit()
    for address in ("/portfolio/", "/ma-page"):
        html = client.get(address).get_data(as_text=True)
        assert "<img src=x" not in html and "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert 'alt="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html
        card = html.split(f'<a href="/portfolio/traces/{trace.id}">')[0].rsplit("<article", 1)[1]
        assert f'src="/photos/{trace.photos[0].id}/miniature"' in card
        mine = html.split(f'<a href="/portfolio/traces/{draft.id}">Mon brouillon</a>')[1]
        assert re.search(
            r'<span class="trace-badge trace-badge-draft">Brouillon</span>\s+<span>', mine
        )


def test_portfolio_page_lists_filters_and_paginates(client, trainee):
    for n in range(23):
        make_trace(trainee, title=f"Trace n°{n:02d}", happened_on=date(2025, 1, 1 + n))
    make_trace(
        trainee,
        title="Le stage",
        competencies=("E2C-2A",),
        context=TraceContext.INTERNSHIP,
        company_name="Garage",
        happened_on=date(2024, 12, 1),
    )
    first = page_text(client.get("/portfolio/"))
    assert "24 traces" in first
    assert "Page 1 sur 2" in first
    assert "Trace n°22" in first and "Le stage" not in first
    second = client.get("/portfolio/?page=2")
    assert "Le stage" in page_text(second)
    filtered = page_text(client.get("/portfolio/?domaine=E2C-D2"))
    assert "1 trace" in filtered and "Le stage" in filtered and "Trace n°01" not in filtered
    by_dates = page_text(client.get("/portfolio/?du=2025-01-05&au=2025-01-07"))
    assert "3 traces" in by_dates
    by_context = page_text(client.get("/portfolio/?contexte=internship&page=1"))
    assert "1 trace" in by_context
    html = client.get("/portfolio/?contexte=project").get_data(as_text=True)
    assert "contexte=project" in html.split('rel="next"')[1][:200]  # filters kept in the links


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("du=hier", "La date « hier » n'est pas valide."),
        ("au=2025-13-45", "La date « 2025-13-45 » n'est pas valide."),
        ("domaine=E2C-D77", "Ce domaine n'existe pas : le filtre est ignoré."),
        ("competence=<b>x</b>", "Cette compétence n'existe pas : le filtre est ignoré."),
        ("contexte=plage", "Ce contexte n'existe pas : le filtre est ignoré."),
    ],
)
def test_bad_filters_are_said_and_ignored(client, trainee, query, message):
    make_trace(trainee, title="Ma trace")
    response = client.get(f"/portfolio/?{query}&page=abc")
    assert response.status_code == 200
    text = page_text(response)
    assert message in text
    assert "Ma trace" in text
    assert "<b>x</b>" not in response.get_data(as_text=True)


def test_the_filter_form_keeps_the_chosen_domain_and_competency_in_each_language(client, trainee):
    """The options are written once per framework and language: the chosen ones still show."""
    html = client.get(f"/portfolio/?domaine=E2C-D2&competence={COMP_B}").get_data(as_text=True)
    assert html.count(" selected>") == 2
    assert '<option value="E2C-D2" selected>' in html
    assert f'<option value="{COMP_B}" selected>' in html
    plain = client.get("/portfolio/").get_data(as_text=True)
    assert " selected>" not in plain  # the first visit's choice did not stick
    french = plain.split('id="f-competence"', 1)[1].split("</select>", 1)[0]
    client.post("/langue", data={"lang": "en", "next": "/portfolio/"})
    english = client.get("/portfolio/").get_data(as_text=True)
    english = english.split('id="f-competence"', 1)[1].split("</select>", 1)[0]
    assert french.count("<option") == english.count("<option") > 10
    assert french != english  # the labels follow the reader's language


def test_the_list_shows_only_my_traces(client, trainee):
    make_trace(make_user(Role.TRAINEE, site=trainee.site), title="Pas à moi")
    make_trace(trainee, title="À moi")
    text = page_text(client.get("/portfolio/"))
    assert "À moi" in text and "Pas à moi" not in text


# --------------------------------------------------------------------------- home


def test_home_shows_where_i_am(client, trainee, app):
    old = make_trace(
        trainee, title="Ancienne", competencies=(COMP_A,), happened_on=date(2025, 1, 5)
    )
    make_trace(
        trainee,
        title="Récente",
        competencies=(COMP_A, COMP_B),
        happened_on=date(2025, 3, 9),
        photos=1,
    )
    traces.create_trace(
        trainee, traces.TraceData(title="Brouillon du jour", status=TraceStatus.DRAFT)
    )
    assessments.record_self_assessment(trainee, COMP_A, 3, "", [old.id])
    db.session.commit()
    home = visible_text(client.get("/"))
    assert "Bonjour Léa" in home
    where = home.split("Où j'en suis")[1].split("Voir mes compétences")[0]
    assert "3 traces en tout · 1 brouillon à compléter" in where
    assert "2 sur 35 compétences commencées" in where  # a complete trace or a level of one's own
    assert "0 objectif en cours" in where
    assert "Mes dernières traces" not in home  # one tap away, on "Ma page"
    response = client.get("/ma-page")
    text = visible_text(response)
    assert "Où j'en suis" in text
    assert "Mes dernières traces" in text
    assert "Récente" in text and "Brouillon du jour" in text
    assert "3 traces en tout · 1 brouillon à compléter" in text
    progress = text.split("Pour chaque compétence :")[1]
    row_a = progress.split("Comprendre ce qu'on lit et entend")[1][:80]
    assert "J'analyse" in row_a and "2 traces" in row_a and "dernière le 9 mars 2025" in row_a
    row_b = progress.split("Parler avec les autres")[1][:50]
    assert "Pas encore de niveau" in row_b and "1 trace" in row_b
    assert "33 compétences n'ont encore ni trace ni niveau" in text
    assert "Photos :" in text and "sur 200 Mo" in text
    assert '<progress max="100"' in response.get_data(as_text=True)


def test_the_started_count_read_with_the_path_facts_is_the_standing_count(trainee):
    """The home reads "started" with the path's facts (one pass over the trainee's levels and
    traces): a complete trace or a level of one's own, not a draft, not a referent's level."""
    from builders_referent import make_level

    from portfolio.models import AssessmentSource
    from portfolio.path.services.ranking import read_facts
    from portfolio.trainee.services import standing

    referent = make_user(Role.REFERENT, site=trainee.site)
    make_trace(trainee, competencies=("E2C-2A",), status=TraceStatus.DRAFT)
    make_trace(trainee, competencies=("E2C-1B", "E2C-1C"))
    make_trace(trainee, competencies=("E2C-1C",), status=TraceStatus.DRAFT)
    assessments.record_self_assessment(trainee, "E2C-1A", 2)
    make_level(trainee, "E2C-3A", 3, source=AssessmentSource.REFERENT, author=referent)
    db.session.commit()
    facts = read_facts(trainee)
    assert facts.started == {"E2C-1A", "E2C-1B", "E2C-1C"}
    assert standing(trainee, started=facts.started) == standing(trainee)
    assert standing(trainee).started == 3


def test_home_of_a_new_trainee_invites_to_start(client, trainee):
    home = visible_text(client.get("/"))
    assert "0 trace en tout" in home and "0 sur 35 compétences commencées" in home
    text = visible_text(client.get("/ma-page"))
    assert "Pas encore de trace." in text
    assert "35 compétences n'ont encore ni trace ni niveau" in text
    assert "Photos : 0 ko utilisés sur 200 Mo (0 %)" in text


def _count_queries(client, url: str = "/") -> int:
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_home_runs_the_same_number_of_queries_for_5_and_50_traces(client, trainee):
    for n in range(5):
        make_trace(trainee, competencies=(COMP_A, COMP_B), photos=1 if n % 2 else 0)
    assessments.record_self_assessment(trainee, COMP_A, 2)
    db.session.commit()
    with_5 = _count_queries(client)
    for n in range(45):
        make_trace(trainee, competencies=("E2C-2A", "E2C-3B"), photos=1 if n % 5 == 0 else 0)
        assessments.record_self_assessment(trainee, "E2C-2A", 1 + n % 4)
    db.session.commit()
    with_50 = _count_queries(client)
    assert with_5 == with_50
    # "Nouveau pour vous" is one UNION ALL for notes, replies, contacts, messages and bilans
    # with their seen state, whatever its length (tests/portfolio/main/test_news.py); the
    # site's open offers are read only when the project names a trade, and the project once
    # per request; the menu's counts ("Messages (N non lus)", "Avis (N)") are one query.
    # "Pour vous en ce moment" (the path, portfolio/path/services/ranking.py): two more;
    # "Où j'en suis", one (trainee/services/overview.py `standing`). It was 19 before the home
    # got cheaper, 21 with the path, 18, 9 once the long summary moved to "Ma page", then 8.
    assert with_50 <= 9


def test_my_page_runs_the_same_number_of_queries_for_5_and_50_traces(client, trainee):
    for n in range(5):
        make_trace(trainee, competencies=(COMP_A, COMP_B), photos=1 if n % 2 else 0)
    with_5 = _count_queries(client, "/ma-page")
    for n in range(45):
        make_trace(trainee, competencies=("E2C-2A", "E2C-3B"), photos=1 if n % 5 == 0 else 0)
        assessments.record_self_assessment(trainee, "E2C-2A", 1 + n % 4)
    db.session.commit()
    assert _count_queries(client, "/ma-page") == with_5


def test_home_counts_every_open_objective(client, trainee, app):
    """The home's figure is the real count (the long list on "Ma page" shows the first 5)."""
    from portfolio.models import Objective, ObjectiveStatus

    for n in range(7):
        db.session.add(
            Objective(
                trainee_id=trainee.id,
                author_id=trainee.id,
                title=f"Objectif {n}",
                due_on=date(2027, 1, 1 + n),
                status=ObjectiveStatus.OPEN,
            )
        )
    db.session.commit()
    assert "7 objectifs en cours" in visible_text(client.get("/"))


def test_my_page_is_for_trainees_only(app, trainee):
    other = app.test_client()
    assert other.get("/ma-page").status_code == 302  # to the login page
    login(other, make_user(Role.REFERENT, site=trainee.site))
    assert other.get("/ma-page").status_code == 404


def test_portfolio_page_runs_the_same_number_of_queries_for_5_and_50_traces(client, trainee):
    for n in range(5):
        make_trace(trainee, competencies=(COMP_A, COMP_B), photos=1 if n % 2 else 0)
    with_5 = _count_queries(client, "/portfolio/")
    for n in range(45):
        make_trace(trainee, competencies=("E2C-2A",), photos=1 if n % 5 == 0 else 0)
    with_50 = _count_queries(client, "/portfolio/")
    assert with_5 == with_50


def test_a_retired_competency_keeps_its_label_on_old_traces(client, trainee, monkeypatch):
    trace = make_trace(trainee, competencies=(COMP_A, COMP_B))
    row = "Parler avec les autres Pas encore de niveau · 1 trace"
    assert row in visible_text(client.get("/ma-page"))
    retire(monkeypatch, COMP_B, replaced_by="E2C-1D")
    detail = visible_text(client.get(f"/portfolio/traces/{trace.id}"))
    assert (
        "Parler avec les autres Le texte officiel Échanger oralement avec autrui "
        "(ancienne liste de compétences)"
    ) in detail
    form = page_text(client.get(f"/portfolio/traces/{trace.id}/modifier"))
    old_box = form.split("Compétences d'une ancienne liste")[1]
    assert f'value="{COMP_B}" checked' in old_box
    assert client.get(f"/portfolio/competences/{COMP_B}").status_code == 404
    assert row not in visible_text(client.get("/ma-page"))
    refused = client.post("/portfolio/traces/nouvelle", data=form_data(competencies=[COMP_B]))
    assert "n'est plus utilisée" in page_text(refused)
