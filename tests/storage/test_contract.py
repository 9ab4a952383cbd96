"""What every backend promises (tests/storage/conftest.py runs each test on both)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from s3server import S3Server, closed_port, s3_store

from portfolio.storage import InvalidKey, Storage, StorageUnavailable, new_key, orphan_keys


def test_a_backend_is_a_storage(store: Storage) -> None:
    assert isinstance(store, Storage)


def test_put_get_exists_size_and_time(store: Storage) -> None:
    key = new_key(prefix="photos/", suffix=".jpg")
    before = datetime.now(UTC) - timedelta(seconds=5)
    store.put(key, b"\xff\xd8 photo bytes")
    assert store.exists(key)
    assert store.get(key) == b"\xff\xd8 photo bytes"
    assert store.size(key) == len(b"\xff\xd8 photo bytes")
    written = store.modified_at(key)
    assert written.tzinfo is not None
    assert before <= written <= datetime.now(UTC) + timedelta(seconds=5)


def test_put_replaces_the_content(store: Storage) -> None:
    key = new_key(suffix=".jpg")
    store.put(key, b"first version")
    store.put(key, b"second")
    assert store.get(key) == b"second"
    assert list(store.keys()) == [key]


def test_every_byte_value_comes_back_unchanged(store: Storage) -> None:
    key = new_key(suffix=".bin")
    data = bytes(range(256)) * 64 + b"\x00\r\n\x00"
    store.put(key, bytearray(data))
    assert store.get(key) == data


def test_an_empty_object_is_still_an_object(store: Storage) -> None:
    key = new_key()
    store.put(key, b"")
    assert store.exists(key) and store.get(key) == b"" and store.size(key) == 0


def test_a_large_object_of_5_mb_round_trips(store: Storage) -> None:
    key = new_key(prefix="photos/", suffix=".jpg")
    data = os.urandom(5 * 1024 * 1024)
    store.put(key, data)
    assert store.size(key) == len(data)
    assert store.get(key) == data


def test_a_missing_key_reads_as_file_not_found(store: Storage) -> None:
    key = new_key(suffix=".jpg")
    assert not store.exists(key)
    for read in (store.get, store.size, store.modified_at):
        with pytest.raises(FileNotFoundError):
            read(key)


def test_delete_removes_and_is_idempotent(store: Storage) -> None:
    key, other = new_key(suffix=".jpg"), new_key(suffix=".jpg")
    store.put(key, b"x")
    store.put(other, b"y")
    store.delete(key)
    store.delete(key)  # again: nothing to do, no error
    store.delete(new_key())  # never existed
    assert not store.exists(key)
    assert list(store.keys()) == [other]


def test_keys_are_sorted_and_filtered_by_prefix(store: Storage) -> None:
    photos = sorted(new_key(prefix="photos/", suffix=".jpg") for _ in range(3))
    audio = new_key(prefix="audio/", suffix=".ogg")
    deep = new_key(prefix="photos/2025/")
    for key in [*photos, audio, deep]:
        store.put(key, b"x")
    assert list(store.keys()) == sorted([*photos, audio, deep])
    assert list(store.keys("photos/")) == sorted([*photos, deep])
    assert list(store.keys("photos/2025/")) == [deep]
    assert list(store.keys("audio/")) == [audio]
    assert list(store.keys("video/")) == []
    # A prefix that ends inside a name (random: "photos/202" also takes "photos/2025/...").
    part = photos[0][:10]
    assert list(store.keys(part)) == sorted(k for k in [*photos, audio, deep] if k.startswith(part))


def test_keys_refuse_a_prefix_that_climbs_out(store: Storage) -> None:
    for prefix in ("../", "/photos", "photos/../../", "PHOTOS/"):
        with pytest.raises(InvalidKey):
            list(store.keys(prefix))


@pytest.mark.parametrize("key", ["../x.jpg", "/etc/passwd", "a" * 32 + ".JPG", "", "photos/"])
def test_hostile_keys_are_refused_by_every_method(store: Storage, key: str) -> None:
    for call in (
        lambda: store.put(key, b"x"),
        lambda: store.get(key),
        lambda: store.delete(key),
        lambda: store.exists(key),
        lambda: store.size(key),
        lambda: store.modified_at(key),
    ):
        with pytest.raises(InvalidKey):
            call()
    assert list(store.keys()) == []


def test_put_needs_bytes(store: Storage) -> None:
    with pytest.raises(TypeError):
        store.put(new_key(), "text")  # type: ignore[arg-type]
    assert list(store.keys()) == []


def test_the_orphan_sweep_works_on_every_backend(store: Storage) -> None:
    known, orphan = new_key(prefix="photos/"), new_key(prefix="photos/")
    other_kind = new_key(prefix="audio/")
    for key in (known, orphan, other_kind):
        store.put(key, b"x")
    later = datetime.now(UTC) + timedelta(hours=2)
    assert orphan_keys(store, {known}, timedelta(hours=1), now=later) == sorted(
        [orphan, other_kind]
    )
    assert orphan_keys(store, {known}, timedelta(hours=1), prefix="photos/", now=later) == [orphan]
    assert orphan_keys(store, {known}, timedelta(hours=1)) == []  # too young yet


# --------------------------------------------------------------------------- S3 only


def test_two_prefixes_of_one_bucket_never_see_each_other(s3_server: S3Server) -> None:
    first, second = s3_store(s3_server), s3_store(s3_server)
    mine, theirs = new_key(prefix="photos/"), new_key(prefix="photos/")
    first.put(mine, b"first site")
    second.put(theirs, b"second site")
    assert list(first.keys()) == [mine]
    assert list(second.keys()) == [theirs]
    assert not first.exists(theirs)
    with pytest.raises(FileNotFoundError):
        first.get(theirs)
    first.delete(theirs)  # a key of the other prefix: untouched
    assert second.get(theirs) == b"second site"


def test_more_keys_than_one_listing_page(s3_server: S3Server) -> None:
    store = s3_store(s3_server)
    store.page_size = 20
    keys = sorted(new_key(prefix="photos/") for _ in range(55))
    for key in keys:
        store.put(key, b"")
    assert list(store.keys("photos/")) == keys


def test_a_closed_port_is_unavailable_not_missing() -> None:
    down = S3Server(f"http://127.0.0.1:{closed_port()}")
    store = s3_store(down)
    key = new_key()
    for call in (
        lambda: store.put(key, b"x"),
        lambda: store.get(key),
        lambda: store.delete(key),
        lambda: store.exists(key),
        lambda: list(store.keys()),
    ):
        with pytest.raises(StorageUnavailable):
            call()


def test_wrong_keys_are_unavailable_not_missing(s3_server: S3Server) -> None:
    wrong = S3Server(s3_server.endpoint_url, secret_key="not-the-secret")
    store = s3_store(wrong)
    with pytest.raises(StorageUnavailable):
        store.put(new_key(), b"x")
    with pytest.raises(StorageUnavailable):
        store.get(new_key())
