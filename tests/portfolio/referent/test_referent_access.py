"""Access matrix: every role × every referent URL (and the trainee's follow-up pages).

Anything a person may not see answers 404, never 403; anonymous visitors go to the login
page. The covering referent sees the colleague's trainee during the hand-over only.
One test per role builds the world once and checks every URL against the table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from builders_referent import COMP_A, make_internship, make_note, make_trace, team

from builders import login, make_company, make_user
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import Handover, Role
from portfolio.referent import services as svc

ROLES = [
    "trainee",
    "other_trainee",
    "referent",
    "covering_during",
    "covering_after",
    "colleague_no_handover",
    "other_site_referent",
    "company",
    "site_admin",
    "other_site_admin",
    "anonymous",
]
REFERENTS = {"referent", "covering_during"}
LOGIN = "login"  # a redirect to the login page
OK_REDIRECT = "redirect"  # a write that worked and redirects back


@dataclass(frozen=True)
class Url:
    method: str
    path: str
    allowed: frozenset[str]
    ok: int | str = 200
    data: dict[str, Any] | None = None


def _urls(w: dict[str, Any]) -> list[Url]:
    t = w["trainee"].id
    referent_only = frozenset(REFERENTS)
    base = f"/referent/stagiaires/{t}"
    get = [
        "/referent/stagiaires",
        "/referent/cohorte",
        base,
        f"{base}/traces/{w['trace'].id}",
        f"{base}/notes/nouvelle",
        f"{base}/notes/nouvelle?trace={w['trace'].id}",
        f"{base}/notes/{w['note'].id}",
        f"{base}/notes/{w['team_note'].id}",
        f"{base}/notes/{w['note'].id}/modifier",
        f"{base}/evaluer",
        f"{base}/evaluer?competence={COMP_A}",
        f"{base}/ecart",
        f"{base}/ecart/progression",
        f"{base}/bilans/nouveau",
        f"{base}/bilans/{w['review'].id}",
        f"{base}/objectifs/nouveau",
        f"{base}/stages/nouveau",
        f"{base}/stages/{w['internship'].id}",
    ]
    urls = [
        Url("GET", path, referent_only if "/stagiaires/" in path else _list_roles(path))
        for path in get
    ]
    urls += [
        Url(
            "POST",
            f"{base}/objectifs/{w['objective'].id}/clore",
            referent_only,
            OK_REDIRECT,
            {"status": "reached"},
        ),
        Url("POST", f"{base}/stages/{w['internship'].id}/lien", referent_only, OK_REDIRECT),
        Url(
            "POST",
            f"{base}/notes/{w['note'].id}",
            referent_only,
            OK_REDIRECT,
            {"body": "Bravo."},
        ),
        Url("GET", f"/referent/site/cohorte?site={w['site'].id}", frozenset({"site_admin"})),
        # The trainee's own pages: every trainee has their own, others' records are 404.
        Url("GET", "/mon-suivi", frozenset({"trainee", "other_trainee"})),
        Url("GET", "/mon-suivi/ecart", frozenset({"trainee", "other_trainee"})),
        Url("GET", "/mon-suivi/ecart/progression", frozenset({"trainee", "other_trainee"})),
        Url("GET", "/mon-suivi/export.json", frozenset({"trainee", "other_trainee"})),
        Url("GET", "/mon-suivi/export.zip", frozenset({"trainee", "other_trainee"})),
        Url("GET", f"/mon-suivi/notes/{w['note'].id}", frozenset({"trainee"})),
        Url("GET", f"/mon-suivi/notes/{w['team_note'].id}", frozenset()),
        Url("GET", f"/mon-suivi/bilans/{w['review'].id}", frozenset({"trainee"})),
        Url(
            "POST",
            f"/mon-suivi/notes/{w['note'].id}",
            frozenset({"trainee"}),
            OK_REDIRECT,
            {"body": "Merci."},
        ),
    ]
    return urls


def _list_roles(path: str) -> frozenset[str]:
    # A referent's own lists: every referent has one (possibly empty).
    return frozenset(
        {
            "referent",
            "covering_during",
            "covering_after",
            "colleague_no_handover",
            "other_site_referent",
        }
    )


def _world() -> dict[str, Any]:
    site, referent, trainee = team()
    other_site, other_referent, _ = team()
    today = date.today()
    during = make_user(Role.REFERENT, site=site)
    after = make_user(Role.REFERENT, site=site)
    colleague = make_user(Role.REFERENT, site=site)
    db.session.add_all(
        [
            Handover(
                from_referent_id=referent.id,
                to_referent_id=during.id,
                starts_on=today - timedelta(days=2),
                ends_on=today + timedelta(days=2),
            ),
            Handover(
                from_referent_id=referent.id,
                to_referent_id=after.id,
                starts_on=today - timedelta(days=10),
                ends_on=today - timedelta(days=1),
            ),
        ]
    )
    db.session.commit()
    trace = make_trace(trainee)
    objective = svc.add_objective(
        referent, trainee, svc.ObjectiveInput("Faire son CV", today, for_project=True)
    )
    review = svc.create_review(referent, trainee, svc.ReviewInput(today, "Léa\nClaire"))
    db.session.commit()
    return {
        "site": site,
        "trainee": trainee,
        "trace": trace,
        "note": make_note(referent, trainee, trace=trace),
        "team_note": make_note(referent, trainee, visibility="team"),
        "review": review,
        "objective": objective,
        "internship": make_internship(referent, trainee),
        "users": {
            "trainee": trainee,
            "other_trainee": make_user(Role.TRAINEE, site=site, referent=referent),
            "referent": referent,
            "covering_during": during,
            "covering_after": after,
            "colleague_no_handover": colleague,
            "other_site_referent": other_referent,
            "company": make_user(Role.COMPANY, site=site, company=make_company(site)),
            "site_admin": make_user(Role.ADMIN, site=site),
            "other_site_admin": make_user(Role.ADMIN, site=other_site),
        },
    }


def _expected(url: Url, role: str) -> int | str:
    if role == "anonymous":
        return LOGIN
    return url.ok if role in url.allowed else 404


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, role):
    world = _world()
    if role != "anonymous":
        login(client, world["users"][role])
    wrong = []
    checked = 0
    for url in _urls(world):
        if url.method == "GET":
            response = client.get(url.path)
        else:
            response = client.post(url.path, data=url.data or {})
        expected = _expected(url, role)
        if expected == LOGIN:
            got: int | str = (
                LOGIN
                if response.status_code == 302 and "/connexion" in response.location
                else response.status_code
            )
        elif expected == OK_REDIRECT:
            got = OK_REDIRECT if response.status_code == 302 else response.status_code
        else:
            got = response.status_code
        checked += 1
        if got != expected:
            wrong.append(f"{role} {url.method} {url.path}: expected {expected}, got {got}")
    assert checked == 31
    assert wrong == []


def test_the_tutor_page_needs_the_link_not_an_account(client):
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    assert client.get(f"/tuteur/{token}").status_code == 200
    assert client.get(f"/tuteur/{token[:-2]}xx").status_code == 404
    login(client, make_user(Role.TRAINEE, site=trainee.site))
    assert client.get(f"/tuteur/{token}").status_code == 200
