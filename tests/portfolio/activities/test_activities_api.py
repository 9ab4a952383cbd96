"""GET /api/v1/activities and /api/v1/sessions: the site's catalogue, and sessions by role."""

from __future__ import annotations

from datetime import date, time, timedelta

from builders_api import forge_token, make_token
from builders_referent import team

from builders import make_user
from portfolio.activities.services import catalogue, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services.frameworks import frameworks

RAW = {
    "code": "CUISINE",
    "title": "Cuisiner pour le groupe",
    "kind": "atelier",
    "duration": 120,
    "group_size": 10,
    "targets": ["E2C-2C", "SOC2"],
    "indicators": ["SOC2-1"],
}


def _world():
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site)
    activity = catalogue.create_activity(None, site, check_activity(RAW, frameworks()))
    other_site, other_referent, _ = team()
    catalogue.create_activity(
        None, other_site, check_activity(RAW | {"title": "Ailleurs"}, frameworks())
    )
    shared = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            date.today() + timedelta(days=1), time(9), time(11), "Salle", (), [trainee.id, other.id]
        ),
    )
    sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(date.today(), time(14), time(15), "", (), [other.id]),
    )
    sessions.take_attendance(referent, shared, {other.id: "absent"})
    db.session.commit()
    return referent, trainee, other, other_referent, shared


def _get(client, url, token):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


def test_a_trainee_reads_the_site_catalogue_and_only_their_own_rows(client):
    _referent, trainee, _other, _other_referent, shared = _world()
    token = make_token(trainee)
    activities = _get(client, "/api/v1/activities", token).get_json()["activities"]
    assert [a["title"] for a in activities] == ["Cuisiner pour le groupe"]
    assert activities[0]["targets"][1] == {
        "framework_id": "cps-spf2022",
        "competency_id": "SOC2",
        "indicator_ids": ["SOC2-1"],
    }
    found = _get(client, "/api/v1/sessions", token).get_json()["sessions"]
    assert [s["id"] for s in found] == [shared.id]
    assert found[0]["participants"] == [{"trainee_id": trainee.id, "attendance": "expected"}]


def test_a_referent_token_reads_every_session_of_their_site_only(client):
    referent, trainee, other, other_referent, shared = _world()
    found = _get(client, "/api/v1/sessions", forge_token(referent)).get_json()["sessions"]
    assert len(found) == 2
    rows = {
        p["trainee_id"]: p["attendance"]
        for s in found
        if s["id"] == shared.id
        for p in s["participants"]
    }
    assert rows == {trainee.id: "expected", other.id: "absent"}
    assert _get(client, "/api/v1/sessions", forge_token(other_referent)).get_json() == {
        "sessions": []
    }


def test_companies_and_query_strings_are_refused(client):
    _world()
    company = make_user(Role.COMPANY)
    assert _get(client, "/api/v1/sessions", forge_token(company)).status_code == 403
    trainee_token = make_token(make_user(Role.TRAINEE))
    assert _get(client, "/api/v1/activities?x=1", trainee_token).status_code == 400
    assert client.get("/api/v1/activities").status_code == 401
