"""GET /api/v1/path: the trainee's own path; a referent reads a trainee they follow; 404/403."""

from __future__ import annotations

from datetime import date, time, timedelta

from builders_api import forge_token, make_token
from builders_referent import COMP_A, team

from builders import make_site, make_user
from portfolio.activities.services import catalogue, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services.frameworks import frameworks


def _world():
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site)
    raw = {"code": "A", "title": "Atelier A", "kind": "atelier", "duration": 120,
           "group_size": 10, "targets": [COMP_A]}  # fmt: skip
    activity = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
    session = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            date.today() + timedelta(days=3), time(9), time(11), "Salle", (), [other.id]
        ),
    )
    db.session.commit()
    return referent, trainee, other, session


def _get(client, url, token):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


def test_a_trainee_reads_their_path_with_its_reason(client):
    _referent, trainee, _other, session = _world()
    answer = _get(client, "/api/v1/path", make_token(trainee))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["trainee_id"] == trainee.id
    [first] = body["proposals"]
    assert first["kind"] == "session" and first["session_id"] == session.id
    assert first["reason_kind"] == "never"
    assert first["reason"].startswith("Vous n'avez pas encore de trace pour « ")
    assert first["places_left"] == 9 and first["request_status"] is None


def test_a_referent_reads_a_followed_trainee_only(client):
    referent, trainee, other, _session = _world()
    token = forge_token(referent)  # staff tokens are not issued by the settings page
    assert _get(client, f"/api/v1/path?trainee_id={trainee.id}", token).status_code == 200
    # ``other`` is on the site but followed by nobody: 404, as on the web.
    assert _get(client, f"/api/v1/path?trainee_id={other.id}", token).status_code == 404
    _s, stranger_referent, _t = team(make_site())
    away = forge_token(stranger_referent)
    assert _get(client, f"/api/v1/path?trainee_id={trainee.id}", away).status_code == 404
    assert _get(client, "/api/v1/path", token).status_code == 403


def test_someone_elses_path_bad_parameters_and_companies_are_refused(client):
    _referent, trainee, other, _session = _world()
    token = make_token(trainee)
    assert _get(client, f"/api/v1/path?trainee_id={other.id}", token).status_code == 404
    assert _get(client, f"/api/v1/path?trainee_id={trainee.id}", token).status_code == 200
    assert _get(client, "/api/v1/path?trainee_id=abc", token).status_code == 400
    assert _get(client, "/api/v1/path?eleve=1", token).status_code == 400
    assert client.get("/api/v1/path").status_code == 401


def test_the_path_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/path"]["get"]
    assert operation["operationId"] == "getPath"
    assert [p["name"] for p in operation["parameters"]] == ["trainee_id"]
    assert "PathOut" in document["components"]["schemas"]
