"""A trace told by voice: the form's recording, storage order, quota, serving, bad files."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from audio import samples
from builders_traces import counts, form_data, make_trace, photo_files
from flask import Flask
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import AudioRecording, Role, Trace, TraceStatus
from portfolio.trainee import services as traces


def recordings() -> int:
    return db.session.scalar(select(func.count()).select_from(AudioRecording)) or 0


def post_new(client, data: bytes, name: str = "voix.webm", **fields):
    return client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(**fields), "recording": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_trace_with_a_recording_and_no_words_is_complete(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = post_new(client, samples.webm_opus(3.0), title="", body="", competencies=[])
    assert response.status_code == 302, page_text(response)
    trace = db.session.scalars(select(Trace)).one()
    assert trace.status is TraceStatus.COMPLETE
    assert trace.title == "Trace à écouter"
    recording = trace.recording
    assert recording is not None and abs(recording.duration_ms - 3000) < 100
    assert photo_files(app) == [recording.storage_key]
    assert recording.storage_key.startswith("audio/")
    page = client.get(f"/portfolio/traces/{trace.id}")
    assert f'src="/enregistrements/{recording.id}"' in page.get_data(as_text=True)
    assert "À écouter (0:03)" in page_text(page)


def test_without_a_recording_the_title_is_still_needed(client):
    login(client, make_user(Role.TRAINEE))
    response = client.post("/portfolio/traces/nouvelle", data=form_data(title=""))
    assert response.status_code == 422
    assert "Donnez un titre à votre trace." in page_text(response)


@pytest.mark.parametrize(
    ("sample", "words"),
    [
        (samples.html, "n'est pas un enregistrement de voix"),
        (samples.video_mp4, "Les vidéos ne sont pas acceptées"),
        (samples.ten_hours_of_silence, "trop long (maximum 3 minutes)"),
        (samples.truncated_wav, "abîmé ou incomplet"),
        (samples.polyglot_wav_zip, "cache autre chose"),
    ],
)
def test_a_refused_file_leaves_nothing_on_disk_or_in_the_database(app, client, sample, words):
    login(client, make_user(Role.TRAINEE))
    before = counts()
    response = post_new(client, sample(), "voix.webm")
    assert response.status_code == 422
    text = page_text(response)
    assert words in text and "La trace n'est pas enregistrée." in text
    assert counts() == before and recordings() == 0
    assert photo_files(app) == []


def test_a_new_recording_replaces_the_old_and_removing_deletes_the_file(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    first = traces.attach_trace_recording(trainee, trace, samples.wav(1.0))
    db.session.commit()
    old_key = first.storage_key
    login(client, trainee)
    url = f"/portfolio/traces/{trace.id}/modifier"
    edit = client.get(url).get_data(as_text=True)
    assert "Retirer cet enregistrement" in edit
    response = client.post(
        url,
        data={**form_data(), "recording": (io.BytesIO(samples.mp4_aac(2.0)), "voix.m4a")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert recordings() == 1
    new_key = db.session.scalars(select(AudioRecording.storage_key)).one()
    assert photo_files(app) == [new_key] and new_key != old_key
    response = client.post(url, data={**form_data(), "remove_recording": "1"})
    assert response.status_code == 302
    assert recordings() == 0 and photo_files(app) == []


def test_deleting_the_trace_deletes_its_recording_file(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    traces.attach_trace_recording(trainee, trace, samples.wav(1.0))
    db.session.commit()
    traces.delete_trace(trainee, trace)
    db.session.commit()
    assert recordings() == 0 and photo_files(app) == []


def test_one_quota_for_photos_and_recordings(app: Flask):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=1)
    photo_bytes = traces.storage_usage(trainee).used_bytes
    recording = traces.attach_trace_recording(trainee, trace, samples.wav(1.0))
    db.session.commit()
    assert traces.storage_usage(trainee).used_bytes == photo_bytes + recording.size_bytes
    app.config["STORAGE_QUOTA_BYTES"] = photo_bytes + 100
    before = photo_files(app)
    with pytest.raises(traces.RecordingRefused) as caught:
        traces.attach_trace_recording(trainee, make_trace(trainee), samples.wav(1.0))
    assert caught.value.code == "quota"
    assert "Retirez des photos ou des enregistrements" in str(caught.value)
    db.session.rollback()
    assert photo_files(app) == before


def test_store_recording_serves_other_uses_with_their_own_limit(app: Flask):
    trainee = make_user(Role.TRAINEE)
    four_minutes = samples.wav_header_says_one_second()
    with pytest.raises(traces.RecordingRefused):
        traces.store_recording(trainee, four_minutes, 180)
    db.session.rollback()
    assert photo_files(app) == []
    row = traces.store_recording(trainee, four_minutes, 300)
    db.session.commit()
    assert row.trace is None and abs(row.duration_ms - 240_000) < 100


def test_the_orphan_sweep_knows_recordings(app: Flask, monkeypatch: pytest.MonkeyPatch):
    from portfolio.trainee.services import photos as photo_service

    trainee = make_user(Role.TRAINEE)
    kept = traces.attach_trace_recording(trainee, make_trace(trainee), samples.wav(1.0))
    db.session.commit()
    orphan = "audio/" + "d" * 32 + ".ogg"
    traces.photo_storage().put(orphan, b"OggS")
    moved = photo_service._now() + timedelta(hours=2)
    monkeypatch.setattr(photo_service, "_now", lambda: moved)
    assert traces.cleanup_orphan_photos(timedelta(hours=1)).orphans == [orphan]
    assert photo_files(app) == [kept.storage_key]


def test_the_recording_is_heard_by_those_who_see_the_trainee_only(app: Flask, client):
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    recording = traces.attach_trace_recording(trainee, make_trace(trainee), samples.wav(3.0))
    db.session.commit()
    url = f"/enregistrements/{recording.id}"
    allowed = [trainee, referent, make_user(Role.ADMIN, site=referent.site)]
    denied = [
        make_user(Role.TRAINEE, site=referent.site),
        make_user(Role.REFERENT, site=referent.site),
        make_user(Role.COMPANY, site=referent.site),
    ]
    for viewer in allowed + denied:
        client.post("/deconnexion")
        login(client, viewer)
        response = client.get(url)
        if viewer in allowed:
            assert response.status_code == 200, viewer.role
            assert response.headers["Content-Type"] == "audio/ogg"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.data.startswith(b"OggS")
            part = client.get(url, headers={"Range": "bytes=0-99"})
            assert part.status_code == 206 and len(part.data) == 100
        else:
            assert response.status_code == 404, viewer.role
    client.post("/deconnexion")
    assert client.get(url).status_code == 302
    login(client, trainee)
    for bad in ("/enregistrements/999999", "/enregistrements/99999999999999"):
        assert client.get(bad).status_code == 404
