"""Photos of traces: storage order, quota, serving, hostile uploads, orphan clean-up."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from builders_traces import counts, form_data, jpeg_bytes, make_trace, photo_files
from flask import Flask
from photos import samples
from photos.test_photos import REJECTED
from PIL import Image
from sqlalchemy import select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, TracePhoto
from portfolio.trainee import services as traces


def upload(*files: tuple[bytes, str]) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(data), name) for data, name in files]


# --------------------------------------------------------------------------- service


def test_a_photo_is_stored_as_display_and_thumbnail_jpeg_and_counted(app: Flask):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    photo = traces.add_photo(trainee, trace, samples.large_jpeg(2400, 1800), "  Le  mur  ")
    db.session.commit()
    assert photo.caption == "Le mur"
    assert (photo.width, photo.height) == (1600, 1200)
    assert sorted(photo_files(app)) == sorted([photo.display_key, photo.thumb_key])
    storage = traces.photo_storage()
    display = Image.open(io.BytesIO(storage.get(photo.display_key)))
    thumb = Image.open(io.BytesIO(storage.get(photo.thumb_key)))
    assert (display.format, display.size) == ("JPEG", (1600, 1200))
    assert thumb.size == (320, 240)
    size = storage.size(photo.display_key) + storage.size(photo.thumb_key)
    assert photo.size_bytes == size
    assert traces.storage_usage(trainee).used_bytes == size


def test_metadata_and_gps_never_reach_the_stored_files(app: Flask):
    trainee = make_user(Role.TRAINEE)
    photo = traces.add_photo(trainee, make_trace(trainee), samples.jpeg_with_metadata())
    db.session.commit()
    for key in (photo.display_key, photo.thumb_key):
        data = traces.photo_storage().get(key)
        assert samples.GPS_DATUM.encode() not in data
        assert samples.SECRET_MAKE.encode() not in data
        assert not Image.open(io.BytesIO(data)).getexif()


def test_quota_refuses_a_photo_and_stores_nothing(app: Flask):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=1)
    used = traces.storage_usage(trainee).used_bytes
    app.config["STORAGE_QUOTA_BYTES"] = used + 100
    before = photo_files(app)
    with pytest.raises(traces.PhotoRefused) as caught:
        traces.add_photo(trainee, trace, jpeg_bytes(seed=9))
    assert caught.value.code == "quota"
    assert "Votre espace photos est plein" in str(caught.value)
    db.session.rollback()
    assert photo_files(app) == before
    assert counts()["TracePhoto"] == 1


def test_quota_is_per_trainee(app: Flask):
    big = make_user(Role.TRAINEE)
    make_trace(big, photos=2)
    app.config["STORAGE_QUOTA_BYTES"] = traces.storage_usage(big).used_bytes
    other = make_user(Role.TRAINEE)
    traces.add_photo(other, make_trace(other), jpeg_bytes())
    db.session.commit()
    assert counts()["TracePhoto"] == 3


def test_a_failed_row_write_deletes_the_files_just_written(app: Flask, monkeypatch):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)

    def broken_flush(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "flush", broken_flush)
    with pytest.raises(RuntimeError):
        traces.add_photo(trainee, trace, jpeg_bytes())
    monkeypatch.undo()
    db.session.rollback()
    assert photo_files(app) == []
    assert counts()["TracePhoto"] == 0


def test_a_rolled_back_upload_leaves_no_file(app: Flask):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    traces.add_photo(trainee, trace, jpeg_bytes())
    assert len(photo_files(app)) == 2  # written first...
    db.session.rollback()
    assert photo_files(app) == []  # ...and removed with the transaction


def test_deleting_removes_rows_first_and_files_only_after_commit(app: Flask):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=2)
    traces.delete_trace(trainee, trace)
    assert len(photo_files(app)) == 4  # a crash here leaves orphans, never a dangling row
    db.session.rollback()
    assert len(photo_files(app)) == 4  # rolled back: the trace and its files are still there
    assert counts()["TracePhoto"] == 2
    first = db.session.scalars(select(TracePhoto)).first()
    assert first is not None
    traces.delete_photo(trainee, first)
    db.session.commit()
    assert len(photo_files(app)) == 2
    assert counts()["TracePhoto"] == 1


def test_other_trainees_cannot_add_or_delete_photos(app: Flask):
    owner = make_user(Role.TRAINEE)
    trace = make_trace(owner, photos=1)
    intruder = make_user(Role.TRAINEE, site=owner.site)
    with pytest.raises(traces.TraceNotFound):
        traces.add_photo(intruder, trace, jpeg_bytes())
    with pytest.raises(traces.TraceNotFound):
        traces.delete_photo(intruder, trace.photos[0])
    db.session.rollback()
    assert len(photo_files(app)) == 2
    assert counts()["TracePhoto"] == 1


def later(monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    """The sweep's clock moves ``hours`` ahead: what was written now is that old for it.

    (S3 keeps the real write time of an object; no test may set it, so the clock moves.)
    """
    from portfolio.trainee.services import photos as photo_service

    moved = datetime.now(UTC) + timedelta(hours=hours)
    monkeypatch.setattr(photo_service, "_now", lambda: moved)


def test_cleanup_removes_only_old_orphans(app: Flask, monkeypatch: pytest.MonkeyPatch):
    trainee = make_user(Role.TRAINEE)
    make_trace(trainee, photos=1)
    storage = traces.photo_storage()
    old = "photos/" + "a" * 32 + ".jpg"
    fresh = "photos/" + "b" * 32 + ".jpg"
    storage.put(old, b"orphan")
    later(monkeypatch, 2)
    assert traces.cleanup_orphan_photos(timedelta(hours=1)).orphans == [old]
    storage.put(fresh, b"upload in progress")
    monkeypatch.undo()
    result = traces.cleanup_orphan_photos(timedelta(hours=1))
    assert result.orphans == []
    assert not storage.exists(old)
    assert storage.exists(fresh)
    assert len(photo_files(app)) == 3  # the trace's two files and the fresh upload


def test_cleanup_cli_command(app: Flask, monkeypatch: pytest.MonkeyPatch):
    trainee = make_user(Role.TRAINEE)
    photo = make_trace(trainee, photos=1).photos[0]
    storage = traces.photo_storage()
    old = "photos/" + "c" * 32 + ".jpg"
    storage.put(old, b"orphan")
    later(monkeypatch, 3)
    result = app.test_cli_runner().invoke(args=["photos", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "1 fichier(s) orphelin(s) supprimé(s)" in result.output
    assert not storage.exists(old)
    assert storage.exists(photo.display_key) and storage.exists(photo.thumb_key)


# --------------------------------------------------------------------------- serving


def test_photo_is_served_to_its_trainee_referent_and_site_admin_only(app: Flask, client):
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    trace = make_trace(trainee, photos=1)
    photo = trace.photos[0]
    allowed = [trainee, referent, make_user(Role.ADMIN, site=referent.site)]
    denied = [
        make_user(Role.TRAINEE, site=referent.site),
        make_user(Role.REFERENT, site=referent.site),
        make_user(Role.COMPANY, site=referent.site),
        make_user(Role.ADMIN, site=make_user(Role.TRAINEE).site),
    ]
    for viewer in allowed + denied:
        client.post("/deconnexion")
        login(client, viewer)
        for url in (f"/photos/{photo.id}", f"/photos/{photo.id}/miniature"):
            response = client.get(url)
            if viewer in allowed:
                assert response.status_code == 200, (viewer.role, url)
                assert response.headers["Content-Type"] == "image/jpeg"
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                assert response.headers["Cache-Control"].startswith("private")
                assert Image.open(io.BytesIO(response.data)).format == "JPEG"
            else:
                assert response.status_code == 404, (viewer.role, url)
                assert b"\xff\xd8" not in response.data[:4]
    client.post("/deconnexion")
    assert client.get(f"/photos/{photo.id}").status_code == 302  # to the login page


def test_unknown_or_huge_photo_ids_answer_404(client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    for url in ("/photos/999999", "/photos/99999999999999", "/photos/abc", "/photos/0"):
        assert client.get(url).status_code == 404, url


def test_a_missing_file_answers_404_not_a_crash(client):
    trainee = make_user(Role.TRAINEE)
    photo = make_trace(trainee, photos=1).photos[0]
    traces.photo_storage().delete(photo.display_key)
    login(client, trainee)
    assert client.get(f"/photos/{photo.id}").status_code == 404


# --------------------------------------------------------------------------- upload form


@pytest.mark.parametrize(
    ("sample", "words"),
    [(sample, words) for sample, _code, words in REJECTED],
    ids=[sample.__name__ for sample, _, _ in REJECTED],
)
def test_hostile_files_through_the_form_show_their_message_and_leave_nothing(
    app: Flask, client, sample, words
):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    before = counts()
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((sample(), "photo.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    text = page_text(response)
    assert words in text
    assert "photo.jpg : " in text
    assert "La trace n'est pas enregistrée." in text
    assert counts() == before
    assert photo_files(app) == []


def test_one_bad_photo_among_good_ones_stores_nothing(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={
            **form_data(),
            "photos": upload(
                (jpeg_bytes(seed=1), "a.jpg"),
                (samples.svg(), "b.jpg"),
                (jpeg_bytes(seed=2), "c.jpg"),
            ),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "b.jpg : Les dessins SVG ne sont pas acceptés." in page_text(response)
    assert counts()["Trace"] == 0
    assert photo_files(app) == []


def test_a_photo_over_the_byte_limit_is_refused(app: Flask, client):
    app.config["PHOTO_MAX_BYTES"] = 2000
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((samples.large_jpeg(), "grosse.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "La photo est trop lourde" in page_text(response)
    assert photo_files(app) == []


def test_a_photo_over_the_pixel_limit_is_refused(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    data = samples.jpeg_claiming_size(8000, 6000, padding=200_000)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((data, "geante.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "40 millions de pixels" in page_text(response)
    assert counts()["Trace"] == 0


def test_a_request_over_max_content_length_gets_a_clear_page(app: Flask, client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((b"\xff" * 20_000, "a.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Le fichier est trop lourd." in page_text(response)
    assert counts()["Trace"] == 0


def test_quota_exceeded_through_the_form(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    make_trace(trainee, photos=1)
    app.config["STORAGE_QUOTA_BYTES"] = traces.storage_usage(trainee).used_bytes + 10
    files_before = photo_files(app)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((jpeg_bytes(seed=5), "a.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Votre espace photos est plein" in page_text(response)
    assert counts()["Trace"] == 1
    assert photo_files(app) == files_before


def test_several_photos_with_a_caption_are_added_and_shown_with_alt_text(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={
            **form_data(caption="Le gâteau fini"),
            "photos": upload((jpeg_bytes(seed=1), "a.jpg"), (samples.webp(), "b.webp")),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    photos = db.session.scalars(select(TracePhoto).order_by(TracePhoto.position)).all()
    assert len(photos) == 2
    for photo in photos:
        assert f'src="/photos/{photo.id}" alt="Le gâteau fini"' in html
    assert len(photo_files(app)) == 4


def test_an_iphone_heic_photo_is_taken_from_the_form_and_stored_as_jpeg(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    form = client.get("/portfolio/traces/nouvelle").get_data(as_text=True)
    assert 'accept="image/jpeg,image/png,image/webp,image/heic,image/heif"' in form
    assert "JPEG, PNG, WebP ou HEIC" in form
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={
            **form_data(caption="Le vélo réparé"),
            "photos": upload((samples.heic_with_metadata(), "IMG_0042.HEIC")),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = db.session.scalars(select(TracePhoto)).one()
    assert (photo.width, photo.height) == (200, 400)  # turned upright by libheif
    served = client.get(f"/photos/{photo.id}")
    assert served.headers["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert image.format == "JPEG" and image.size == (200, 400)
    assert samples.GPS_DATUM.encode() not in served.data
    assert len(photo_files(app)) == 2


def test_a_photo_without_caption_is_named_after_its_trace(app: Flask, client):
    # The photo is a link to the full image: a screen reader must have words to read.
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(title="Mur en briques"), "photos": upload((jpeg_bytes(), "a.jpg"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = db.session.scalars(select(TracePhoto)).one()
    assert photo.caption in ("", None)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'src="/photos/{photo.id}" alt="Photo : Mur en briques"' in html
    edit = client.get(f"/portfolio/traces/{photo.trace_id}/modifier").get_data(as_text=True)
    assert 'alt="Photo : Mur en briques"' in edit


def test_an_empty_file_part_is_ignored_but_a_chosen_empty_file_is_refused(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    ok = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((b"", ""))},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    refused = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": upload((b"", "vide.jpg"))},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "Le fichier est vide." in page_text(refused)
    assert counts()["Trace"] == 1


def test_edit_form_changes_captions_removes_and_adds_photos(app: Flask, client):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=2)
    first, second = trace.photos
    first_id, second_id, second_key = first.id, second.id, second.display_key
    login(client, trainee)
    response = client.post(
        f"/portfolio/traces/{trace.id}/modifier",
        data={
            **form_data(title="Avec photos"),
            f"caption_{first_id}": "Nouvelle légende",
            "remove_photo": str(second_id),
            "photos": upload((jpeg_bytes(seed=7), "new.jpg")),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    captions = [p.caption for p in db.session.scalars(select(TracePhoto).order_by(TracePhoto.id))]
    assert captions == ["Nouvelle légende", ""]
    assert second_key not in photo_files(app)
    assert len(photo_files(app)) == 4
