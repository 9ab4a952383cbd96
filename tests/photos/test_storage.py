"""LocalStorage: atomic writes, keys that cannot escape the root, orphan clean-up."""

from __future__ import annotations

import ast
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from portfolio import storage as storage_module
from portfolio.services import photos as photos_module
from portfolio.storage import (
    InvalidKey,
    LocalStorage,
    Storage,
    is_valid_key,
    new_key,
    orphan_keys,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "media")


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def set_mtime(store: LocalStorage, key: str, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(store.path(key), (stamp, stamp))


def test_local_storage_is_a_storage(store: LocalStorage) -> None:
    assert isinstance(store, Storage)


def test_put_then_read_back_in_every_way(store: LocalStorage) -> None:
    key = new_key(prefix="photos/", suffix=".jpg")
    store.put(key, b"\xff\xd8 photo bytes")

    assert store.exists(key)
    assert store.get(key) == b"\xff\xd8 photo bytes"
    assert store.size(key) == len(b"\xff\xd8 photo bytes")
    with store.open(key) as handle:
        assert handle.read() == b"\xff\xd8 photo bytes"
    assert list(store.keys()) == [key]
    assert list(store.keys("photos/")) == [key]
    assert list(store.keys("thumbs/")) == []
    assert store.modified_at(key).tzinfo is not None


def test_put_replaces_and_leaves_no_temporary_file(store: LocalStorage) -> None:
    key = new_key(suffix=".jpg")
    store.put(key, b"first")
    store.put(key, b"second")
    assert store.get(key) == b"second"
    assert files_under(store.root) == {key}


def test_put_is_flushed_to_disk_before_the_rename(
    store: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)

    store.put(new_key(suffix=".jpg"), b"data")

    assert events[:2] == ["fsync", "replace"]


def test_failed_write_keeps_the_old_file_whole_and_cleans_up(
    store: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key(prefix="photos/", suffix=".jpg")
    store.put(key, b"old complete photo")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.put(key, b"new photo that never lands")

    assert store.get(key) == b"old complete photo"
    assert files_under(store.root) == {key}


def test_a_reader_never_sees_half_a_file(
    store: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key(suffix=".jpg")
    store.put(key, b"A" * 1000)
    seen: list[bytes] = []
    real_replace = os.replace

    def replace_and_peek(source: str, target: str) -> None:
        seen.append(store.get(key))  # just before the switch: still the old file
        real_replace(source, target)
        seen.append(store.get(key))

    monkeypatch.setattr(os, "replace", replace_and_peek)
    store.put(key, b"B" * 2000)

    assert seen == [b"A" * 1000, b"B" * 2000]


HOSTILE_KEYS = [
    "",
    "../secret.jpg",
    "../../etc/passwd",
    "/etc/passwd",
    "photos/../../etc/passwd",
    "photos/../" + "a" * 32 + ".jpg",
    "..",
    ".",
    "photos//" + "a" * 32 + ".jpg",
    "photos\\" + "a" * 32 + ".jpg",
    "C:" + "a" * 32 + ".jpg",
    "a" * 32 + ".jpg\x00.txt",
    "a" * 32 + ".jpg\n",
    "A" * 32 + ".jpg",  # upper case
    "not-a-uuid.jpg",
    "é" * 32,
    "a/b/c/d/" + "a" * 32,  # too deep
    "a" * 32 + "/",
]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_hostile_keys_are_refused_by_every_method(store: LocalStorage, key: str) -> None:
    outside = store.root.parent
    before = files_under(outside)
    assert not is_valid_key(key)
    for call in (
        lambda: store.put(key, b"x"),
        lambda: store.get(key),
        lambda: store.open(key),
        lambda: store.delete(key),
        lambda: store.exists(key),
        lambda: store.size(key),
        lambda: store.modified_at(key),
    ):
        with pytest.raises(InvalidKey):
            call()
    assert files_under(outside) == before


@pytest.mark.parametrize("key", [None, 42, b"a" * 32])
def test_non_string_keys_are_refused(store: LocalStorage, key: object) -> None:
    with pytest.raises(InvalidKey):
        store.get(key)  # type: ignore[arg-type]


def test_put_needs_bytes(store: LocalStorage) -> None:
    with pytest.raises(TypeError):
        store.put(new_key(), "text")  # type: ignore[arg-type]
    assert list(store.keys()) == []


def test_new_keys_are_unique_and_valid() -> None:
    keys = {new_key(prefix="photos/2025/", suffix="_thumb.jpg") for _ in range(200)}
    assert len(keys) == 200
    assert all(is_valid_key(key) for key in keys)


@pytest.mark.parametrize(
    ("prefix", "suffix"),
    [("../", ".jpg"), ("/photos/", ".jpg"), ("photos", ".jpg"), ("", "/../x"), ("", ".JPG")],
)
def test_new_key_refuses_bad_parts(prefix: str, suffix: str) -> None:
    with pytest.raises(InvalidKey):
        new_key(prefix=prefix, suffix=suffix)


def test_missing_keys(store: LocalStorage) -> None:
    key = new_key(suffix=".jpg")
    assert not store.exists(key)
    with pytest.raises(FileNotFoundError):
        store.get(key)
    store.delete(key)  # deleting what is not there is fine


def test_keys_skips_temporary_and_foreign_files(store: LocalStorage) -> None:
    key = new_key(prefix="photos/", suffix=".jpg")
    store.put(key, b"x")
    (store.root / "photos" / ".tmp-abc.part").write_bytes(b"half")
    (store.root / "README.txt").write_text("not ours")
    (store.root / "photos" / "evil.jpg").write_bytes(b"x")
    assert list(store.keys()) == [key]
    with pytest.raises(InvalidKey):
        list(store.keys("../"))


def test_stale_temporary_files_are_removed_after_the_grace_period(store: LocalStorage) -> None:
    old = store.root / ".tmp-old.part"
    fresh = store.root / ".tmp-fresh.part"
    old.write_bytes(b"left by a crash")
    fresh.write_bytes(b"being written")
    stamp = (NOW - timedelta(days=2)).timestamp()
    os.utime(old, (stamp, stamp))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))

    assert store.remove_stale_temp_files(timedelta(hours=1), now=NOW) == 1
    assert not old.exists() and fresh.exists()


def test_orphans_are_old_files_no_row_points_to(store: LocalStorage) -> None:
    known_old = new_key(prefix="photos/", suffix=".jpg")
    orphan_old = new_key(prefix="photos/", suffix=".jpg")
    orphan_thumb = new_key(prefix="thumbs/", suffix=".jpg")
    upload_in_progress = new_key(prefix="photos/", suffix=".jpg")
    for key in (known_old, orphan_old, orphan_thumb, upload_in_progress):
        store.put(key, b"x")
    for key in (known_old, orphan_old, orphan_thumb):
        set_mtime(store, key, NOW - timedelta(days=3))
    set_mtime(store, upload_in_progress, NOW - timedelta(minutes=5))

    found = orphan_keys(store, {known_old}, timedelta(hours=1), now=NOW)

    assert found == sorted([orphan_old, orphan_thumb])
    assert orphan_keys(store, {known_old}, timedelta(hours=1), prefix="thumbs/", now=NOW) == [
        orphan_thumb
    ]
    # With a grace period longer than the files' age, nothing is an orphan yet.
    assert orphan_keys(store, set(), timedelta(days=4), now=NOW) == []
    # Listing deletes nothing.
    assert len(list(store.keys())) == 4


def test_orphan_grace_period_must_not_be_negative(store: LocalStorage) -> None:
    with pytest.raises(ValueError):
        orphan_keys(store, set(), timedelta(seconds=-1))


def test_orphan_listing_survives_a_file_deleted_meanwhile(store: LocalStorage) -> None:
    key = new_key(suffix=".jpg")
    store.put(key, b"x")

    class Vanishing(LocalStorage):
        def modified_at(self, key: str) -> datetime:
            self.delete(key)
            return super().modified_at(key)

    assert orphan_keys(Vanishing(store.root), set(), timedelta(0)) == []


PHOTOS_PACKAGE = Path(str(photos_module.__file__)).parent
STORAGE_PACKAGE = Path(str(storage_module.__file__)).parent
FLASK_FREE_FILES = [
    *(("portfolio.storage", path) for path in sorted(STORAGE_PACKAGE.glob("*.py"))),
    *(("portfolio.services.photos", path) for path in sorted(PHOTOS_PACKAGE.glob("*.py"))),
]


@pytest.mark.parametrize(
    ("package", "source"), FLASK_FREE_FILES, ids=lambda value: getattr(value, "stem", "")
)
def test_module_imports_neither_flask_nor_the_rest_of_the_app(package: str, source: Path) -> None:
    """So workers, CLI commands and the game server can use them without an app."""
    tree = ast.parse(source.read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert imported
    outside = {
        name
        for name in imported
        if name.split(".")[0] in {"flask", "portfolio"} and not name.startswith(package)
    }
    assert not outside
