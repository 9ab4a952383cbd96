"""Exits and attestations (ACA): recording the exit, the attestation's life (draft, the
trainee's review, final, corrected, revoked), bad input, and who may see what."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from builders_referent import (
    COMP_A,
    COMP_C,
    make_internship,
    make_level,
    make_note,
    make_trace,
    team,
)
from pypdf import PdfReader
from sqlalchemy import func, insert, select

from builders import login, make_company, make_site, make_user, page_text
from portfolio.exits.services import attestations as aca
from portfolio.exits.services.exits import ExitInput, exit_of, record_exit, record_exits
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    Attestation,
    AttestationStatus,
    Role,
    TraineeExit,
    assessment_note,
)
from portfolio.models.traces import assessment_trace
from portfolio.services.rules import ReferentError

LEFT = date.today() - timedelta(days=10)


def _rows() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(TraineeExit.id))) or 0,
        db.session.scalar(select(func.count(Attestation.id))) or 0,
    )


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    """A trainee with evidence behind two referent levels, a tutor's level and an internship."""
    site, referent, trainee = team()
    site.director_name = "Hélène Garnier"
    trace = make_trace(trainee, title="Le stand du marché", competencies=(COMP_A,))
    note = make_note(referent, trainee)
    level = make_level(trainee, COMP_A, 3, source=AssessmentSource.REFERENT, author=referent)
    db.session.execute(insert(assessment_trace).values(assessment_id=level.id, trace_id=trace.id))
    db.session.execute(insert(assessment_note).values(assessment_id=level.id, note_id=note.id))
    make_level(trainee, COMP_C, 2, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_C, 1, source=AssessmentSource.SELF)  # never on the attestation
    internship = make_internship(referent, trainee)
    tutor = make_user(Role.REFERENT, first_name="Sophie", last_name="Leroy")  # only her name
    make_level(trainee, COMP_C, 3, source=AssessmentSource.TUTOR, author=tutor)
    return {"site": site, "referent": referent, "trainee": trainee, "internship": internship}


def _leave(world: dict[str, Any], **changes: Any) -> TraineeExit:
    values: dict[str, Any] = {"left_on": LEFT, "outcome": "alternance", "trade": "D1106"}
    values.update(changes)
    row = record_exit(world["referent"], world["trainee"], ExitInput(**values))
    db.session.commit()
    return row


def _final(world: dict[str, Any]) -> Attestation:
    _leave(world)
    draft = aca.prepare(world["referent"], world["trainee"])
    aca.review(world["trainee"], draft, agreed=True, comment="")
    aca.finalize(world["referent"], draft)
    db.session.commit()
    return draft


def test_the_attestation_states_the_team_levels_with_their_evidence(world):
    _leave(world)
    draft = aca.prepare(world["referent"], world["trainee"])
    db.session.commit()
    content = draft.content
    assert draft.status is AttestationStatus.DRAFT and draft.number is None
    by_id = {c["id"]: c for c in content["competencies"]}
    assert set(by_id) == {COMP_A, COMP_C}  # the self level alone puts nothing on it
    assert by_id[COMP_A]["level"] == 3 and by_id[COMP_A]["level_label"] == "J'analyse"
    assert by_id[COMP_A]["traces"][0]["title"] == "Le stand du marché"
    assert by_id[COMP_A]["observations"][0]["situation"] == "Atelier"
    assert by_id[COMP_C]["level"] == 2  # the referent's, not the tutor's 3
    assert by_id[COMP_C]["tutors"] == [
        {"name": "Sophie Leroy", "level": 3, "date": date.today().isoformat()}
    ]
    assert content["internships"][0]["company"] == "Boulangerie du Marché"
    assert content["site"]["director"] == "Hélène Garnier"
    assert content["referent"] == world["referent"].full_name
    assert content["path"]["left_on"] == LEFT.isoformat()
    assert content["cps"], "the crosswalk of the attested competencies names CPS"


def test_the_pdf_is_tagged_text_with_its_fonts_and_the_verification_address(world, client):
    attestation = _final(world)
    login(client, world["trainee"])
    response = client.get(f"/mon-suivi/attestations/{attestation.id}/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    trainee = world["trainee"]
    assert f"{trainee.first_name} {trainee.last_name}" in flat
    assert attestation.number and attestation.number in flat
    assert "Niveau 3 : J'analyse" in flat and "Hélène Garnier" in flat
    assert attestation.public_id in text.replace("\n", "")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr" and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.metadata and "Attestation" in str(reader.metadata.title)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)
    descriptor = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    embedded = descriptor["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "/FontFile2" in embedded or "/FontFile3" in embedded


def test_a_draft_pdf_says_it_is_a_draft(world, client):
    _leave(world)
    draft = aca.prepare(world["referent"], world["trainee"])
    db.session.commit()
    login(client, world["referent"])
    response = client.get(f"/referent/stagiaires/{world['trainee'].id}/attestations/{draft.id}/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "PROJET" in text
    # Nobody can verify a draft: its address answers 404.
    assert client.get(f"/attestation/{draft.public_id}").status_code == 404


def test_the_verification_page_tells_valid_replaced_and_revoked(world, client):
    first = _final(world)
    page = client.get(f"/attestation/{first.public_id}")
    assert page.status_code == 200 and "Attestation valable" in page_text(page)
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    # A correction: a new draft, read and agreed, made final, replaces the first.
    make_level(
        world["trainee"], COMP_C, 3, source=AssessmentSource.REFERENT, author=world["referent"]
    )
    second = aca.prepare(world["referent"], world["trainee"])
    assert second.replaces_id == first.id
    aca.review(world["trainee"], second, agreed=True, comment="")
    aca.finalize(world["referent"], second)
    db.session.commit()
    db.session.refresh(first)
    assert first.status is AttestationStatus.REPLACED and first.replaced_by_id == second.id
    old = page_text(client.get(f"/attestation/{first.public_id}"))
    assert "Attestation remplacée" in old and f"/attestation/{second.public_id}" in old
    aca.revoke(world["referent"], second, "Erreur de personne.")
    db.session.commit()
    gone = page_text(client.get(f"/attestation/{second.public_id}"))
    assert "Attestation retirée" in gone and "Erreur de personne." in gone
    assert client.get("/attestation/" + "x" * 24).status_code == 404


def test_the_trainee_reviews_the_draft_before_it_can_be_final(world, client, app):
    _leave(world)
    draft = aca.prepare(world["referent"], world["trainee"])
    db.session.commit()
    with pytest.raises(ReferentError, match="relire"):
        aca.finalize(world["referent"], draft)
    login(client, world["trainee"])
    url = f"/mon-suivi/attestations/{draft.id}"
    assert "Est-ce qu'elle est juste" in page_text(client.get(url))
    refused = client.post(url, data={"avis": "corriger", "comment": ""})
    assert "est obligatoire" in page_text(refused)
    client.post(url, data={"avis": "corriger", "comment": "Mon stage a duré trois semaines."})
    db.session.refresh(draft)
    assert draft.trainee_comment == "Mon stage a duré trois semaines."
    client.post(url, data={"avis": "juste"})
    db.session.refresh(draft)
    assert draft.trainee_review.value == "agreed"
    staff = app.test_client()
    login(staff, world["referent"])
    done = staff.post(
        f"/referent/stagiaires/{world['trainee'].id}/attestations/{draft.id}/finaliser",
        follow_redirects=True,
    )
    assert "L'attestation est finale." in page_text(done)


def test_the_referent_records_the_exit_and_prepares_from_the_pages(world, client):
    login(client, world["referent"])
    base = f"/referent/stagiaires/{world['trainee'].id}"
    page = client.post(
        f"{base}/sortie",
        data={
            "left_on": LEFT.isoformat(),
            "outcome": "cdi",
            "trade": "D1106",
            "comment": "Vendeuse",
        },
        follow_redirects=True,
    )
    assert "Sortie enregistrée." in page_text(page)
    assert exit_of(world["trainee"]).outcome.value == "cdi"
    prepared = client.post(f"{base}/attestations", follow_redirects=True)
    assert "Attestation préparée" in page_text(prepared)
    assert "Le stand du marché" in page_text(prepared)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"left_on": date.today() + timedelta(days=5)}, "dans le futur"),
        ({"left_on": "2026-01-01"}, "doit être une date"),
        ({"outcome": "vacances"}, "dans la liste"),
        ({"outcome": 3}, "dans la liste"),
        ({"trade": "Z9999"}, "n'existe pas"),
        ({"comment": "x" * 1001}, "trop long"),
        ({"comment": ["pas", "un texte"]}, "doit être un texte"),
    ],
)
def test_a_bad_exit_is_refused_and_writes_nothing(world, changes, message):
    with pytest.raises(ReferentError, match=message):
        _leave(world, **changes)
    db.session.rollback()
    assert _rows() == (0, 0)


def test_only_the_trainees_referent_records_an_exit(world):
    stranger = make_user(Role.REFERENT, site=world["site"])
    with pytest.raises(ReferentError, match="ne suivez pas"):
        record_exit(stranger, world["trainee"], ExitInput(left_on=LEFT, outcome="cdi"))
    db.session.rollback()
    assert _rows() == (0, 0)


def test_exits_for_several_trainees_are_all_or_nothing(world):
    referent = world["referent"]
    second = make_user(Role.TRAINEE, site=world["site"], referent=referent)
    elsewhere = make_user(Role.TRAINEE, site=make_site())
    same = ExitInput(left_on=LEFT, outcome="formation")
    with pytest.raises(ReferentError, match="ne fait pas partie"):
        record_exits(referent, [world["trainee"].id, elsewhere.id], same)
    db.session.rollback()
    assert _rows() == (0, 0)
    for bad in ([], ["abc"], [0], [2**40]):
        with pytest.raises(ReferentError):
            record_exits(referent, bad, same)
        db.session.rollback()
    record_exits(referent, [world["trainee"].id, str(second.id)], same)
    db.session.commit()
    assert _rows() == (2, 0)


def test_preparing_needs_an_exit_a_director_and_a_confirmed_level(world):
    referent, trainee = world["referent"], world["trainee"]
    with pytest.raises(ReferentError, match="sortie"):
        aca.prepare(referent, trainee)
    db.session.rollback()
    _leave(world)
    world["site"].director_name = ""
    db.session.commit()
    with pytest.raises(ReferentError, match="directeur"):
        aca.prepare(referent, trainee)
    db.session.rollback()
    bare = make_user(Role.TRAINEE, site=world["site"], referent=referent)
    world["site"].director_name = "H. Garnier"
    record_exit(referent, bare, ExitInput(left_on=LEFT, outcome="autre"))
    db.session.commit()
    with pytest.raises(ReferentError, match="vide"):
        aca.prepare(referent, bare)
    db.session.rollback()
    assert _rows() == (2, 0)


def test_a_revocation_needs_a_reason_and_a_final_attestation(world):
    attestation = _final(world)
    with pytest.raises(ReferentError, match="obligatoire"):
        aca.revoke(world["referent"], attestation, "  ")
    db.session.rollback()
    company_user = make_user(Role.COMPANY, site=world["site"], company=make_company(world["site"]))
    with pytest.raises(ReferentError, match="équipe"):
        aca.revoke(company_user, attestation, "Parce que.")
    db.session.rollback()
    db.session.refresh(attestation)
    assert attestation.status is AttestationStatus.FINAL


def test_other_people_get_404_on_attestations(world, client, app):
    attestation = _final(world)
    trainee = world["trainee"]
    urls = [
        f"/mon-suivi/attestations/{attestation.id}",
        f"/mon-suivi/attestations/{attestation.id}/pdf",
    ]
    staff_urls = [
        f"/referent/stagiaires/{trainee.id}/sortie",
        f"/referent/stagiaires/{trainee.id}/attestations/{attestation.id}",
        f"/referent/stagiaires/{trainee.id}/attestations/{attestation.id}/pdf",
    ]
    other_trainee = make_user(Role.TRAINEE, site=world["site"], referent=world["referent"])
    login(client, other_trainee)
    assert all(client.get(u).status_code == 404 for u in urls + staff_urls)
    other_site_referent = make_user(Role.REFERENT, site=make_site())
    client = app.test_client()
    login(client, other_site_referent)
    assert all(client.get(u).status_code == 404 for u in staff_urls)
    revoke = f"/referent/stagiaires/{trainee.id}/attestations/{attestation.id}/retirer"
    assert client.post(revoke, data={"reason": "x"}).status_code == 404
    db.session.refresh(attestation)
    assert attestation.status is AttestationStatus.FINAL


def test_the_site_admin_names_the_director_and_the_switches(world, client, app):
    site = world["site"]
    admin = make_user(Role.ADMIN, site=site)
    login(client, admin)
    url = f"/admin/sites/{site.id}/parametres"
    page = client.post(
        url,
        data={"director_name": "  Paul Girard ", "blind_rating": "y"},
        follow_redirects=True,
    )
    assert "Paramètres du site enregistrés." in page_text(page)
    db.session.refresh(site)
    assert (site.director_name, site.blind_rating, site.showcase_needs_approval) == (
        "Paul Girard",
        True,
        False,
    )
    too_long = client.post(url, data={"director_name": "x" * 201})
    assert "200" in page_text(too_long)
    other_admin = make_user(Role.ADMIN, site=make_site())
    client = app.test_client()
    login(client, other_admin)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"director_name": "Intrus"}).status_code == 404
    db.session.refresh(site)
    assert site.director_name == "Paul Girard"


def test_the_statement_is_built_with_a_fixed_number_of_queries(world):
    from builders import counting_queries

    _leave(world)
    trainee = world["trainee"]
    with counting_queries() as few:
        aca.prepare(world["referent"], trainee)
    db.session.rollback()
    for n in range(8):
        trace = make_trace(trainee, title=f"Trace {n}", competencies=(COMP_A,))
        level = make_level(
            trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=world["referent"]
        )
        db.session.execute(
            insert(assessment_trace).values(assessment_id=level.id, trace_id=trace.id)
        )
    db.session.commit()
    with counting_queries() as more:
        aca.prepare(world["referent"], trainee)
    assert len(more) == len(few)
    assert db.session.scalar(select(func.count(Assessment.id))) >= 10


def test_drawing_a_pdf_leaves_the_photo_pipeline_as_strict_as_before(world, client):
    """WeasyPrint turns Pillow's tolerance of broken files on when imported: after a PDF is
    drawn, a JPEG with an impossible Huffman table is still refused."""
    from photos import samples
    from PIL import ImageFile

    from portfolio.services.photos import PhotoRejected, process_photo

    attestation = _final(world)
    login(client, world["trainee"])
    assert client.get(f"/mon-suivi/attestations/{attestation.id}/pdf").status_code == 200
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as any library might leave it
    with pytest.raises(PhotoRejected):
        process_photo(samples.jpeg_bad_huffman_table())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
