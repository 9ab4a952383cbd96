"""A trace sent twice with the same client key (a phone back online, a double tap) is
recorded once, through the web form and through the API; a bad key changes nothing."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from builders_api import bearer, fields_of, make_token
from builders_traces import counts, form_data, jpeg_bytes
from sqlalchemy import select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, Trace, TracePhoto, TraceStatus
from portfolio.trainee import services as traces
from portfolio.trainee.services import TraceAlreadySent, TraceData, TraceError

KEY = "5b0e8c1a-7d2f-4c3e-9a1b-2c3d4e5f6a7b"


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Léa")
    login(client, user)
    return user


def _post(client, key, photo_seed=1):
    data = form_data(client_key=key)
    data["photos"] = (io.BytesIO(jpeg_bytes(seed=photo_seed)), "atelier.jpg")
    return client.post("/portfolio/traces/nouvelle", data=data, content_type="multipart/form-data")


def test_the_form_carries_a_fresh_key_each_time_it_opens(client, trainee):
    pattern = re.compile(r'name="client_key"[^>]*value="([0-9a-f-]{36})"')
    first = pattern.search(client.get("/portfolio/traces/nouvelle").get_data(as_text=True))
    second = pattern.search(client.get("/portfolio/traces/nouvelle").get_data(as_text=True))
    assert first and second and first.group(1) != second.group(1)
    assert str(uuid.UUID(first.group(1))) == first.group(1)


def test_the_form_sent_twice_records_one_trace_with_one_photo(client, trainee):
    first = _post(client, KEY)
    assert first.status_code == 302
    again = _post(client, KEY, photo_seed=2)
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert db.session.scalars(select(Trace)).one().client_key == KEY
    assert len(db.session.scalars(select(TracePhoto)).all()) == 1
    page = page_text(client.get(again.headers["Location"]))
    assert "Cette trace était déjà enregistrée : la voici." in page


def test_another_trainees_key_is_not_theirs(client, trainee):
    other = make_user(Role.TRAINEE)
    traces.create_trace(other, TraceData(title="À moi", status=TraceStatus.DRAFT, client_key=KEY))
    db.session.commit()
    response = _post(client, KEY)
    assert response.status_code == 302
    mine = db.session.scalars(select(Trace).where(Trace.trainee_id == trainee.id)).one()
    assert mine.title == "Atelier cuisine" and mine.client_key == KEY


@pytest.mark.parametrize(
    "bad", ["nope", KEY.upper(), KEY[:-1] + "g", "{" + KEY[1:-1] + "}", KEY.replace("-", "")]
)
def test_a_bad_key_changes_nothing_and_says_why(client, trainee, bad):
    before = counts()
    response = _post(client, bad)
    assert response.status_code == 422
    assert "Cet envoi n'est pas valide. Rechargez la page et recommencez." in page_text(response)
    assert counts() == before


def test_the_service_gives_back_the_first_trace(app, trainee):
    first = traces.create_trace(
        trainee, TraceData(title="Une fois", status=TraceStatus.DRAFT, client_key=KEY)
    )
    db.session.commit()
    with pytest.raises(TraceAlreadySent) as sent:
        traces.create_trace(
            trainee, TraceData(title="Deux fois", status=TraceStatus.DRAFT, client_key=KEY)
        )
    assert sent.value.trace.id == first.id and sent.value.trace.title == "Une fois"
    with pytest.raises(TraceError):
        traces.create_trace(trainee, TraceData(title="x", client_key=12))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- API


def test_the_api_sent_twice_answers_the_same_trace_once(client):
    user = make_user(Role.TRAINEE)
    headers = bearer(make_token(user))
    body = {"title": "Au stage", "status": "draft", "client_key": KEY}
    first = client.post("/api/v1/traces", json=body, headers=headers)
    assert first.status_code == 201
    again = client.post("/api/v1/traces", json={**body, "title": "Autre"}, headers=headers)
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["title"] == "Au stage"
    assert db.session.scalars(select(Trace)).one().client_key == KEY


@pytest.mark.parametrize("bad", [KEY.upper(), "nope", 42, None])
def test_the_api_refuses_a_bad_key(client, bad):
    user = make_user(Role.TRAINEE)
    before = counts()
    response = client.post(
        "/api/v1/traces",
        json={"title": "Au stage", "status": "draft", "client_key": bad},
        headers=bearer(make_token(user)),
    )
    assert "client_key" in fields_of(response)
    assert counts() == before
