"""A portfolio ZIP is a file anyone can forge: every hostile archive below is made here (no
binary blob in the repository) and each one is refused with a French sentence naming the
problem, with nothing written (rows, photo and recording files); or, for a photo or a
recording its pipeline refuses, left out alone with its reason."""

from __future__ import annotations

import io
import json
import stat
import struct
import zipfile
from typing import Any

import pytest
from audio import samples
from builders_traces import jpeg_bytes
from builders_zip_import import make_zip, portfolio_data, self_row, snapshot, trace_row
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, Trace
from portfolio.trainee.services import zip_import
from portfolio.trainee.services.photos import photo_storage
from portfolio.trainee.services.zip_import import archive as safe


@pytest.fixture
def trainee(app: Any) -> Any:
    return make_user(Role.TRAINEE, site=make_site(), first_name="Léa")


def _import(trainee: Any, data: bytes) -> zip_import.ImportResult:
    """Preview then import, as the pages do; the caller's transaction is rolled back on a
    refusal, as the view does."""
    try:
        seen = zip_import.preview(trainee, io.BytesIO(data))
        result = zip_import.import_portfolio(trainee, io.BytesIO(data), seen.content.digest)
    except zip_import.ImportRefused:
        db.session.rollback()
        raise
    db.session.commit()
    return result


def _refused(trainee: Any, data: bytes, words: str) -> None:
    before = snapshot()
    with pytest.raises(zip_import.ImportRefused) as refused:
        _import(trainee, data)
    assert words in str(refused.value), str(refused.value)
    assert snapshot() == before


def _info(name: str, **attrs: Any) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    for key, value in attrs.items():
        setattr(info, key, value)
    return info


def test_not_a_zip(trainee):
    _refused(trainee, b"%PDF-1.7 pas un zip", "n'est pas un portfolio au format ZIP")
    _refused(trainee, b"", "n'est pas un portfolio au format ZIP")


def test_a_zip_without_the_data(trainee):
    _refused(trainee, make_zip(None, {"index.html": b"<p>"}), "il lui manque")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "photos\\..\\..\\x.jpg", "C:photos/x.jpg", "a/../../b"],
)
def test_dangerous_names(trainee, name):
    data = make_zip(portfolio_data(), infos=[(_info(name), b"x")])
    _refused(trainee, data, "nom dangereux")


def test_a_symbolic_link(trainee):
    link = _info("photos/trace-1-photo-1.jpg", create_system=3)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    _refused(trainee, make_zip(portfolio_data(), infos=[(link, b"/etc/passwd")]), "un lien")


def test_an_encrypted_member(trainee):
    data = make_zip(portfolio_data(), {"photos/trace-1-photo-1.jpg": b"x"})
    central = data.find(b"PK\x01\x02")
    while central != -1:  # set the "encrypted" bit of every member in the central directory
        flags = struct.unpack_from("<H", data, central + 8)[0]
        data = data[: central + 8] + struct.pack("<H", flags | 0x1) + data[central + 10 :]
        central = data.find(b"PK\x01\x02", central + 4)
    _refused(trainee, data, "mot de passe")


def test_the_same_name_twice(trainee):
    twice = [(_info("donnees/portfolio.json"), json.dumps(portfolio_data()).encode())]
    _refused(trainee, make_zip(portfolio_data(), infos=twice), "deux fois")


def test_too_many_members(trainee, monkeypatch):
    monkeypatch.setattr(safe, "MAX_ENTRIES", 50)
    files = {f"pages/p{n}.html": b"<p>" for n in range(51)}
    _refused(trainee, make_zip(portfolio_data(), files), "trop d'éléments")


def test_a_bomb_seen_in_the_headers_by_its_ratio(trainee):
    bomb = make_zip(portfolio_data(), {"photos/trace-1-photo-1.jpg": bytes(20 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    _refused(trainee, bomb, "taille anormale")


def test_a_bomb_seen_in_the_headers_by_its_total(trainee, monkeypatch):
    monkeypatch.setattr(safe, "MAX_TOTAL_BYTES", 64 * 1024)
    files = {f"pages/p{n}.html": bytes(range(256)) * 40 for n in range(10)}  # 100 kB
    _refused(trainee, make_zip(portfolio_data(), files), "taille anormale")


def _set_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in its local and central headers."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


@pytest.mark.parametrize("declared", [100, 10 * 1024 * 1024])
def test_headers_that_lie_about_the_size_are_caught_while_reading(trainee, declared):
    """A member whose header says less (a bomb hidden from the header check) or more than it
    holds: reading stops at the limit and the difference refuses the file."""
    real = json.dumps(portfolio_data(notes=["x" * 50] * 2000)).encode()  # 100 kB+, compresses
    data = _set_sizes(make_zip(real), b"donnees/portfolio.json", declared)
    before = snapshot()
    with pytest.raises(zip_import.ImportRefused) as refused:
        _import(trainee, data)
    message = str(refused.value)
    assert "Rien n'a été importé" in message
    assert any(w in message for w in ("abîmé", "ment sur la taille", "taille anormale")), message
    assert snapshot() == before


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: b"\xff\xfe pas du json", "illisibles"),
        (lambda: b"[1, 2, 3]", "ne vient pas de l'export"),
        (lambda: json.dumps({"format": "autre/2"}).encode(), "ne vient pas de l'export"),
        (lambda: json.dumps(portfolio_data(traces="beaucoup")).encode(), "« traces » manque"),
        (lambda: json.dumps(portfolio_data(traces=[trace_row(title=12)])).encode(), "« title »"),
        (
            lambda: json.dumps(portfolio_data(traces=[trace_row(happened_on="hier")])).encode(),
            "happened_on",
        ),
        (
            lambda: json.dumps(portfolio_data(traces=[trace_row(context="fête")])).encode(),
            "« context »",
        ),
        (lambda: json.dumps(portfolio_data(traces=[trace_row(id=True)])).encode(), "« id »"),
        (lambda: json.dumps(portfolio_data(traces=[{"title": "seul"}])).encode(), "trace 1"),
        (
            lambda: json.dumps(portfolio_data(traces=[trace_row(1), trace_row(1)])).encode(),
            "même numéro",
        ),
        (
            lambda: json.dumps(portfolio_data(assessments=[self_row(level="2")])).encode(),
            "« level »",
        ),
        (
            lambda: json.dumps(portfolio_data(assessments=[self_row(level=9)])).encode(),
            "niveau entre",
        ),
        (
            lambda: json.dumps(
                {k: v for k, v in portfolio_data().items() if k != "person"}
            ).encode(),
            "« person » manque",
        ),
        (lambda: b"[" * 20_000 + b"]" * 20_000, "illisibles"),
    ],
)
def test_wrong_data_refuses_the_whole_file_naming_the_problem(trainee, make, words):
    _refused(trainee, make_zip(make()), words)


def test_a_trace_that_breaks_a_rule_refuses_the_file_naming_it(trainee):
    rows = [trace_row(1), trace_row(2, title="Trop long " + "x" * 300)]
    _refused(trainee, make_zip(portfolio_data(traces=rows)), "La trace « Trop long")
    rows = [trace_row(1, links=[{"url": "javascript:alert(1)", "title": ""}])]
    _refused(trainee, make_zip(portfolio_data(traces=rows)), "ne peut pas être importée")


def test_unknown_and_other_framework_competencies_are_left_out_with_a_warning(trainee):
    row = trace_row(1)
    row["competencies"] += [
        {
            "framework": row["competencies"][0]["framework"],
            "version": "1",
            "competency_id": "E2C-99Z",
            "indicator_ids": [],
        },
        {
            "framework": "autre-referentiel",
            "version": "1",
            "competency_id": "E2C-1C",
            "indicator_ids": [],
        },
    ]
    levels = [self_row(), self_row(competency_id="INCONNUE")]
    data = make_zip(portfolio_data(traces=[row], assessments=levels))
    seen = zip_import.preview(trainee, io.BytesIO(data))
    assert any("E2C-99Z" in w for w in seen.content.warnings)
    assert any("INCONNUE" in w for w in seen.content.warnings)
    assert len(seen.content.self_levels) == 1
    result = _import(trainee, data)
    trace = db.session.scalar(select(Trace).where(Trace.trainee_id == trainee.id))
    assert trace is not None and [c.competency_id for c in trace.competencies] == ["E2C-1A"]
    assert result.record.assessments == 1


def test_photos_and_recordings_failing_their_pipeline_are_left_out_one_by_one(trainee):
    data = make_zip(
        portfolio_data(traces=[trace_row(1, photos=[{"caption": "bonne"}, {"caption": "x"}])]),
        {
            "photos/trace-1-photo-10.jpg": jpeg_bytes(64, 48, seed=3),
            "photos/trace-1-photo-11.jpg": b"<svg onload=alert(1)>",
            "enregistrements/trace-1.ogg": samples.html(),
            "photos/trace-99-photo-1.jpg": jpeg_bytes(),  # no such trace: ignored
        },
    )
    result = _import(trainee, data)
    trace = db.session.scalar(select(Trace).where(Trace.trainee_id == trainee.id))
    assert trace is not None and [p.caption for p in trace.photos] == ["bonne"]
    assert trace.recording is None
    assert len(result.skipped) == 2
    assert result.skipped[0].startswith("Photo 2 de « Trace 1")
    assert result.skipped[1].startswith("L'enregistrement de « Trace 1")
    assert (result.record.photos, result.record.recordings) == (1, 0)


def test_a_full_quota_refuses_everything_and_leaves_no_file(trainee, app):
    app.config["STORAGE_QUOTA_BYTES"] = 2000
    photos = {f"photos/trace-1-photo-{n}.jpg": jpeg_bytes(200, 150, seed=n) for n in range(3)}
    _refused(trainee, make_zip(portfolio_data(), photos), "espace photos est plein")


def test_a_late_failure_rolls_back_rows_and_deletes_the_files_written(trainee):
    """The photo is stored before the self-assessment fails: its files go with the rollback."""
    photos = {"photos/trace-1-photo-1.jpg": jpeg_bytes(seed=4)}
    data = make_zip(portfolio_data(assessments=[self_row(level=7)]), photos)
    _refused(trainee, data, "auto-évaluation")
    assert list(photo_storage().keys("photos/")) == []


def test_game_traces_and_other_streams_are_counted_not_imported(trainee):
    levels = [self_row(), self_row(source="referent", level=3), self_row(source="tutor")]
    rows = [trace_row(1), trace_row(2, origin="game")]
    data = make_zip(portfolio_data(traces=rows, assessments=levels, notes=[{}], reviews=[{}]))
    seen = zip_import.preview(trainee, io.BytesIO(data))
    assert seen.content.left_out == {
        "game_traces": 1,
        "referent": 1,
        "tutor": 1,
        "notes": 1,
        "reviews": 1,
        "objectives": 0,
        "internships": 0,
    }
    result = _import(trainee, data)
    assert (result.record.traces, result.record.assessments) == (1, 1)


def test_another_digest_than_the_one_previewed_is_refused(trainee):
    data = make_zip(portfolio_data())
    before = snapshot()
    with pytest.raises(zip_import.ImportRefused, match="a changé"):
        zip_import.import_portfolio(trainee, io.BytesIO(data), "0" * 64)
    db.session.rollback()
    assert snapshot() == before


def test_the_web_answer_names_the_problem_and_changes_nothing(app, client, trainee):
    login(client, trainee)
    before = snapshot()
    hostile = make_zip(portfolio_data(), infos=[(_info("../evil.sh"), b"rm -rf /")])
    response = client.post(
        "/mon-suivi/import",
        data={"file": (io.BytesIO(hostile), "p.zip")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "nom dangereux (« ../evil.sh »). Rien n'a été importé." in page_text(response)
    assert snapshot() == before
    assert list(photo_storage().keys("imports/")) == []


def test_a_file_over_the_upload_limit_is_refused_unread(app, client, trainee):
    app.config["IMPORT_MAX_BYTES"] = 1000
    login(client, trainee)
    response = client.post(
        "/mon-suivi/import",
        data={
            "file": (
                io.BytesIO(make_zip(portfolio_data(), {"a.bin": bytes(range(256)) * 8})),
                "p.zip",
            )
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Ce fichier est trop lourd" in page_text(response)
    assert list(photo_storage().keys("imports/")) == []
