"""The final attestation's PDF is drawn once and kept: later downloads serve the same bytes
from storage; a draft is drawn each time; a correction gets its own file; erasing the trainee
deletes it. WeasyPrint is replaced by a counter here (tests/portfolio/exits/test_exits.py
draws real PDFs)."""

from __future__ import annotations

from typing import Any

import pytest
from builders_traces import photo_files
from sqlalchemy import select

from builders import login
from portfolio.exits.services import attestations as aca
from portfolio.exits.services import pdf_cache
from portfolio.extensions import db
from portfolio.models import Attestation, AttestationStatus
from portfolio.privacy.services.erasure import erase_and_commit


@pytest.fixture
def drawn(monkeypatch: Any) -> list[int]:
    calls: list[int] = []

    def fake(attestation: Attestation, verify_url: str) -> bytes:
        calls.append(attestation.id)
        return f"%PDF-1.7 attestation {attestation.id} draw {len(calls)}".encode()

    monkeypatch.setattr(pdf_cache, "render_pdf", fake)
    return calls


def _download(client: Any, attestation: Attestation) -> bytes:
    answer = client.get(f"/mon-suivi/attestations/{attestation.id}/pdf")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    return bytes(answer.data)


def test_a_final_pdf_is_drawn_once_and_served_from_storage(world, client, app, drawn):
    item = world.attestation
    login(client, world.trainee)
    first = _download(client, item)
    second = _download(client, item)
    assert first == second and drawn == [item.id]
    db.session.refresh(item)
    assert item.pdf_key is not None and item.pdf_key in photo_files(app)
    referent_copy = client  # the referent downloads the same file
    client.post("/deconnexion")
    login(referent_copy, world.referent)
    answer = client.get(f"/referent/stagiaires/{world.trainee.id}/attestations/{item.id}/pdf")
    assert answer.data == first and drawn == [item.id]


def test_a_draft_is_drawn_each_time_and_a_correction_gets_its_own_file(world, client, drawn):
    login(client, world.trainee)
    old_pdf = _download(client, world.attestation)
    draft = aca.prepare(world.referent, world.trainee)
    db.session.commit()
    _download(client, draft)
    _download(client, draft)
    assert drawn == [world.attestation.id, draft.id, draft.id]
    aca.review(world.trainee, draft, agreed=True, comment="")
    aca.finalize(world.referent, draft)
    db.session.commit()
    new_pdf = _download(client, draft)
    assert new_pdf != old_pdf
    assert _download(client, world.attestation) == old_pdf  # the replaced one keeps its own
    keys = set(db.session.scalars(select(Attestation.pdf_key)))
    assert len(keys) == 2 and None not in keys
    assert world.attestation.status is AttestationStatus.REPLACED


def test_erasing_the_trainee_deletes_their_pdf(world, client, app, drawn):
    login(client, world.trainee)
    _download(client, world.attestation)
    db.session.refresh(world.attestation)
    key = world.attestation.pdf_key
    assert key in photo_files(app)
    erase_and_commit(world.trainee, actor=None, cause="retention")
    assert key not in photo_files(app)


def test_the_export_zip_carries_the_kept_pdf(world, client, drawn):
    import io
    import zipfile

    login(client, world.trainee)
    kept = _download(client, world.attestation)
    answer = client.get("/mon-suivi/export.zip")
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
        assert archive.read("attestation.pdf") == kept
    assert drawn == [world.attestation.id]
