"""Self-assessments through the API: append-only history, the latest levels, bad input."""

from __future__ import annotations

import pytest
from builders_api import bearer, error_of, fields_of, make_token
from builders_traces import COMP_A, COMP_B, counts, make_trace

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, Role

URL = "/api/v1/self-assessments"


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE)


@pytest.fixture
def headers(trainee):
    return bearer(make_token(trainee))


def _post(client, headers, **body):
    return client.post(URL, json=body, headers=headers)


def test_self_assess_with_a_comment_and_supporting_traces(client, trainee, headers):
    trace = make_trace(trainee, competencies=(COMP_A,))
    response = _post(
        client,
        headers,
        competency_id=COMP_A,
        level=2,
        comment="Je sais expliquer.",
        trace_ids=[trace.id],
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["source"] == "self"
    assert (body["competency_id"], body["level"], body["level_label"]) == (COMP_A, 2, "J'explique")
    assert body["competency_label"] == "Traiter des informations orales ou écrites"
    assert body["comment"] == "Je sais expliquer."
    assert body["trace_ids"] == [trace.id]
    assert body["author"]["name"] == trainee.full_name
    assert response.headers["Location"].endswith(f"{URL}?competency={COMP_A}")


def test_the_history_is_append_only_and_newest_first(client, headers):
    for level in (1, 3, 2):
        assert _post(client, headers, competency_id=COMP_A, level=level).status_code == 201
    assert _post(client, headers, competency_id=COMP_B, level=4).status_code == 201

    history = client.get(f"{URL}?competency={COMP_A}", headers=headers).get_json()
    assert [i["level"] for i in history["items"]] == [2, 3, 1]
    assert history["total"] == 3
    everything = client.get(URL, headers=headers).get_json()
    assert [(i["competency_id"], i["level"]) for i in everything["items"]] == [
        (COMP_B, 4),
        (COMP_A, 2),
        (COMP_A, 3),
        (COMP_A, 1),
    ]
    page = client.get(f"{URL}?per_page=3&page=2", headers=headers).get_json()
    assert [i["level"] for i in page["items"]] == [1]
    assert (page["page"], page["pages"]) == (2, 2)

    latest = client.get(f"{URL}/latest", headers=headers).get_json()["items"]
    assert [(i["competency_id"], i["level"]) for i in latest] == [(COMP_A, 2), (COMP_B, 4)]


def test_the_list_shows_only_my_own_stream(client, trainee, headers):
    referent = make_user(Role.REFERENT, site=trainee.site)
    db.session.add(
        Assessment(
            trainee_id=trainee.id,
            source=AssessmentSource.REFERENT,
            author_id=referent.id,
            framework_id="e2c-apc",
            framework_version="2018.1",
            competency_id=COMP_A,
            level=3,
        )
    )
    db.session.commit()
    other = make_user(Role.TRAINEE)
    assert (
        _post(client, bearer(make_token(other)), competency_id=COMP_A, level=1).status_code == 201
    )
    assert _post(client, headers, competency_id=COMP_A, level=2).status_code == 201
    items = client.get(URL, headers=headers).get_json()["items"]
    assert [(i["source"], i["level"]) for i in items] == [("self", 2)]
    latest = client.get(f"{URL}/latest", headers=headers).get_json()["items"]
    assert [i["level"] for i in latest] == [2]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"level": 2}, "competency_id", "obligatoire"),
        ({"competency_id": COMP_A}, "level", "obligatoire"),
        ({"competency_id": COMP_A, "level": 0}, "level", "de 1 à 4"),
        ({"competency_id": COMP_A, "level": 5}, "level", "de 1 à 4"),
        ({"competency_id": COMP_A, "level": "2"}, "level", "nombre entier"),
        ({"competency_id": COMP_A, "level": 2.5}, "level", "nombre entier"),
        ({"competency_id": COMP_A, "level": True}, "level", "nombre entier"),
        ({"competency_id": "E2C-99", "level": 2}, "competency_id", "inconnue"),
        ({"competency_id": 12, "level": 2}, "competency_id", "texte"),
        ({"competency_id": COMP_A, "level": 2, "comment": "x" * 2001}, "comment", "2000"),
        ({"competency_id": COMP_A, "level": 2, "comment": ["x"]}, "comment", "texte"),
        ({"competency_id": COMP_A, "level": 2, "trace_ids": "1"}, "trace_ids", "liste"),
        ({"competency_id": COMP_A, "level": 2, "trace_ids": ["1"]}, "trace_ids[0]", "entier"),
        ({"competency_id": COMP_A, "level": 2, "trace_ids": [1, 1]}, "trace_ids", "une fois"),
        ({"competency_id": COMP_A, "level": 2, "source": "referent"}, "source", "n'existe pas"),
        ({"competency_id": COMP_A, "level": 2, "trainee_id": 1}, "trainee_id", "n'existe pas"),
    ],
)
def test_bad_self_assessments_are_refused(client, headers, body, field, words):
    before = counts()
    problems = fields_of(client.post(URL, json=body, headers=headers))
    assert words in problems[field], problems
    assert counts() == before


def test_another_trainees_trace_cannot_support_my_level(client, headers):
    theirs = make_trace(make_user(Role.TRAINEE))
    before = counts()
    response = _post(client, headers, competency_id=COMP_A, level=2, trace_ids=[theirs.id])
    assert fields_of(response) == {
        "trace_ids": "Une des traces choisies n'existe pas dans votre portfolio."
    }
    assert counts() == before


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("competency=nope", "competency"),
        ("page=-1", "page"),
        ("per_page=0", "per_page"),
        ("x=1", "x"),
    ],
)
def test_bad_list_parameters(client, headers, query, field):
    assert field in fields_of(client.get(f"{URL}?{query}", headers=headers))


def test_nothing_can_change_or_delete_an_assessment(client, headers):
    assert _post(client, headers, competency_id=COMP_A, level=2).status_code == 201
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(URL, json={"level": 4}, headers=headers)
        assert response.status_code == 405
        assert error_of(response)["code"] == "method_not_allowed"
    items = client.get(URL, headers=headers).get_json()["items"]
    assert [i["level"] for i in items] == [2]
