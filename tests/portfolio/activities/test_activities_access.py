"""Access matrix of the activities pages: every role × every route of the room.

The routes are read from the app's url_map: a new page of the room fails
:func:`test_the_table_covers_every_route_of_the_room` until it gets its row. Anything a person
may not see answers 404 (never 403); visitors go to the login page.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from builders_referent import team

from builders import login, make_company, make_user
from portfolio.activities.services import catalogue, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services.frameworks import frameworks

ROLES = [
    "trainee",
    "other_trainee",
    "referent",
    "other_site_referent",
    "site_admin",
    "other_site_admin",
    "company",
]
STAFF = frozenset({"referent", "site_admin"})
ALL_STAFF = frozenset({"referent", "site_admin", "other_site_referent", "other_site_admin"})

# rule -> roles that get 200 on GET (POST-only routes: the roles that are not answered 404)
TABLE: dict[str, frozenset[str]] = {
    "/activites": ALL_STAFF,
    "/activites/bibliotheque": ALL_STAFF,
    "/activites/nouvelle": ALL_STAFF,
    "/activites/<int:activity_id>": STAFF,
    "/activites/<int:activity_id>/modifier": STAFF,
    "/activites/<int:activity_id>/seance": STAFF,
    "/activites/<int:activity_id>/copier": ALL_STAFF,  # anyone's activity may be copied
    "/activites/export.yaml": ALL_STAFF,
    "/activites/export.csv": ALL_STAFF,
    "/activites/importer": ALL_STAFF,
    "/activites/reglage": frozenset({"site_admin", "other_site_admin"}),
    "/activites/couverture": ALL_STAFF,  # each sees their own site (?site= another: 404)
    "/activites/couverture.csv": ALL_STAFF,
    "/seances": ALL_STAFF,
    "/seances/<int:session_id>": STAFF,
    "/seances/<int:session_id>/appel": STAFF,
    "/seances/<int:session_id>/grille": STAFF,
    "/mes-ateliers": frozenset({"trainee", "other_trainee"}),
    "/mes-ateliers/<int:session_id>": frozenset({"trainee"}),
}


def test_the_table_covers_every_route_of_the_room(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("activities.")}
    assert rules == set(TABLE)


@pytest.fixture
def world() -> dict[str, Any]:
    site, referent, trainee = team()
    other_site, other_referent, _ = team()
    activity = catalogue.create_activity(
        None,
        site,
        check_activity(
            {
                "code": "A",
                "title": "Atelier",
                "kind": "atelier",
                "duration": 60,
                "group_size": 8,
                "targets": ["E2C-1C"],
            },
            frameworks(),
        ),
    )
    found = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            date.today() + timedelta(days=1), time(9), time(10), "", (), [trainee.id]
        ),
    )
    db.session.commit()
    people = {
        "trainee": trainee,
        "other_trainee": make_user(Role.TRAINEE, site=site),
        "referent": referent,
        "other_site_referent": other_referent,
        "site_admin": make_user(Role.ADMIN, site=site),
        "other_site_admin": make_user(Role.ADMIN, site=other_site),
        "company": make_user(Role.COMPANY, site=site, company=make_company(site)),
    }
    return {"people": people, "activity_id": activity.id, "session_id": found.id}


def _url(rule: str, w: dict[str, Any]) -> str:
    return rule.replace("<int:activity_id>", str(w["activity_id"])).replace(
        "<int:session_id>", str(w["session_id"])
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_what_it_may_and_404_otherwise(app, client, world, role):
    post_only = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("activities.") and "GET" not in (r.methods or ())
    }
    login(client, world["people"][role])
    wrong = []
    for rule, allowed in TABLE.items():
        url = _url(rule, world)
        if rule in post_only:
            status = client.post(url, data={}).status_code
            ok = status != 404 if role in allowed else status == 404
        else:
            status = client.get(url).status_code
            ok = status == (200 if role in allowed else 404)
        if not ok:
            wrong.append(f"{role} {url} -> {status}")
    assert wrong == []


def test_visitors_are_sent_to_the_login_page(client, world):
    for rule in TABLE:
        response = client.get(_url(rule, world))
        assert response.status_code in (302, 405), rule
        if response.status_code == 302:
            assert "/connexion" in response.headers["Location"]
