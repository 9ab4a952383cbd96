"""A trace in a few taps: today and the last context pre-filled, suggested competencies,
the search without reloading, and photos kept on the server through a search without JS."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from builders_traces import COMP_A, counts, form_data, jpeg_bytes, make_trace, photo_files
from photos import samples
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import PendingPhoto, Role, Trace, TraceContext, TraceStatus, utcnow
from portfolio.services import access
from portfolio.services.errors import NotFound
from portfolio.trainee import services as traces

MEASURE = "E2C-2C"  # "Compter et mesurer"
TOKEN = re.compile(r'name="pending_photo" value="([^"]+)"')


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Léa")
    login(client, user)
    return user


def _pending_count() -> int:
    return db.session.scalar(select(func.count(PendingPhoto.id))) or 0


# --------------------------------------------------------------------------- suggestions


def test_words_suggest_the_competency_they_name(app):
    trainee = make_user(Role.TRAINEE)
    found = traces.suggest_competencies(trainee, None, "J'ai mesuré les planches au mètre")
    assert found[0].id == MEASURE
    again = traces.suggest_competencies(trainee, None, "J'ai mesuré les planches au mètre")
    assert [c.id for c in again] == [c.id for c in found]  # deterministic
    assert len(found) <= 5


def test_common_words_and_empty_text_suggest_nothing(app):
    trainee = make_user(Role.TRAINEE)
    assert traces.suggest_competencies(trainee, None, "") == []
    assert traces.suggest_competencies(trainee, None, "avec pour dans elle fait") == []


def test_the_context_brings_what_the_trainee_usually_shows_there(app):
    trainee = make_user(Role.TRAINEE)
    for _ in range(2):
        make_trace(trainee, context=TraceContext.WORKSHOP, competencies=(COMP_A,))
    make_trace(trainee, context=TraceContext.CITIZEN, competencies=("E2C-4C",))
    found = [c.id for c in traces.suggest_competencies(trainee, TraceContext.WORKSHOP, "")]
    assert found == [COMP_A]
    # Another trainee with no workshop trace yet gets what all trainees link to workshops.
    newcomer = make_user(Role.TRAINEE)
    assert [c.id for c in traces.suggest_competencies(newcomer, TraceContext.WORKSHOP, "")] == [
        COMP_A
    ]


def test_search_endpoint_answers_matches_and_suggestions_as_json(client, trainee):
    answer = client.get("/portfolio/competences/recherche?q=collectif&mots=mesuré&contexte=x")
    assert answer.status_code == 200
    data = answer.get_json()
    assert "E2C-4C" in data["matches"]
    assert data["suggestions"][0] == {"id": MEASURE, "label": "Compter et mesurer"}
    assert client.get("/portfolio/competences/recherche").get_json() == {
        "matches": [],
        "suggestions": [],
    }


def test_search_endpoint_is_for_trainees_only(client):
    login(client, make_user(Role.REFERENT))
    assert client.get("/portfolio/competences/recherche?q=collectif").status_code == 404


# --------------------------------------------------------------------------- quick path


def test_new_form_opens_with_today_and_the_last_context(client, trainee):
    html = client.get("/portfolio/traces/nouvelle").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in html
    places = html.split('id="context"')[1].split("</fieldset>")[0]
    assert "checked" not in places  # no trace yet: where it happened is asked
    make_trace(trainee, context=TraceContext.INTERNSHIP, company_name="Garage Martin")
    html = client.get("/portfolio/traces/nouvelle").get_data(as_text=True)
    assert 'name="context" value="internship" checked' in html
    assert 'value="Garage Martin"' in html


def test_a_trace_with_a_title_and_a_context_is_saved_complete(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={
            "title": "Étagère montée",
            "context": "workshop",
            "happened_on": "",
            "action": "complete",
        },
    )
    assert response.status_code == 302
    trace = db.session.scalars(select(Trace)).one()
    assert trace.status is TraceStatus.COMPLETE
    assert trace.happened_on == utcnow().date()
    assert trace.competencies == []


# --------------------------------------------------------------------------- pending photos


def _search_with_photo(client, data: bytes = b"", name: str = "etagere.jpg"):
    photo = data or jpeg_bytes(800, 600, seed=3)
    return client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(action="search", search="mesure", photos=[(io.BytesIO(photo), name)]),
        content_type="multipart/form-data",
    )


def test_a_photo_survives_a_search_without_javascript_and_is_saved_with_the_trace(
    app, client, trainee
):
    response = _search_with_photo(client)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    assert "Photo gardée n° 1" in html  # its thumbnail, with a text alternative
    thumb = client.get(f"/portfolio/photos-en-attente/{token}/miniature")
    assert thumb.status_code == 200
    assert thumb.mimetype == "image/jpeg"
    assert thumb.headers["X-Content-Type-Options"] == "nosniff"
    assert thumb.headers["Cache-Control"] == "no-store"  # the address carries a secret
    assert thumb.headers["Referrer-Policy"] == "no-referrer"
    assert (
        app.test_client().get(f"/portfolio/photos-en-attente/{token}/miniature").status_code == 404
    )
    assert counts()["Trace"] == 0
    assert _pending_count() == 1

    saved = client.post(
        "/portfolio/traces/nouvelle", data=form_data(pending_photo=token, caption="Le mur")
    )
    assert saved.status_code == 302
    trace = db.session.scalars(select(Trace)).one()
    assert [(p.width, p.height, p.caption) for p in trace.photos] == [(800, 600, "Le mur")]
    assert _pending_count() == 0
    assert len(photo_files(app)) == 2  # the same files, now the trace's
    assert client.get(f"/portfolio/photos-en-attente/{token}/miniature").status_code == 404


def test_another_trainees_token_gives_nothing(app, client, trainee):
    token = TOKEN.search(_search_with_photo(client).get_data(as_text=True)).group(1)
    other = make_user(Role.TRAINEE)
    other_client = app.test_client()
    login(other_client, other)
    assert other_client.get(f"/portfolio/photos-en-attente/{token}/miniature").status_code == 404
    with pytest.raises(NotFound):
        access.own_pending_photo(other, token)
    response = other_client.post("/portfolio/traces/nouvelle", data=form_data(pending_photo=token))
    assert response.status_code == 302
    trace = db.session.scalars(select(Trace).where(Trace.trainee_id == other.id)).one()
    assert trace.photos == []  # the stolen token attached nothing
    assert _pending_count() == 1  # and the owner's photo is still theirs
    assert access.own_pending_photo(trainee, token).owner_id == trainee.id


def test_made_up_and_expired_tokens_give_nothing(app, client, trainee):
    for token in ("x" * 32, "", "y" * 200):
        with pytest.raises(NotFound):
            access.own_pending_photo(trainee, token)
    token = TOKEN.search(_search_with_photo(client).get_data(as_text=True)).group(1)
    pending = access.own_pending_photo(trainee, token)
    pending.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/portfolio/photos-en-attente/{token}/miniature").status_code == 404
    response = client.post(
        "/portfolio/traces/nouvelle", data=form_data(pending_photo=token, title="")
    )
    assert "Une photo gardée n'est plus disponible" in page_text(response)


def test_a_hostile_file_in_a_search_is_refused_and_nothing_is_kept(app, client, trainee):
    response = _search_with_photo(client, samples.svg(), "dessin.svg")
    assert response.status_code == 200
    assert "dessin.svg" in page_text(response)
    assert "SVG" in page_text(response)
    assert TOKEN.search(response.get_data(as_text=True)) is None
    assert _pending_count() == 0
    assert photo_files(app) == []


def test_cleanup_deletes_expired_pending_photos_and_their_files(app, client, trainee):
    token = TOKEN.search(_search_with_photo(client).get_data(as_text=True)).group(1)
    _search_with_photo(client)  # a second one, still valid
    assert _pending_count() == 2 and len(photo_files(app)) == 4
    expired = access.own_pending_photo(trainee, token)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    traces.cleanup_orphan_photos(timedelta(hours=1))
    db.session.commit()
    assert _pending_count() == 1
    assert len(photo_files(app)) == 2


def test_a_refused_form_keeps_its_photo_for_the_next_try(app, client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(context="", photos=[(io.BytesIO(jpeg_bytes(seed=5)), "mur.jpg")]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Choisissez où cela s'est passé." in page_text(response)
    assert counts()["Trace"] == 0
    token = TOKEN.search(response.get_data(as_text=True)).group(1)
    saved = client.post("/portfolio/traces/nouvelle", data=form_data(pending_photo=token))
    assert saved.status_code == 302
    assert len(db.session.scalars(select(Trace)).one().photos) == 1
    assert _pending_count() == 0
