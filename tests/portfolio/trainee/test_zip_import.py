"""Importing back the portfolio ZIP (/mon-suivi/import): a trainee who moves to another E2C
sends the file they downloaded, reads what it will bring, confirms, and finds their traces,
photos, recording and self-assessments marked "Importé de <site>"; the former school's levels
and notes stay behind; the same file twice adds nothing; only the trainee has the page."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from audio import samples
from builders_referent import make_level, make_note
from builders_traces import jpeg_bytes, make_trace
from builders_zip_import import COMP_A, make_zip, portfolio_data, snapshot
from flask import current_app
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    PortfolioImport,
    Role,
    Trace,
    TraceContext,
)
from portfolio.services.frameworks import framework
from portfolio.trainee import services as traces
from portfolio.trainee.services.photos import photo_storage
from portfolio.trainee.services.zip_import.content import digest_of

IMPORT = "/mon-suivi/import"
CONFIRM = "/mon-suivi/import/confirmer"


def _indicator() -> str:
    competency = framework().get(COMP_A)
    assert competency is not None and competency.indicators
    return competency.indicators[0].id


@pytest.fixture
def exported(app: Any) -> dict[str, Any]:
    """Léa's portfolio at E2C Lille, downloaded as she would."""
    lille = make_site(name="E2C Lille")
    referent = make_user(Role.REFERENT, site=lille)
    lea = make_user(Role.TRAINEE, site=lille, referent=referent, first_name="Léa")
    meal = traces.create_trace(
        lea,
        traces.TraceData(
            title="Le repas du midi",
            body="J'ai servi vingt couverts avec l'équipe.",
            happened_on=date(2026, 2, 14),
            context=TraceContext.WORKSHOP,
            competency_ids=(COMP_A,),
            indicator_ids=(_indicator(),),
            links=[traces.LinkInput("https://exemple.fr/menu", "Le menu")],
        ),
    )
    traces.add_photo(lea, meal, jpeg_bytes(80, 60, seed=1), "Les assiettes")
    traces.add_photo(lea, meal, jpeg_bytes(80, 60, seed=2), "La salle")
    traces.attach_trace_recording(lea, meal, samples.wav(1.0))
    db.session.commit()
    make_trace(lea, title="Sans photo", competencies=())
    make_level(lea, COMP_A, 2, source=AssessmentSource.SELF, author=lea)
    make_level(lea, COMP_A, 3, source=AssessmentSource.REFERENT, author=referent)
    make_note(referent, lea, visibility="shared", observed="Très bon accueil.")
    db.session.commit()
    client = current_app.test_client()
    login(client, lea)
    response = client.get("/mon-suivi/export.zip")
    assert response.status_code == 200
    return {"zip": response.get_data(), "lea": lea, "meal": meal}


def _newcomer() -> Any:
    marseille = make_site(name="E2C Marseille")
    referent = make_user(Role.REFERENT, site=marseille)
    return make_user(Role.TRAINEE, site=marseille, referent=referent, first_name="Léa")


def _upload(client: Any, data: bytes, name: str = "mon-portfolio-e2c.zip") -> Any:
    return client.post(
        IMPORT,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _confirm(client: Any, page: Any) -> Any:
    digest = page.get_data(as_text=True).split('name="digest" type="hidden" value="')[1][:64]
    return client.post(CONFIRM, data={"digest": digest, "mine": "y"}, follow_redirects=True)


def test_round_trip_brings_traces_photos_recording_and_self_levels_marked(app, client, exported):
    newcomer = _newcomer()
    login(client, newcomer)
    preview = _upload(client, exported["zip"])
    text = page_text(preview)
    assert "Portfolio de Léa" in text and "E2C Lille" in text
    assert "2 traces" in text and "2 photos" in text and "1 enregistrement" in text
    assert "1 auto-évaluation" in text
    assert "Niveaux donnés par un référent : 1" in text and "Notes de l'équipe : 1" in text
    assert db.session.scalar(select(Trace).where(Trace.trainee_id == newcomer.id)) is None

    done = _confirm(client, preview)
    assert "Votre portfolio est importé : 2 traces ajoutées" in page_text(done)
    mine = list(
        db.session.scalars(
            select(Trace).where(Trace.trainee_id == newcomer.id).order_by(Trace.happened_on)
        )
    )
    source = exported["meal"]
    meal = next(t for t in mine if t.title == "Le repas du midi")
    assert meal.body == source.body and meal.happened_on == source.happened_on
    assert meal.context == source.context
    assert [c.competency_id for c in meal.competencies] == [COMP_A]
    assert meal.competencies[0].indicator_ids == [_indicator()]
    assert [(link.url, link.title) for link in meal.links] == [
        ("https://exemple.fr/menu", "Le menu")
    ]
    assert [p.caption for p in meal.photos] == ["Les assiettes", "La salle"]
    storage = photo_storage()
    for photo in meal.photos:
        assert storage.get(photo.display_key).startswith(b"\xff\xd8")  # re-encoded JPEG
        assert photo.display_key not in {p.display_key for p in source.photos}
    assert meal.recording is not None and storage.get(meal.recording.storage_key)[:4] == b"OggS"
    assert all(t.import_id is not None for t in mine) and len(mine) == 2

    record = db.session.scalar(select(PortfolioImport))
    assert record is not None and record.trainee_id == newcomer.id
    assert record.source_site == "E2C Lille"
    assert (record.traces, record.photos, record.recordings, record.assessments) == (2, 2, 1, 1)
    levels = list(
        db.session.scalars(select(Assessment).where(Assessment.trainee_id == newcomer.id))
    )
    assert [(a.source, a.level, a.import_id) for a in levels] == [
        (AssessmentSource.SELF, 2, record.id)
    ]
    assert [t.id for t in levels[0].traces] == []  # the self level cited no trace

    page = page_text(client.get(f"/portfolio/traces/{meal.id}"))
    assert "Importé de E2C Lille, le" in page
    assert "Importé" in page_text(client.get("/portfolio/"))
    assert "Importé" in page_text(client.get("/ma-page"))  # its latest traces say so too


def test_the_same_portfolio_twice_adds_nothing(app, client, exported):
    newcomer = _newcomer()
    login(client, newcomer)
    _confirm(client, _upload(client, exported["zip"]))
    before = snapshot()
    again = _upload(client, exported["zip"])
    assert "Vous avez déjà importé ce portfolio le" in page_text(again)
    assert 'name="mine"' not in again.get_data(as_text=True)
    record = db.session.scalar(select(PortfolioImport))
    assert record is not None
    # A confirmation sent anyway (an old tab): refused by the service, nothing doubled.
    refused = client.post(
        CONFIRM, data={"digest": record.digest, "mine": "y"}, follow_redirects=True
    )
    assert "Vous avez déjà importé ce portfolio le" in page_text(refused)
    assert snapshot() == before


def test_a_re_export_of_the_same_portfolio_is_recognised(app, client):
    trainee = _newcomer()
    login(client, trainee)
    first = make_zip(portfolio_data())
    second = make_zip(portfolio_data(exported_at="2026-07-01T10:00:00+00:00"))
    _confirm(client, _upload(client, first))
    assert "Vous avez déjà importé ce portfolio" in page_text(_upload(client, second))


def test_confirming_needs_the_box_ticked_and_changes_nothing_without_it(app, client):
    trainee = _newcomer()
    login(client, trainee)
    page = _upload(client, make_zip(portfolio_data()))
    digest = page.get_data(as_text=True).split('name="digest" type="hidden" value="')[1][:64]
    before = snapshot()
    response = client.post(CONFIRM, data={"digest": digest}, follow_redirects=True)
    assert "Cochez la case" in page_text(response)
    assert snapshot() == before
    assert "Portfolio de Léa" in page_text(response)  # the file still waits: preview again


def test_cancel_forgets_the_file(app, client):
    trainee = _newcomer()
    login(client, trainee)
    _upload(client, make_zip(portfolio_data()))
    assert list(photo_storage().keys("imports/"))
    response = client.post("/mon-suivi/import/annuler", follow_redirects=True)
    assert "Import annulé" in page_text(response)
    assert list(photo_storage().keys("imports/")) == []
    assert "Portfolio de Léa" not in page_text(client.get(IMPORT))


def test_a_different_name_is_warned_before_confirming(app, client):
    trainee = make_user(Role.TRAINEE, site=make_site(), first_name="Karim", last_name="Benali")
    login(client, trainee)
    page = page_text(_upload(client, make_zip(portfolio_data())))
    assert "ce portfolio porte un autre nom que le vôtre" in page


def test_the_follow_up_page_links_to_the_import(app, client):
    trainee = _newcomer()
    login(client, trainee)
    html = client.get("/mon-suivi").get_data(as_text=True)
    assert 'href="/mon-suivi/import"' in html


@pytest.mark.parametrize("role", [Role.REFERENT, Role.COMPANY, Role.ADMIN])
def test_only_a_trainee_has_the_import(app, client, role):
    site = make_site()
    kwargs: dict[str, Any] = {"site": site}
    if role is Role.COMPANY:
        from builders import make_company

        kwargs["company"] = make_company(site)
    user = make_user(role, **kwargs)
    login(client, user)
    before = snapshot()
    assert client.get(IMPORT).status_code == 404
    response = client.post(
        IMPORT,
        data={"file": (io.BytesIO(make_zip(portfolio_data())), "p.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert client.post(CONFIRM, data={"digest": "0" * 64, "mine": "y"}).status_code == 404
    assert snapshot() == before


def test_a_referent_sees_the_trace_marked_imported(app, client):
    marseille = make_site(name="E2C Marseille")
    referent = make_user(Role.REFERENT, site=marseille)
    trainee = make_user(Role.TRAINEE, site=marseille, referent=referent, first_name="Léa")
    login(client, trainee)
    _confirm(client, _upload(client, make_zip(portfolio_data())))
    trace = db.session.scalar(select(Trace).where(Trace.trainee_id == trainee.id))
    assert trace is not None
    client.post("/deconnexion")
    login(client, referent)
    page = client.get(f"/referent/stagiaires/{trainee.id}/traces/{trace.id}")
    assert page.status_code == 200, page.status_code
    assert "Importé de E2C Lille, le" in page_text(page)


def test_the_preview_and_its_refusals_read_in_english(app, client):
    trainee = _newcomer()
    login(client, trainee)
    client.post("/langue", data={"lang": "en", "next": "/"})
    page = page_text(_upload(client, make_zip(portfolio_data())))
    assert "Import my portfolio" in page and "1 trace" in page
    assert "Portfolio de" not in page and "Sera ajouté" not in page
    refused = page_text(_upload(client, b"not a zip at all"))
    assert "This file is not a portfolio in ZIP format" in refused, refused


def test_the_digest_ignores_the_export_date():
    assert digest_of({"a": 1, "exported_at": "x"}) == digest_of({"a": 1, "exported_at": "y"})
    assert digest_of({"a": 1}) != digest_of({"a": 2})


def test_a_file_left_waiting_is_swept_by_the_photo_cleanup(app, client):
    from datetime import timedelta

    from portfolio.trainee.services.photos import cleanup_orphan_photos

    trainee = _newcomer()
    login(client, trainee)
    _upload(client, make_zip(portfolio_data()))
    waiting = list(photo_storage().keys("imports/"))
    assert len(waiting) == 1
    assert waiting[0] not in cleanup_orphan_photos(timedelta(hours=1)).orphans  # still fresh
    assert waiting[0] in cleanup_orphan_photos(timedelta(0)).orphans
    assert list(photo_storage().keys("imports/")) == []
