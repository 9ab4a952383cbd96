"""Admin pages: accounts, referents, hand-overs, imports; each admin limited to their site."""

from __future__ import annotations

import base64
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ReferentAssignment, Role, User, utcnow
from portfolio.services.access import can_see_trainee, followed_trainees_query
from portfolio.services.accounts import (
    AccountError,
    assign_referent,
    current_referent,
    start_handover,
)


@pytest.fixture
def site_admin(client):
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    login(client, admin)
    return admin


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_creates_a_trainee_with_a_referent(client, site_admin):
    referent = make_user(Role.REFERENT, site=site_admin.site)
    response = client.post(
        "/admin/comptes/nouveau",
        data={
            "role": "trainee",
            "login": "sami.k",
            "first_name": "Sami",
            "last_name": "Kaci",
            "site_id": site_admin.site_id,
            "company_id": 0,
            "referent_id": referent.id,
            "birth_date": "2009-02-01",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "mot de passe provisoire" in html
    sami = db.session.scalar(select(User).where(User.login == "sami.k"))
    assert sami.must_change_password and sami.is_minor
    assert current_referent(sami).id == referent.id


def test_admin_cannot_create_on_another_site(client, site_admin):
    other = make_site()
    before = _count(User)
    response = client.post(
        "/admin/comptes/nouveau",
        data={
            "role": "trainee",
            "login": "x.y",
            "first_name": "X",
            "site_id": other.id,
            "company_id": 0,
            "referent_id": 0,
        },
    )
    assert response.status_code == 200  # the form refuses an unknown choice
    assert "Not a valid choice" in response.get_data(as_text=True) or "valide" in response.get_data(
        as_text=True
    )
    assert _count(User) == before


def test_duplicate_login_is_refused(client, site_admin):
    make_user(site=site_admin.site, login="dup.login")
    before = _count(User)
    response = client.post(
        "/admin/comptes/nouveau",
        data={
            "role": "trainee",
            "login": "Dup.Login",
            "first_name": "D",
            "site_id": site_admin.site_id,
            "company_id": 0,
            "referent_id": 0,
        },
        follow_redirects=True,
    )
    assert "déjà utilisé" in response.get_data(as_text=True)
    assert _count(User) == before


def test_other_sites_accounts_answer_404(client, site_admin):
    stranger = make_user(site=make_site())
    assert client.get(f"/admin/comptes/{stranger.id}").status_code == 404
    assert client.post(f"/admin/comptes/{stranger.id}/activer").status_code == 404
    assert client.post(f"/admin/comptes/{stranger.id}/mot-de-passe").status_code == 404
    db.session.refresh(stranger)
    assert stranger.active


def test_non_admins_get_404_on_admin_pages(client):
    for role in (Role.TRAINEE, Role.REFERENT, Role.COMPANY):
        c = client.application.test_client()
        login(c, make_user(role))
        for url in ("/admin/comptes", "/admin/import", "/admin/sites", "/admin/remplacements"):
            assert c.get(url).status_code == 404, (role, url)


def test_deactivation_ends_sessions(app, site_admin, client):
    trainee = make_user(site=site_admin.site)
    browser = app.test_client()
    login(browser, trainee)
    assert browser.get("/").status_code == 200
    client.post(f"/admin/comptes/{trainee.id}/activer")
    assert browser.get("/").status_code == 302


def test_admin_cannot_deactivate_self(client, site_admin):
    response = client.post(f"/admin/comptes/{site_admin.id}/activer", follow_redirects=True)
    assert "propre compte" in response.get_data(as_text=True)
    db.session.refresh(site_admin)
    assert site_admin.active


def test_referent_history_is_kept():
    site = make_site()
    a, b = make_user(Role.REFERENT, site=site), make_user(Role.REFERENT, site=site)
    trainee = make_user(site=site, referent=a)
    assign_referent(trainee, b)
    db.session.commit()
    rows = db.session.scalars(
        select(ReferentAssignment).where(ReferentAssignment.trainee_id == trainee.id)
    ).all()
    assert [r.referent_id for r in rows] == [a.id, b.id]
    assert rows[0].ended_at is not None and rows[1].ended_at is None
    assert current_referent(trainee).id == b.id
    assert not can_see_trainee(a, trainee)


def test_referent_of_another_site_is_refused():
    trainee = make_user()
    with pytest.raises(AccountError, match="même site"):
        assign_referent(trainee, make_user(Role.REFERENT))


def test_handover_gives_access_for_the_period_only():
    site = make_site()
    away, cover = make_user(Role.REFERENT, site=site), make_user(Role.REFERENT, site=site)
    trainee = make_user(site=site, referent=away)
    today = utcnow().date()
    assert not can_see_trainee(cover, trainee)
    start_handover(away, cover, today - timedelta(days=1), today + timedelta(days=6))
    db.session.commit()
    assert can_see_trainee(cover, trainee)
    assert trainee in db.session.scalars(followed_trainees_query(cover)).all()
    assert not can_see_trainee(cover, trainee, on=today + timedelta(days=7))
    assert not can_see_trainee(cover, trainee, on=today - timedelta(days=2))


def test_handover_with_bad_dates_is_refused(client, site_admin):
    a = make_user(Role.REFERENT, site=site_admin.site)
    b = make_user(Role.REFERENT, site=site_admin.site)
    response = client.post(
        "/admin/remplacements",
        data={
            "from_referent_id": a.id,
            "to_referent_id": b.id,
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
        },
        follow_redirects=True,
    )
    assert "La date de fin doit être après" in response.get_data(as_text=True)


def test_import_creates_everyone_and_returns_passwords(client, site_admin):
    referent = make_user(Role.REFERENT, site=site_admin.site, login="claire.m")
    csv_text = "identifiant;prenom;nom;email;date_naissance;referent\nali.b;Ali;Ben;ali@example.org;14/05/2008;claire.m\nzoe.c;Zoé;Costa;;2005-01-02;\n"
    response = client.post(
        "/admin/import",
        data={
            "site_id": site_admin.site_id,
            "file": (io.BytesIO(csv_text.encode()), "stagiaires.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "2 stagiaires ajoutés." in page_text(response)
    body = credentials_file(response)
    assert "ali.b" in body and "zoe.c" in body and "mot_de_passe_provisoire" in body
    ali = db.session.scalar(select(User).where(User.login == "ali.b"))
    assert ali.must_change_password and current_referent(ali).id == referent.id


def credentials_file(response) -> str:
    """The temporary passwords the import page offers to download (a data: link)."""
    found = re.search(
        r'download="[^"]+\.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
        response.get_data(as_text=True),
    )
    assert found, "no download link for the passwords"
    return base64.b64decode(found.group(1)).decode()


def test_import_with_one_bad_row_imports_nothing(client, site_admin):
    csv_text = "identifiant;prenom;nom\nok.one;Un;Deux\nBAD LOGIN;Trois;Quatre\nok.two;;Six\n"
    before = _count(User)
    response = client.post(
        "/admin/import",
        data={"site_id": site_admin.site_id, "file": (io.BytesIO(csv_text.encode()), "x.csv")},
        content_type="multipart/form-data",
    )
    html = page_text(response)
    assert "Rien n'a été importé : 2 lignes à corriger." in html
    assert "Ligne 3" in html and "Ligne 4" in html and "prénom manquant" in html
    assert _count(User) == before
