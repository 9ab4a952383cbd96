"""A trace's voice recording through the API: send, listen, replace, remove; bad files."""

from __future__ import annotations

import io

import pytest
from audio import samples
from builders_api import READ, bearer, error_of, make_token
from builders_traces import make_trace, photo_files

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


def _send(client, trace_id, headers, data, name="voix.webm"):
    return client.post(
        f"/api/v1/traces/{trace_id}/recording",
        data={"file": (io.BytesIO(data), name)},
        headers=headers,
    )


def test_send_listen_replace_and_remove(app, client, trace, headers):
    response = _send(client, trace.id, headers, samples.webm_opus(2.0))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert abs(body["duration_ms"] - 2000) < 100 and body["content_type"] == "audio/ogg"
    sound = client.get(body["url"], headers=headers)
    assert sound.status_code == 200 and sound.mimetype == "audio/ogg"
    assert sound.headers["X-Content-Type-Options"] == "nosniff"
    assert sound.data.startswith(b"OggS")
    first = photo_files(app)
    assert _send(client, trace.id, headers, samples.mp4_aac(1.0), "voix.m4a").status_code == 201
    assert len(photo_files(app)) == 1 and photo_files(app) != first
    assert client.delete(body["url"], headers=headers).status_code == 204
    assert photo_files(app) == []
    assert client.get(body["url"], headers=headers).status_code == 404


def test_a_refused_file_says_why_and_keeps_nothing(app, client, trace, headers):
    response = _send(client, trace.id, headers, samples.html(), "voix.webm")
    assert response.status_code == 400
    error = error_of(response)
    assert error["message"] == "L'enregistrement est refusé."
    assert error["details"][0]["reason"] == "not_audio"
    assert photo_files(app) == []


def test_someone_elses_trace_or_a_read_token_cannot_send(app, client, trace, trainee):
    other = bearer(make_token(make_user(Role.TRAINEE)))
    assert _send(client, trace.id, other, samples.wav(1.0)).status_code == 404
    read_only = bearer(make_token(trainee, {READ}))
    assert _send(client, trace.id, read_only, samples.wav(1.0)).status_code == 403
    assert photo_files(app) == []
