"""The crash order of photo uploads, proven on both backends by faults injected at each step.

An upload writes its files, then its row; a deletion removes its row, then its files once
committed. So a crash at any point leaves, at worst, files that no row names (removed by the
orphan sweep), never a row whose file is missing. Each test stops the upload at one exact
point (a store that fails on its Nth write, a flush or commit that raises, a process that
dies and so cleans nothing up) and checks what a user and an operator would see.
"""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from builders_traces import counts, form_data, jpeg_bytes, make_trace, photo_files
from flask import Flask
from s3server import S3Server, closed_port
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, TracePhoto
from portfolio.storage import Storage, StorageUnavailable
from portfolio.trainee import services as traces
from portfolio.trainee.services import editing
from portfolio.trainee.services import photos as photo_service

STORE_DOWN = "Les photos ne peuvent pas être enregistrées pour le moment."


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, app: Flask) -> str:
    """The app's photos on the local folder or on a fresh prefix of the real S3 server."""
    if request.param == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        app.config.update(server.config(f"s3://{server.bucket}/crash{uuid.uuid4().hex}"))
    else:
        app.config["STORAGE_URL"] = ""
    return str(request.param)


class FailingStore:
    """The real store, but its ``fail_at``-th write raises, and deletes may be switched off.

    ``dead=True`` plays a process that died at that point: nothing of it runs afterwards,
    so none of its clean-up deletes reach the store.
    """

    def __init__(self, real: Storage, fail_at: int, error: BaseException) -> None:
        self.real, self.fail_at, self.error = real, fail_at, error
        self.puts = 0
        self.dead = False

    def put(self, key: str, data: bytes) -> None:
        self.puts += 1
        if self.puts == self.fail_at:
            raise self.error
        self.real.put(key, data)

    def delete(self, key: str) -> None:
        if not self.dead:
            self.real.delete(key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def use_store(monkeypatch: pytest.MonkeyPatch, store: Any) -> None:
    for module in (photo_service, editing):
        monkeypatch.setattr(module, "photo_storage", lambda: store)


def post_new_trace(client: Any, *photos: bytes) -> Any:
    files = [(io.BytesIO(data), f"photo{n}.jpg") for n, data in enumerate(photos)]
    return client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": files},
        content_type="multipart/form-data",
    )


def assert_every_row_has_its_files() -> None:
    storage = traces.photo_storage()
    for photo in db.session.scalars(select(TracePhoto)):
        assert storage.exists(photo.display_key), photo.display_key
        assert storage.exists(photo.thumb_key), photo.thumb_key


def sweep_later(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The orphan sweep as it runs two hours from now (past its one-hour grace period)."""
    moved = datetime.now(UTC) + timedelta(hours=2)
    monkeypatch.setattr(photo_service, "_now", lambda: moved)
    return traces.cleanup_orphan_photos(timedelta(hours=1)).orphans


# --------------------------------------------------------------------------- upload


def test_the_store_fails_on_the_thumbnail_after_the_display_image_is_written(
    app: Flask, client: Any, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    make_trace(trainee, photos=1)
    before, files_before = counts(), photo_files(app)
    login(client, trainee)
    failing = FailingStore(traces.photo_storage(), 2, StorageUnavailable("store went away"))
    use_store(monkeypatch, failing)

    response = post_new_trace(client, jpeg_bytes(seed=1))

    assert failing.puts == 2  # the display image was written, then the thumbnail failed
    assert response.status_code == 422
    text = page_text(response)
    assert STORE_DOWN in text and "Rien n'a été enregistré." in text
    assert "La trace n'est pas enregistrée." in text
    assert counts() == before
    assert photo_files(app) == files_before  # the display image written first is gone
    assert_every_row_has_its_files()


def test_the_row_write_fails_right_after_both_files_are_written(
    app: Flask, client: Any, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    storage = traces.photo_storage()
    real_put = storage.put
    written: list[str] = []

    def put_then_break_the_database(key: str, data: bytes) -> None:
        real_put(key, data)
        written.append(key)
        if len(written) == 2:  # the exact point: both files stored, no row yet
            monkeypatch.setattr(db.session, "flush", broken_flush)

    def broken_flush(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO trace_photos", {}, Exception("database went away"))

    monkeypatch.setattr(storage, "put", put_then_break_the_database)
    use_store(monkeypatch, storage)
    with pytest.raises(OperationalError):
        traces.add_photo(trainee, trace, jpeg_bytes())
    monkeypatch.undo()
    db.session.rollback()

    assert len(written) == 2
    assert counts()["TracePhoto"] == 0
    assert photo_files(app) == []  # both files removed at once, no sweep needed
    assert_every_row_has_its_files()


def test_a_failed_commit_after_the_row_leaves_no_file_and_says_so(
    app: Flask, client: Any, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    real_commit = db.session.commit

    def commit_fails_once_files_are_there() -> None:
        if photo_files(app):  # files and row written: the transaction's own commit
            raise OperationalError("COMMIT", {}, Exception("database restarted"))
        real_commit()

    monkeypatch.setattr(db.session, "commit", commit_fails_once_files_are_there)
    response = post_new_trace(client, jpeg_bytes(seed=3))
    monkeypatch.undo()

    assert response.status_code == 503  # the database went away: said plainly (errors.py)
    assert "Ce que vous avez envoyé n'est pas enregistré" in page_text(response)
    db.session.rollback()
    assert counts()["Trace"] == 0 and counts()["TracePhoto"] == 0
    assert photo_files(app) == []  # rolled back: the files written first went with it


def test_a_crash_after_the_files_leaves_orphans_that_the_sweep_removes(
    app: Flask, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    kept = make_trace(trainee, photos=1)
    trace = make_trace(trainee)
    failing = FailingStore(traces.photo_storage(), 0, RuntimeError("never"))
    use_store(monkeypatch, failing)

    class ProcessKilled(BaseException):
        """Nothing after this runs in a dead process: no rollback hook, no clean-up."""

    def die(*args: object, **kwargs: object) -> None:
        failing.dead = True
        raise ProcessKilled

    monkeypatch.setattr(db.session, "flush", die)
    with pytest.raises(ProcessKilled):
        traces.add_photo(trainee, trace, jpeg_bytes(seed=4))
    monkeypatch.undo()
    db.session.rollback()  # what the database does with a dead connection's transaction
    failing.dead = False

    assert failing.puts == 2
    assert counts()["TracePhoto"] == 1  # only the earlier photo: no row for the new files
    orphans = [key for key in photo_files(app) if key not in _keys_of(kept)]
    assert len(orphans) == 2  # the crash left both files behind...
    assert_every_row_has_its_files()

    assert traces.cleanup_orphan_photos(timedelta(hours=1)).orphans == []  # too young yet
    assert sorted(sweep_later(monkeypatch)) == sorted(orphans)  # ...the sweep takes them
    assert photo_files(app) == sorted(_keys_of(kept))
    assert_every_row_has_its_files()


def _keys_of(trace: Any) -> list[str]:
    return [key for photo in trace.photos for key in (photo.display_key, photo.thumb_key)]


# --------------------------------------------------------------------------- deletion


def test_a_crash_between_the_deletion_commit_and_the_file_deletes(
    app: Flask, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=2)
    keys = _keys_of(trace)
    failing = FailingStore(traces.photo_storage(), 0, RuntimeError("never"))
    failing.dead = True  # the process dies just after the commit: no delete reaches the store
    use_store(monkeypatch, failing)

    traces.delete_trace(trainee, trace)
    db.session.commit()

    assert counts()["TracePhoto"] == 0
    assert photo_files(app) == sorted(keys)  # orphans, never a row without its file
    failing.dead = False  # the sweep runs later, in a live process
    assert sorted(sweep_later(monkeypatch)) == sorted(keys)
    assert photo_files(app) == []


def test_a_deletion_rolled_back_keeps_rows_and_files(
    app: Flask, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, photos=1)
    keys = _keys_of(trace)
    traces.delete_trace(trainee, trace)
    db.session.rollback()
    assert counts()["TracePhoto"] == 1
    assert photo_files(app) == sorted(keys)
    assert_every_row_has_its_files()


# --------------------------------------------------------------------------- store down


def test_the_object_store_down_during_an_upload(app: Flask, client: Any) -> None:
    server = S3Server(f"http://127.0.0.1:{closed_port()}")
    app.config.update(server.config("s3://e2c-test/down"))
    app.config["S3_MAX_ATTEMPTS"] = 1
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    before = counts()

    response = post_new_trace(client, jpeg_bytes(seed=5))

    assert response.status_code == 422
    text = page_text(response)
    assert STORE_DOWN in text and "Réessayez dans quelques minutes." in text
    assert "La trace n'est pas enregistrée." in text
    assert counts() == before


def test_a_photo_asked_for_while_the_store_is_down_gets_a_clear_page(
    app: Flask, client: Any
) -> None:
    trainee = make_user(Role.TRAINEE)
    photo = make_trace(trainee, photos=1).photos[0]
    server = S3Server(f"http://127.0.0.1:{closed_port()}")
    app.config.update(server.config("s3://e2c-test/down"))
    app.config["S3_MAX_ATTEMPTS"] = 1
    login(client, trainee)

    response = client.get(f"/photos/{photo.id}")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "ne sont pas disponibles pour le moment" in page_text(response)


def test_the_api_says_503_when_the_store_is_down_and_saves_nothing(app: Flask, client: Any) -> None:
    from builders_api import bearer, make_token

    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee)
    server = S3Server(f"http://127.0.0.1:{closed_port()}")
    app.config.update(server.config("s3://e2c-test/down"))
    app.config["S3_MAX_ATTEMPTS"] = 1

    response = client.post(
        f"/api/v1/traces/{trace.id}/photos",
        data={"file": (io.BytesIO(jpeg_bytes()), "a.jpg")},
        content_type="multipart/form-data",
        headers=bearer(make_token(trainee)),
    )

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "storage_unavailable"
    assert STORE_DOWN in error["message"]
    assert counts()["TracePhoto"] == 0
