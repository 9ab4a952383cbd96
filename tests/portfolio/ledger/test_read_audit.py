"""The audit of reads: staff and companies leave one row per record opened, the trainee's own
reads leave none; the trainee sees who read; the admin filters the log of their site only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders_company import make_partner, publish_trainee
from builders_referent import make_note, team
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ReadAudit, ReadKind, Role, utcnow
from portfolio.services import ledger


def _rows(trainee_id: int) -> list[ReadAudit]:
    return list(
        db.session.scalars(
            select(ReadAudit).where(ReadAudit.trainee_id == trainee_id).order_by(ReadAudit.id)
        )
    )


def test_each_staff_and_company_read_is_kept_and_the_trainee_sees_who(app):
    world = publish_trainee(first_name="Inès", last_name="Martin")
    trainee, referent = world.trainee, world.referent
    note = make_note(referent, trainee)
    company_user = make_partner(trainee.site, name="Boulangerie du Nord")
    staff = app.test_client()
    login(staff, referent)
    for url in (
        f"/referent/stagiaires/{trainee.id}",
        f"/referent/stagiaires/{trainee.id}/traces/{world.traces[0].id}",
        f"/referent/stagiaires/{trainee.id}/notes/{note.id}",
        f"/referent/stagiaires/{trainee.id}/ecart",
    ):
        assert staff.get(url).status_code == 200, url
    company = app.test_client()
    login(company, company_user)
    assert company.get(f"/entreprise/vitrines/{world.showcase.id}").status_code == 200

    rows = _rows(trainee.id)
    assert [(r.kind, r.record_id) for r in rows] == [
        (ReadKind.FILE, None),
        (ReadKind.TRACE, world.traces[0].id),
        (ReadKind.NOTE, note.id),
        (ReadKind.GAPS, None),
        (ReadKind.SHOWCASE, world.showcase.id),
    ]
    assert [r.reader_id for r in rows] == [referent.id] * 4 + [company_user.id]
    assert rows[-1].reader_role == "company" and rows[-1].company_id == company_user.company_id

    own = app.test_client()
    login(own, trainee)
    for url in (
        "/mon-suivi",
        "/mon-suivi/ecart",
        "/vitrine/",
        f"/portfolio/traces/{world.traces[0].id}",
    ):
        own.get(url)
    assert len(_rows(trainee.id)) == 5  # the trainee's own reads are not kept
    text = page_text(own.get("/mon-suivi"))
    assert "Qui a consulté mon portfolio" in text
    assert referent.full_name in text and "référent" in text
    assert "Boulangerie du Nord" in text and "votre vitrine" in text


def test_an_unknown_record_keeps_no_row(app):
    _site, referent, trainee = team()
    client = app.test_client()
    login(client, referent)
    assert client.get(f"/referent/stagiaires/{trainee.id}/notes/999999").status_code == 404
    assert _rows(trainee.id) == []


def test_the_audit_is_append_only():
    _site, referent, trainee = team()
    ledger.record_read(referent, trainee.id, ReadKind.FILE, None)
    db.session.commit()
    row = _rows(trainee.id)[0]
    row.kind = ReadKind.NOTE
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_the_trainee_file_costs_one_insert_more_at_most(app, monkeypatch):
    _site, referent, trainee = team()
    client = app.test_client()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}"
    client.get(url)  # warm
    with counting_queries() as logged:
        assert client.get(url).status_code == 200
    monkeypatch.setattr(ledger, "record_read", lambda *args: None)
    with counting_queries() as unlogged:
        assert client.get(url).status_code == 200
    assert len(logged) - len(unlogged) == 1, (logged, unlogged)
    assert sum("read_audit" in s.lower() for s in logged) == 1


def _site_log():
    site, referent, trainee = team()
    other_trainee = make_user(Role.TRAINEE, site=site, referent=referent)
    admin = make_user(Role.ADMIN, site=site)
    old = ReadAudit(
        trainee_id=other_trainee.id,
        reader_id=admin.id,
        reader_role="admin",
        kind=ReadKind.FILE,
        at=utcnow() - timedelta(days=40),
    )
    db.session.add(old)
    ledger.record_read(referent, trainee.id, ReadKind.NOTE, 7)
    db.session.commit()
    return site, referent, trainee, other_trainee, admin


def test_the_admin_filters_by_person_trainee_and_dates(app):
    _site, referent, trainee, other_trainee, admin = _site_log()
    client = app.test_client()
    login(client, admin)
    everything = page_text(client.get("/admin/lectures"))
    assert "2 lectures" in everything
    by_reader = page_text(client.get(f"/admin/lectures?lecteur={referent.id}"))
    assert "1 lecture" in by_reader and trainee.full_name in by_reader
    by_trainee = page_text(client.get(f"/admin/lectures?stagiaire={other_trainee.id}"))
    assert "1 lecture" in by_trainee and other_trainee.full_name in by_trainee
    since = (utcnow() - timedelta(days=2)).date().isoformat()
    recent = page_text(client.get(f"/admin/lectures?du={since}"))
    assert "1 lecture" in recent and "une note" in recent
    backwards = page_text(client.get(f"/admin/lectures?du={since}&au=2020-01-01"))
    assert "La date de fin vient avant la date de début." in backwards
    assert "Not a valid date" not in page_text(client.get("/admin/lectures?du=hier"))


def test_other_sites_admins_and_companies_get_404(app):
    _site, referent, trainee, _other, _admin = _site_log()
    stranger = make_user(Role.ADMIN, site=make_site())
    client = app.test_client()
    login(client, stranger)
    assert client.get(f"/admin/lectures?stagiaire={trainee.id}").status_code == 404
    assert client.get(f"/admin/lectures?lecteur={referent.id}").status_code == 404
    assert "Aucune lecture" in page_text(client.get("/admin/lectures"))
    company = app.test_client()
    login(company, make_user(Role.COMPANY, site=trainee.site))
    assert company.get("/admin/lectures").status_code == 404
    assert db.session.scalar(select(func.count(ReadAudit.id))) == 2


def test_a_trainee_reading_their_own_record_keeps_nothing():
    _site, _referent, trainee = team()
    ledger.record_read(trainee, trainee.id, ReadKind.TRACE, 1)
    db.session.commit()
    assert _rows(trainee.id) == []
