"""Traces through the JSON API: create, read, list, change, delete, and their bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from builders_api import bearer, error_of, fields_of, make_token
from builders_traces import COMP_A, COMP_B, counts, make_trace

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Role, Trace, TraceContext, TraceStatus, utcnow

COMPLETE = {
    "title": "Atelier cuisine",
    "status": "complete",
    "body": "J'ai préparé le repas pour le groupe.",
    "happened_on": "2025-03-14",
    "context": "workshop",
    "competencies": [{"id": COMP_A, "indicators": ["E2C-1A-01", "E2C-1A-03"]}, {"id": COMP_B}],
    "links": [{"url": "https://www.youtube.com/watch?v=abc", "title": "La vidéo"}],
}


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE)


@pytest.fixture
def headers(trainee):
    return bearer(make_token(trainee))


def _trace(trace_id):
    db.session.expire_all()
    return db.session.get(Trace, trace_id)


# --------------------------------------------------------------------------- create


def test_a_draft_needs_only_a_title(client, headers):
    response = client.post(
        "/api/v1/traces", json={"title": "Au stage", "status": "draft"}, headers=headers
    )
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/traces/{body['id']}")
    assert body["title"] == "Au stage" and body["status"] == "draft"
    assert body["happened_on"] == utcnow().date().isoformat()
    assert body["context"] == "other"
    assert body["origin"] == "trainee"
    assert body["competencies"] == [] and body["photos"] == [] and body["links"] == []


def test_a_complete_trace_with_competencies_indicators_and_links(client, headers):
    response = client.post("/api/v1/traces", json=COMPLETE, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "complete" and body["context"] == "workshop"
    assert [c["id"] for c in body["competencies"]] == [COMP_A, COMP_B]
    assert body["competencies"][0]["label"] == "Traiter des informations orales ou écrites"
    assert body["competencies"][0]["indicators"] == ["E2C-1A-01", "E2C-1A-03"]
    assert body["competencies"][0]["framework_version"] == "2018.1"
    assert body["links"] == [
        {"url": "https://www.youtube.com/watch?v=abc", "title": "La vidéo", "domain": "youtube.com"}
    ]
    again = client.get(body["url"], headers=headers)
    assert again.status_code == 200 and again.get_json() == body


def test_a_complete_trace_without_its_fields_lists_each_problem_in_french(client, headers):
    before = counts()
    response = client.post("/api/v1/traces", json={"title": " "}, headers=headers)
    problems = fields_of(response)
    # A complete trace needs a title and where it happened; the rest can come later.
    assert problems == {
        "title": "Donnez un titre à votre trace.",
        "context": "Choisissez où cela s'est passé.",
    }
    assert counts() == before


def test_a_complete_trace_needs_no_text_date_competency_or_company(client, headers):
    response = client.post(
        "/api/v1/traces", json={"title": "Stage", "context": "internship"}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["status"], body["competencies"], body["company_name"]) == ("complete", [], None)
    response = client.post(
        "/api/v1/traces",
        json={**COMPLETE, "context": "internship", "company_name": "Boulangerie Martin"},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.get_json()["company_name"] == "Boulangerie Martin"


BAD_BODIES = [
    ({}, "title", "obligatoire"),
    ({"title": 12}, "title", "texte"),
    ({"title": ""}, "title", "vide"),
    ({"title": "x" * 201}, "title", "200 caractères"),
    ({"title": None}, "title", "texte"),
    ({"title": "a\x00b"}, "title", "interdits"),
    ({"title": "ok", "status": "fini"}, "status", "draft"),
    ({"title": "ok", "happened_on": "14/03/2025"}, "happened_on", "AAAA-MM-JJ"),
    ({"title": "ok", "happened_on": "2025-02-30"}, "happened_on", "AAAA-MM-JJ"),
    ({"title": "ok", "happened_on": 20250314}, "happened_on", "texte"),
    ({"title": "ok", "context": "ecole"}, "context", "workshop"),
    ({"title": "ok", "competencies": "E2C-1A"}, "competencies", "liste"),
    ({"title": "ok", "competencies": ["E2C-1A"]}, "competencies[0]", "objet"),
    ({"title": "ok", "competencies": [{"id": "E2C-99"}]}, "competencies[0].id", "inconnue"),
    ({"title": "ok", "competencies": [{"code": "1a"}]}, "competencies[0].id", "obligatoire"),
    ({"title": "ok", "competencies": [{"id": COMP_A, "x": 1}]}, "competencies[0].x", "existe"),
    (
        {"title": "ok", "competencies": [{"id": COMP_A, "indicators": ["E2C-1A-01"] * 2}]},
        "competencies[0].indicators",
        "une fois",
    ),
    (
        {"title": "ok", "competencies": [{"id": COMP_A, "indicators": ["E2C-1C-01"]}]},
        "competencies[0].indicators[0]",
        "n'appartient pas",
    ),
    ({"title": "ok", "links": [{"url": "javascript:alert(1)"}]}, "links", "adresse web"),
    ({"title": "ok", "links": [{"url": "data:text/html,x"}]}, "links", "adresse web"),
    ({"title": "ok", "links": [{"url": "file:///etc/passwd"}]}, "links", "adresse web"),
    ({"title": "ok", "links": ["https://exemple.fr"]}, "links[0]", "objet"),
    ({"title": "ok", "links": [{"url": "https://a.fr"}] * 21}, "links", "20 éléments"),
    ({"title": "ok", "owner": 3}, "owner", "n'existe pas"),
    ({"title": "ok", "trainee_id": 3}, "trainee_id", "n'existe pas"),
    ({"title": "ok", "origin": "game"}, "origin", "n'existe pas"),
]


@pytest.mark.parametrize(("body", "field", "words"), BAD_BODIES)
def test_bad_trace_bodies_are_refused_field_by_field(client, headers, body, field, words):
    before = counts()
    response = client.post("/api/v1/traces", json=body, headers=headers)
    problems = fields_of(response)
    assert field in problems, problems
    assert words in problems[field]
    assert counts() == before


def test_validation_messages_are_in_the_token_holders_language(client, trainee, headers):
    trainee.locale = "en"
    db.session.commit()
    response = client.post("/api/v1/traces", json={"title": "", "owner": 3}, headers=headers)
    assert fields_of(response) == {
        "title": "This field cannot be empty.",
        "owner": "This field does not exist.",
    }
    response = client.get("/api/v1/traces?per_page=500", headers=headers)
    assert fields_of(response) == {"per_page": "The number must be from 1 to 100."}


def test_a_future_date_is_refused(client, headers):
    future = (utcnow().date() + timedelta(days=5)).isoformat()
    response = client.post(
        "/api/v1/traces",
        json={"title": "x", "status": "draft", "happened_on": future},
        headers=headers,
    )
    assert fields_of(response) == {"happened_on": "La date ne peut pas être dans le futur."}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("{not json", "invalid_json"),
        ('{"title": NaN}', "invalid_json"),
        ("", "invalid_json"),
        ("[1, 2]", "validation_error"),
        ('"title"', "validation_error"),
    ],
)
def test_malformed_json_is_a_400(client, headers, data, code):
    before = counts()
    response = client.post(
        "/api/v1/traces", data=data, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == code
    assert counts() == before


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_a_body_that_is_not_json_is_a_415(client, headers, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post(
        "/api/v1/traces", data=json.dumps({"title": "x"}), headers=headers, **kwargs
    )
    assert response.status_code == 415
    assert "JSON" in error_of(response)["message"]


def test_an_oversized_body_is_a_413_and_changes_nothing(client, headers):
    before = counts()
    huge = {"title": "x", "status": "draft", "body": "a" * 70_000}
    response = client.post("/api/v1/traces", json=huge, headers=headers)
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"
    assert counts() == before


# --------------------------------------------------------------------------- list


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_the_list_is_newest_first_and_filtered_like_the_portfolio_page(client, trainee, headers):
    from datetime import date

    old = make_trace(trainee, happened_on=date(2024, 1, 10), competencies=(COMP_A,))
    workshop = make_trace(
        trainee, happened_on=date(2025, 2, 1), competencies=(COMP_B,), context=TraceContext.WORKSHOP
    )
    other_domain = make_trace(trainee, happened_on=date(2025, 3, 1), competencies=("E2C-2A",))
    draft = make_trace(trainee, happened_on=date(2025, 4, 1), status=TraceStatus.DRAFT)
    make_trace(make_user(Role.TRAINEE), competencies=(COMP_A,))  # someone else's

    url = "/api/v1/traces"
    assert _ids(client.get(url, headers=headers)) == [
        draft.id,
        other_domain.id,
        workshop.id,
        old.id,
    ]
    assert _ids(client.get(f"{url}?domain=E2C-D1", headers=headers)) == [
        draft.id,
        workshop.id,
        old.id,
    ]
    assert _ids(client.get(f"{url}?competency={COMP_B}", headers=headers)) == [workshop.id]
    assert _ids(client.get(f"{url}?context=workshop", headers=headers)) == [workshop.id]
    assert _ids(client.get(f"{url}?status=draft", headers=headers)) == [draft.id]
    assert _ids(client.get(f"{url}?from=2025-02-01&to=2025-03-01", headers=headers)) == [
        other_domain.id,
        workshop.id,
    ]
    page = client.get(f"{url}?per_page=3&page=2", headers=headers).get_json()
    assert [i["id"] for i in page["items"]] == [old.id]
    assert (page["page"], page["pages"], page["total"], page["per_page"]) == (2, 2, 4, 3)


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("domain=E2C-D99", "domain", "inconnue"),
        ("competency=1a", "competency", "inconnue"),
        ("context=school", "context", "inconnue"),
        ("status=done", "status", "inconnue"),
        ("from=2025-13-01", "from", "AAAA-MM-JJ"),
        ("to=hier", "to", "AAAA-MM-JJ"),
        ("from=2025-03-02&to=2025-03-01", "to", "après la date de début"),
        ("page=0", "page", "au moins 1"),
        ("page=abc", "page", "nombre entier"),
        ("page=99999999999999999999", "page", "nombre entier"),
        ("per_page=101", "per_page", "de 1 à 100"),
        ("domain=", "domain", "inconnue"),
        ("competence=E2C-1A", "competence", "n'existe pas"),
    ],
)
def test_bad_list_parameters_are_refused(client, headers, query, field, words):
    assert words in fields_of(client.get(f"/api/v1/traces?{query}", headers=headers))[field]


# --------------------------------------------------------------------------- change, delete


def test_patch_changes_only_the_fields_sent(client, trainee, headers):
    trace = make_trace(trainee, competencies=(COMP_A,), links=("https://exemple.fr/a",))
    before = client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json()
    response = client.patch(
        f"/api/v1/traces/{trace.id}", json={"title": "Nouveau"}, headers=headers
    )
    assert response.status_code == 200
    after = response.get_json()
    assert after["title"] == "Nouveau"
    for unchanged in ("body", "happened_on", "context", "competencies", "links", "status"):
        assert after[unchanged] == before[unchanged], unchanged


def test_patch_lists_replace_the_old_ones(client, trainee, headers):
    trace = make_trace(trainee, competencies=(COMP_A,), links=("https://exemple.fr/a",))
    response = client.patch(
        f"/api/v1/traces/{trace.id}",
        json={"competencies": [{"id": COMP_B}], "links": []},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert [c["id"] for c in body["competencies"]] == [COMP_B]
    assert body["links"] == []


def test_a_draft_is_completed_later(client, headers):
    draft = client.post(
        "/api/v1/traces", json={"title": "Vite", "status": "draft"}, headers=headers
    )
    url = draft.get_json()["url"]
    refused = client.patch(url, json={"status": "complete", "title": ""}, headers=headers)
    assert "title" in fields_of(refused)
    assert client.get(url, headers=headers).get_json()["status"] == "draft"
    rest = {k: v for k, v in COMPLETE.items() if k != "title"}
    done = client.patch(url, json=rest, headers=headers)
    assert done.status_code == 200 and done.get_json()["status"] == "complete"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "request"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"happened_on": "demain"}, "happened_on"),
        ({"photos": []}, "photos"),
        ({"id": 5}, "id"),
        ({"context": "plage"}, "context"),
    ],
)
def test_bad_patches_change_nothing(client, trainee, headers, body, field):
    trace = make_trace(trainee)
    before = client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json()
    response = client.patch(f"/api/v1/traces/{trace.id}", json=body, headers=headers)
    assert field in fields_of(response)
    assert client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json() == before


def test_delete_removes_the_trace_and_its_photo_files(app, client, trainee, headers):
    from builders_traces import photo_files

    trace = make_trace(trainee, photos=2)
    assert len(photo_files(app)) == 4
    response = client.delete(f"/api/v1/traces/{trace.id}", headers=headers)
    assert response.status_code == 204 and response.data == b""
    assert client.get(f"/api/v1/traces/{trace.id}", headers=headers).status_code == 404
    assert photo_files(app) == []


# --------------------------------------------------------------------------- other people's ids


def test_another_trainees_trace_is_404_for_every_method_and_stays_untouched(client, headers):
    other = make_user(Role.TRAINEE)
    trace = make_trace(other, photos=1)
    photo_id = trace.photos[0].id
    before = counts()
    base = f"/api/v1/traces/{trace.id}"
    attempts = [
        ("get", base, None),
        ("patch", base, {"title": "Piraté"}),
        ("delete", base, None),
        ("get", f"{base}/photos/{photo_id}", None),
        ("get", f"{base}/photos/{photo_id}/thumbnail", None),
        ("patch", f"{base}/photos/{photo_id}", {"caption": "Piraté"}),
        ("delete", f"{base}/photos/{photo_id}", None),
    ]
    for method, url, body in attempts:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == 404, (method, url)
        assert error_of(response)["code"] == "not_found"
    from builders_traces import jpeg_bytes

    response = client.post(
        f"{base}/photos",
        data={"file": (__import__("io").BytesIO(jpeg_bytes()), "p.jpg")},
        headers=headers,
    )
    assert response.status_code == 404
    assert counts() == before
    assert _trace(trace.id).title == trace.title
    assert _trace(trace.id).photos[0].caption == "Photo 1"


@pytest.mark.parametrize("trace_id", ["0", "99999", "2147483648", "99999999999999999999"])
def test_ids_that_name_nothing_are_404(client, headers, trace_id):
    response = client.get(f"/api/v1/traces/{trace_id}", headers=headers)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_negative_or_text_id_is_404(client, headers):
    for trace_id in ("-1", "abc", "1.5"):
        response = client.get(f"/api/v1/traces/{trace_id}", headers=headers)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
