"""Photos through the API: upload (multipart), download, caption, delete; hostile files."""

from __future__ import annotations

import io

import pytest
from builders_api import READ, bearer, error_of, fields_of, make_token
from builders_traces import counts, jpeg_bytes, make_trace, photo_files
from PIL import Image

from builders import make_user
from portfolio.models import Role


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE)


@pytest.fixture
def headers(trainee):
    return bearer(make_token(trainee))


@pytest.fixture
def trace(trainee):
    return make_trace(trainee)


def _upload(client, trace_id, headers, data=None, caption=None, name="photo.jpg", **extra):
    form = dict(extra)
    if data is not None:
        form["file"] = (io.BytesIO(data), name)
    if caption is not None:
        form["caption"] = caption
    return client.post(f"/api/v1/traces/{trace_id}/photos", data=form, headers=headers)


def test_upload_then_download_the_photo_and_its_thumbnail(app, client, trace, headers):
    response = _upload(client, trace.id, headers, jpeg_bytes(800, 600), caption="Le gâteau fini")
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert response.headers["Location"] == photo["url"]
    assert photo["caption"] == "Le gâteau fini"
    assert (photo["width"], photo["height"]) == (800, 600)
    assert photo["content_type"] == "image/jpeg"
    assert len(photo_files(app)) == 2

    shown = client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json()["photos"]
    assert shown == [photo]

    image = client.get(photo["url"], headers=headers)
    assert image.status_code == 200
    assert image.mimetype == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(image.data)).size == (800, 600)
    thumb = client.get(photo["thumbnail_url"], headers=headers)
    assert thumb.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.data)).size) <= 320


def test_downloading_a_photo_needs_a_token_with_read(client, trace, trainee, headers):
    photo = _upload(client, trace.id, headers, jpeg_bytes()).get_json()
    assert client.get(photo["url"]).status_code == 401
    write_only = bearer(make_token(trainee, {"portfolio:write"}))
    assert client.get(photo["url"], headers=write_only).status_code == 403
    read_only = bearer(make_token(trainee, {READ}))
    assert client.get(photo["url"], headers=read_only).status_code == 200


def test_a_photo_under_another_trace_of_mine_is_404(client, trainee, trace, headers):
    photo = _upload(client, trace.id, headers, jpeg_bytes()).get_json()
    mine_too = make_trace(trainee)
    url = f"/api/v1/traces/{mine_too.id}/photos/{photo['id']}"
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404
    assert client.get(photo["url"], headers=headers).status_code == 200


def test_change_a_caption(client, trace, headers):
    photo = _upload(client, trace.id, headers, jpeg_bytes(), caption="Avant").get_json()
    response = client.patch(photo["url"], json={"caption": "Après"}, headers=headers)
    assert response.status_code == 200 and response.get_json()["caption"] == "Après"
    for body, field in [
        ({}, "caption"),
        ({"caption": 3}, "caption"),
        ({"caption": "x" * 301}, "caption"),
        ({"caption": "ok", "alt": "x"}, "alt"),
    ]:
        assert field in fields_of(client.patch(photo["url"], json=body, headers=headers))
    assert (
        client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json()["photos"][0]["caption"]
        == "Après"
    )


def test_delete_a_photo_removes_its_files(app, client, trace, headers):
    photo = _upload(client, trace.id, headers, jpeg_bytes()).get_json()
    kept = _upload(client, trace.id, headers, jpeg_bytes(seed=3)).get_json()
    assert len(photo_files(app)) == 4
    response = client.delete(photo["url"], headers=headers)
    assert response.status_code == 204
    assert len(photo_files(app)) == 2
    assert client.get(photo["url"], headers=headers).status_code == 404
    photos = client.get(f"/api/v1/traces/{trace.id}", headers=headers).get_json()["photos"]
    assert [p["id"] for p in photos] == [kept["id"]]


HOSTILE = [
    (b"", "empty"),
    (b"<html><script>alert(1)</script></html>", "unsupported_format"),
    (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "unsupported_format",
    ),
    (b"GIF89a" + b"\x00" * 40, "unsupported_format"),
    (jpeg_bytes()[:200], "corrupt"),
    (b"\x00\x01\x02 not an image at all", "not_an_image"),
]


@pytest.mark.parametrize(("data", "reason"), HOSTILE)
def test_hostile_files_named_jpg_are_refused_and_leave_nothing(
    app, client, trace, headers, data, reason
):
    before = counts()
    response = _upload(client, trace.id, headers, data, name="vacances.jpg")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    [detail] = error["details"]
    assert detail["field"] == "file" and detail["reason"] == reason
    assert detail["message"].endswith(".")  # a French sentence for the trainee
    assert counts() == before
    assert photo_files(app) == []


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"caption": "sans fichier"}, "file", "obligatoire"),
        ({"file": "du texte"}, "file", "pas du texte"),
        ({"photo": (io.BytesIO(b"x"), "a.jpg")}, "photo", "n'existe pas"),
    ],
)
def test_bad_upload_forms_are_refused(app, client, trace, headers, form, field, words):
    response = client.post(
        f"/api/v1/traces/{trace.id}/photos",
        data=form,
        headers=headers,
        content_type="multipart/form-data",
    )
    assert words in fields_of(response)[field]
    assert photo_files(app) == []


def test_two_files_at_once_or_a_long_caption_are_refused(app, client, trace, headers):
    two = {"file": [(io.BytesIO(jpeg_bytes()), "a.jpg"), (io.BytesIO(jpeg_bytes()), "b.jpg")]}
    response = client.post(f"/api/v1/traces/{trace.id}/photos", data=two, headers=headers)
    assert "une seule photo" in fields_of(response)["file"]
    response = _upload(client, trace.id, headers, jpeg_bytes(), caption="x" * 301)
    assert "300 caractères" in fields_of(response)["caption"]
    assert photo_files(app) == []


def test_a_photo_sent_as_json_or_raw_bytes_is_a_415(client, trace, headers):
    url = f"/api/v1/traces/{trace.id}/photos"
    assert client.post(url, json={"file": "abc"}, headers=headers).status_code == 415
    response = client.post(url, data=jpeg_bytes(), content_type="image/jpeg", headers=headers)
    assert response.status_code == 415
    assert "multipart/form-data" in error_of(response)["message"]


def test_an_upload_over_the_limit_is_a_413_with_nothing_written(app, client, trace, headers):
    app.config["PHOTO_MAX_BYTES"] = 10_000
    before = counts()
    response = _upload(client, trace.id, headers, b"\xff\xd8\xff" + b"\x00" * 200_000)
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"
    assert counts() == before and photo_files(app) == []


def test_a_full_quota_is_explained(app, client, trace, headers):
    app.config["STORAGE_QUOTA_BYTES"] = 1000
    response = _upload(client, trace.id, headers, jpeg_bytes(400, 300))
    [detail] = error_of(response)["details"]
    assert detail["reason"] == "quota"
    assert "espace photos est plein" in detail["message"]
    assert photo_files(app) == []
