"""The home summary and the portfolio list kept in memory: reused while nothing changed,
never shown stale.

Each test opens the home page (and the portfolio list) first, so they are in memory, changes
the portfolio the way a person or the game does, and checks both pages show the change at once.
"""

from __future__ import annotations

import pytest
from builders_game import bearer, game_token, statement
from builders_traces import COMP_A, COMP_B, form_data, jpeg_bytes, make_trace, visible_text
from sqlalchemy import delete, select, update

from builders import counting_queries, login, make_user
from portfolio.extensions import db
from portfolio.models import Assessment, Role, Trace, TraceLink, TraceStatus, User
from portfolio.services import assessments, summary_cache
from portfolio.trainee import services as traces
from portfolio.trainee import views as trainee_views

LABEL_A = "Comprendre ce qu'on lit et entend"  # its everyday label, shown first


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Léa")
    login(client, user)
    return user


def _home(client) -> str:
    """The summary's page: "Ma page", the home's longer part (the home shows four figures)."""
    response = client.get("/ma-page")
    assert response.status_code == 200
    return visible_text(response)


def _portfolio(client, query: str = "") -> str:
    """The portfolio page's words from the list on (after the filter form)."""
    response = client.get(f"/portfolio/{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    filters, listed = page.split('<h2 id="liste">')
    active = "1 filtre actif" if "1 filtre actif" in filters else ""
    return active + " " + visible_text(listed)


def _row(text: str, label: str = LABEL_A) -> str:
    """The home's line for one competency: its level, its traces, the date of the last."""
    return text.split("Pour chaque compétence :")[1].split(label)[1][:90]


def _version(user: User) -> int:
    db.session.expire(user, ["portfolio_version"])
    return user.portfolio_version


def _queries(client, path: str = "/ma-page") -> int:
    with counting_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


# --------------------------------------------------------------------------- reuse


def test_a_second_visit_reuses_the_summary_and_shows_the_same_page(client, trainee):
    make_trace(trainee, title="Atelier vélo", competencies=(COMP_A,))
    first_queries = _queries(client)
    first = _home(client)
    again_queries = _queries(client)
    assert _home(client) == first
    assert "Atelier vélo" in first
    assert again_queries == first_queries - 4  # the four summary queries


def test_the_cache_can_be_turned_off(app, client, trainee):
    app.config["SUMMARY_CACHE_SIZE"] = 0
    make_trace(trainee, competencies=(COMP_A,))
    assert _queries(client) == _queries(client)
    assert len(summary_cache.cache()) == 0


def test_the_cache_keeps_only_the_most_recent_trainees(app):
    store = summary_cache.SummaryCache(2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # "a" is now the most recent
    store.put("c", 3)
    assert (store.get("a"), store.get("b"), store.get("c")) == (1, None, 3)


def test_each_trainee_and_each_language_has_its_own_summary(client, trainee):
    make_trace(trainee, title="Trace de Léa", competencies=(COMP_A,))
    other = make_user(Role.TRAINEE, site=trainee.site, first_name="Yanis")
    make_trace(other, title="Trace de Yanis", competencies=(COMP_B,))
    text = _home(client)
    assert "Trace de Léa" in text and "Trace de Yanis" not in text
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = _home(client)
    assert "Where I stand" in english and "Trace de Léa" in english
    client.post("/deconnexion")
    login(client, other)
    client.post("/langue", data={"lang": "fr", "next": "/"})
    text = _home(client)
    assert "Trace de Yanis" in text and "Trace de Léa" not in text
    assert "Pour chaque compétence" in text


def test_the_portfolio_list_is_reused_too_but_not_when_filtered(client, trainee):
    for n in range(3):
        make_trace(trainee, title=f"Atelier {n}", competencies=(COMP_A,))
    first_queries = _queries(client, "/portfolio/")
    first = _portfolio(client)
    assert _queries(client, "/portfolio/") == first_queries - 3  # count, page, storage
    assert _portfolio(client) == first and "Atelier 2" in first
    kept = len(summary_cache.cache())
    filtered = _portfolio(client, f"?competence={COMP_A}")
    assert "3 traces" in filtered and "1 filtre actif" in filtered
    _portfolio(client, f"?competence={COMP_B}&du=2020-01-01")
    assert len(summary_cache.cache()) == kept  # filtered lists are built each time


def test_a_page_past_the_end_shows_the_last_page_and_is_not_kept(client, trainee):
    for n in range(21):  # two pages of 20
        make_trace(trainee, title=f"Trace {n:02d}")
    _portfolio(client)
    kept = len(summary_cache.cache())
    for page in ("9", "99", "999999"):
        text = _portfolio(client, f"?page={page}")
        assert "Page 2 sur 2" in text
    assert len(summary_cache.cache()) == kept
    assert "Page 2 sur 2" in _portfolio(client, "?page=2")
    assert len(summary_cache.cache()) == kept + 1


def test_the_portfolio_list_follows_the_language(client, trainee):
    make_trace(trainee, title="Atelier bois", competencies=(COMP_A,))
    assert "1 trace" in _portfolio(client)
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = _portfolio(client)
    assert "Atelier bois" in english and "Photos: " in english
    client.post("/langue", data={"lang": "fr", "next": "/"})
    assert "Photos : " in _portfolio(client)


# --------------------------------------------------------------------------- every change shows


def test_a_trace_written_in_the_form_shows_at_once(client, trainee):
    assert "Pas encore de trace." in _home(client)
    assert "0 trace" in _portfolio(client)
    response = client.post("/portfolio/traces/nouvelle", data=form_data(title="Atelier pain"))
    assert response.status_code == 302
    text = _home(client)
    assert "Atelier pain" in text and "1 trace" in _row(text)
    listed = _portfolio(client)
    assert "1 trace" in listed and "Atelier pain" in listed


def test_an_edited_title_and_removed_competency_show_at_once(client, trainee):
    trace = make_trace(trainee, title="Avant", competencies=(COMP_A, COMP_B))
    assert "Avant" in _home(client)
    assert "1 trace" in _row(_home(client))
    assert "Avant" in _portfolio(client) and LABEL_A in _portfolio(client)
    response = client.post(
        f"/portfolio/traces/{trace.id}/modifier",
        data=form_data(title="Après", competencies=[COMP_B]),
    )
    assert response.status_code == 302
    text = _home(client)
    assert "Après" in text and "Avant" not in text
    assert "0 trace" in _row(text)
    listed = _portfolio(client)
    assert "Après" in listed and "Avant" not in listed and LABEL_A not in listed


def test_a_deleted_trace_leaves_the_home_at_once(client, trainee):
    trace = make_trace(trainee, title="À effacer", competencies=(COMP_A,))
    assert "À effacer" in _home(client) and "À effacer" in _portfolio(client)
    assert client.post(f"/portfolio/traces/{trace.id}/supprimer").status_code == 302
    text = _home(client).split("Ma page : traces, objectifs, projet, métiers")[1]  # after the
    # message that names it
    assert "À effacer" not in text and "Pas encore de trace." in text
    assert "Votre portfolio est vide" in _portfolio(client)


def test_a_photo_added_or_removed_changes_the_card_and_the_storage(client, trainee):
    trace = make_trace(trainee, title="Chantier", competencies=(COMP_A,))
    before = _home(client)
    assert "1 photo" not in before and "0 ko utilisés" in before
    assert "1 photo" not in _portfolio(client) and "0 ko utilisés" in _portfolio(client)
    photo = traces.add_photo(trainee, trace, jpeg_bytes(), "Le mur monté")
    db.session.commit()
    text = _home(client)
    assert "1 photo" in text and "0 ko utilisés" not in text
    listed = _portfolio(client)
    assert "1 photo" in listed and "0 ko utilisés" not in listed
    traces.delete_photo(trainee, photo)
    db.session.commit()
    assert "0 ko utilisés" in _home(client)
    listed = _portfolio(client)
    assert "1 photo" not in listed and "0 ko utilisés" in listed


def test_a_link_alone_raises_the_version(trainee):
    trace = make_trace(trainee, competencies=(COMP_A,))
    before = _version(trainee)
    db.session.add(TraceLink(trace_id=trace.id, url="https://exemple.fr/", position=0))
    db.session.commit()
    assert _version(trainee) == before + 1


def test_a_self_assessment_shows_at_once(client, trainee):
    assert "Pas encore de niveau" in _row(_home(client))
    response = client.post(f"/portfolio/competences/{COMP_A}", data={"level": "3", "comment": ""})
    assert response.status_code == 302
    assert "J'analyse" in _row(_home(client))


def test_game_evidence_sent_in_bulk_shows_at_once(client, trainee):
    assert "Pas encore de trace." in _home(client)
    assert "Votre portfolio est vide" in _portfolio(client)
    token = game_token(trainee)
    sent = client.post("/api/v1/statements", json=[statement(trainee)], headers=bearer(token))
    assert sent.status_code == 200
    assert "Ranger les produits" in _home(client)
    assert "Ranger les produits" in _portfolio(client)


def test_another_trainees_change_leaves_my_summary_alone(client, trainee):
    other = make_user(Role.TRAINEE, site=trainee.site)
    mine = _version(trainee)
    make_trace(other, competencies=(COMP_A,))
    assessments.record_self_assessment(other, COMP_A, 2)
    db.session.commit()
    assert _version(trainee) == mine


# --------------------------------------------------------------------------- never stale


def test_a_summary_built_before_a_rollback_is_not_kept(app, client, trainee):
    assert "Pas encore de trace." in _home(client)
    traces.create_trace(
        trainee, traces.TraceData(title="Jamais enregistrée", status=TraceStatus.DRAFT)
    )
    db.session.flush()
    assert any(t.title == "Jamais enregistrée" for t in traces.overview(trainee).recent)
    with app.test_request_context("/portfolio/"):
        assert "Jamais enregistrée" in str(
            trainee_views._trace_list(trainee, traces.TraceFilters(), {}, 1)
        )
    db.session.rollback()
    text = _home(client)
    assert "Jamais enregistrée" not in text and "Pas encore de trace." in text
    assert "Votre portfolio est vide" in _portfolio(client)
    make_trace(trainee, title="Vraie trace")  # the version number the rolled-back change had
    text = _home(client)
    assert "Vraie trace" in text and "Jamais enregistrée" not in text
    listed = _portfolio(client)
    assert "Vraie trace" in listed and "Jamais enregistrée" not in listed


def test_a_bulk_statement_must_raise_the_version_first(trainee):
    make_trace(trainee, competencies=(COMP_A,))
    assessments.record_self_assessment(trainee, COMP_A, 2)
    db.session.commit()
    with pytest.raises(RuntimeError, match="portfolio_version"):
        db.session.execute(delete(Assessment).where(Assessment.trainee_id == trainee.id))
    db.session.rollback()
    before = _version(trainee)
    summary_cache.touch(db.session(), [trainee.id])
    db.session.execute(update(Trace).where(Trace.trainee_id == trainee.id).values(title="Vue"))
    db.session.commit()
    assert _version(trainee) == before + 1
    assert db.session.scalars(select(Trace.title)).all() == ["Vue"]
