"""Where uploaded files live: a small storage interface and a local-folder implementation.

Keys are made by the server (`new_key`), never taken from a user: a random UUID in hex,
an optional folder-like prefix and an optional suffix, e.g. ``photos/3f2c...9a.jpg``.
Every method checks the key against one strict pattern (lower-case ASCII, no ``..``, no
leading ``/``, no backslash), so a key can never point outside the storage root.

`LocalStorage.put` is atomic: the data goes to a temporary file in the same folder, is
flushed to disk (fsync), then renamed over the final name (`os.replace`). A reader sees
the old file or the new one, never half a file; a crash leaves at most a hidden
``.tmp-*.part`` file, which `LocalStorage.remove_stale_temp_files` cleans up.

`orphan_keys` lists files that no database row points to, skipping recent files: an
upload writes its file before the row that names it is committed, so a file younger than
the grace period may still be claimed.

This module imports nothing from Flask or from the rest of the application.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Final, Protocol, TypeGuard, runtime_checkable

__all__ = [
    "KEY_PATTERN",
    "InvalidKey",
    "LocalStorage",
    "Storage",
    "is_valid_key",
    "new_key",
    "orphan_keys",
    "validate_key",
]

_SEGMENT: Final = r"[a-z0-9]{1,32}"
_SUFFIX: Final = r"(?:[._-][a-z0-9]{1,16}){0,3}"
KEY_PATTERN: Final = re.compile(rf"(?:{_SEGMENT}/){{0,3}}[0-9a-f]{{32}}{_SUFFIX}", re.ASCII)
"""Up to three folder segments, a 32-hex-digit UUID, then up to three short suffixes."""
_PREFIX_PATTERN: Final = re.compile(rf"(?:{_SEGMENT}/){{1,3}}", re.ASCII)
_SUFFIX_PATTERN: Final = re.compile(_SUFFIX, re.ASCII)
_TEMP_PREFIX: Final = ".tmp-"
_TEMP_SUFFIX: Final = ".part"


class InvalidKey(ValueError):
    """A storage key that does not match `KEY_PATTERN` (a bug or an attack, never data)."""


def is_valid_key(key: object) -> TypeGuard[str]:
    """True if `key` is a string that matches `KEY_PATTERN` exactly."""
    return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None


def validate_key(key: object) -> str:
    """Return `key` unchanged if it is valid, else raise `InvalidKey`."""
    if not is_valid_key(key):
        raise InvalidKey(f"invalid storage key: {key!r}")
    return key


def new_key(*, prefix: str = "", suffix: str = "") -> str:
    """A fresh random key, e.g. ``new_key(prefix="photos/", suffix=".jpg")``.

    `prefix` is empty or 1 to 3 segments of ``[a-z0-9]`` each ending with ``/``;
    `suffix` is empty or up to three parts like ``.jpg`` or ``_thumb``.
    """
    if prefix and not _PREFIX_PATTERN.fullmatch(prefix):
        raise InvalidKey(f"invalid key prefix: {prefix!r}")
    if not _SUFFIX_PATTERN.fullmatch(suffix):
        raise InvalidKey(f"invalid key suffix: {suffix!r}")
    return validate_key(f"{prefix}{uuid.uuid4().hex}{suffix}")


@runtime_checkable
class Storage(Protocol):
    """What the application needs from a file store. Keys must match `KEY_PATTERN`.

    Reading a missing key raises `FileNotFoundError`; deleting one does nothing.
    """

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing any previous content, atomically."""
        ...

    def get(self, key: str) -> bytes:
        """The whole content stored under `key`."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A binary file object to stream the content; the caller closes it."""
        ...

    def delete(self, key: str) -> None:
        """Remove `key` if it exists."""
        ...

    def exists(self, key: str) -> bool:
        """True if something is stored under `key`."""
        ...

    def size(self, key: str) -> int:
        """Size in bytes of the content under `key`."""
        ...

    def modified_at(self, key: str) -> datetime:
        """When `key` was last written (timezone-aware, UTC)."""
        ...

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with `prefix`, in sorted order."""
        ...


class LocalStorage:
    """Files in a local folder, one file per key; sub-folders follow the key's prefix."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def path(self, key: str) -> Path:
        """The file that holds `key` (checked, always inside `root`)."""
        return self.root.joinpath(*validate_key(key).split("/"))

    def put(self, key: str, data: bytes) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"put() needs bytes, not {type(data).__name__}")
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def modified_at(self, key: str) -> datetime:
        return datetime.fromtimestamp(self.path(key).stat().st_mtime, tz=UTC)

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        if (
            not isinstance(prefix, str)
            or not re.fullmatch(r"[a-z0-9/._-]*", prefix)
            or ".." in prefix
            or prefix.startswith("/")
        ):
            raise InvalidKey(f"invalid key prefix: {prefix!r}")
        found: list[str] = []
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            relative = Path(folder).relative_to(self.root).as_posix()
            for name in files:
                key = name if relative == "." else f"{relative}/{name}"
                if (
                    key.startswith(prefix)
                    and is_valid_key(key)
                    and not os.path.islink(os.path.join(folder, name))
                ):
                    found.append(key)
        return iter(sorted(found))

    def remove_stale_temp_files(self, older_than: timedelta, *, now: datetime | None = None) -> int:
        """Delete temporary files left by interrupted `put` calls; return how many."""
        cutoff = (now or datetime.now(UTC)).timestamp() - older_than.total_seconds()
        removed = 0
        for folder, _subfolders, files in os.walk(self.root):
            for name in files:
                if not (name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)):
                    continue
                path = Path(folder, name)
                try:
                    if path.stat().st_mtime <= cutoff:
                        path.unlink()
                        removed += 1
                except FileNotFoundError:
                    continue
        return removed


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def orphan_keys(
    storage: Storage,
    known_keys: Iterable[str],
    older_than: timedelta,
    *,
    prefix: str = "",
    now: datetime | None = None,
) -> list[str]:
    """Stored keys that no database row names and that were written before the grace period.

    `known_keys` are the keys the database points to; `older_than` is the grace period
    (give it well over the longest upload request, e.g. one hour). The result is sorted;
    the caller deletes with `storage.delete(key)`.
    """
    if older_than < timedelta(0):
        raise ValueError("older_than must not be negative")
    known = set(known_keys)
    cutoff = (now or datetime.now(UTC)) - older_than
    orphans: list[str] = []
    for key in storage.iter_keys(prefix):
        if key in known:
            continue
        try:
            written = storage.modified_at(key)
        except FileNotFoundError:  # deleted while we were listing
            continue
        if written <= cutoff:
            orphans.append(key)
    return sorted(orphans)
