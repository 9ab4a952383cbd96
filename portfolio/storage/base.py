"""Keys, the storage interface every backend implements, and the orphan sweep.

Keys are made by the server (`new_key`), never taken from a user: a random UUID in hex,
an optional folder-like prefix and an optional suffix, e.g. ``photos/3f2c...9a.jpg``.
Every backend checks each key against one strict pattern (lower-case ASCII, no ``..``, no
leading ``/``, no backslash), so a key can never point outside the storage root or bucket
prefix.

`orphan_keys` lists objects that no database row points to, skipping recent ones: an
upload writes its file before the row that names it is committed, so a file younger than
the grace period may still be claimed. It only needs `keys()` and `modified_at()`, so the
same sweep works on a local folder and on an object store.

This module imports nothing from Flask or from the rest of the application.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol, TypeGuard, runtime_checkable
from urllib.parse import urlsplit

_SEGMENT: Final = r"[a-z0-9]{1,32}"
_SUFFIX: Final = r"(?:[._-][a-z0-9]{1,16}){0,3}"
KEY_PATTERN: Final = re.compile(rf"(?:{_SEGMENT}/){{0,3}}[0-9a-f]{{32}}{_SUFFIX}", re.ASCII)
"""Up to three folder segments, a 32-hex-digit UUID, then up to three short suffixes."""
_PREFIX_PATTERN: Final = re.compile(rf"(?:{_SEGMENT}/){{1,3}}", re.ASCII)
_SUFFIX_PATTERN: Final = re.compile(_SUFFIX, re.ASCII)
_LISTING_PREFIX: Final = re.compile(r"[a-z0-9/._-]*", re.ASCII)
_BUCKET: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", re.ASCII)
_ROOT: Final = re.compile(r"(?:[A-Za-z0-9._-]+/)*", re.ASCII)


class InvalidKey(ValueError):
    """A storage key that does not match `KEY_PATTERN` (a bug or an attack, never data)."""


class StorageUnavailable(OSError):
    """The store cannot be reached or refused to work (network, credentials, full disk).

    Nothing was stored by the call that raised it. The application turns it into a plain
    French sentence ("try again in a few minutes"); it is never a reason to write a row.
    """


def is_valid_key(key: object) -> TypeGuard[str]:
    """True if `key` is a string that matches `KEY_PATTERN` exactly."""
    return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None


def validate_key(key: object) -> str:
    """Return `key` unchanged if it is valid, else raise `InvalidKey`."""
    if not is_valid_key(key):
        raise InvalidKey(f"invalid storage key: {key!r}")
    return key


def validate_listing_prefix(prefix: object) -> str:
    """Return `prefix` if it may start keys (``""``, ``"photos/"``, ``"photos/3f"``)."""
    if (
        not isinstance(prefix, str)
        or not _LISTING_PREFIX.fullmatch(prefix)
        or ".." in prefix
        or prefix.startswith("/")
    ):
        raise InvalidKey(f"invalid key prefix: {prefix!r}")
    return prefix


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


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> (``bucket``, ``some/prefix/``); ValueError if malformed."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or parts.query or parts.fragment:
        raise ValueError(f"STORAGE_URL must look like s3://bucket/prefix, not {url!r}")
    bucket = parts.netloc
    root = parts.path.strip("/")
    root = f"{root}/" if root else ""
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise ValueError(f"invalid bucket name in STORAGE_URL: {bucket!r}")
    if not _ROOT.fullmatch(root) or "//" in root or any(p in {".", ".."} for p in root.split("/")):
        raise ValueError(f"invalid prefix in STORAGE_URL: {parts.path!r}")
    return bucket, root


def check_bytes(data: object) -> None:
    """Refuse anything but bytes before a backend touches the store."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"put() needs bytes, not {type(data).__name__}")


@runtime_checkable
class Storage(Protocol):
    """What the application needs from a file store. Keys must match `KEY_PATTERN`.

    Reading a missing key raises `FileNotFoundError`; deleting one does nothing. A store
    that cannot be reached raises `StorageUnavailable` (an `OSError`).
    """

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing any previous content, atomically."""
        ...

    def get(self, key: str) -> bytes:
        """The whole content stored under `key`."""
        ...

    def delete(self, key: str) -> None:
        """Remove `key` if it exists (idempotent)."""
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

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with `prefix`, in sorted order (valid keys only)."""
        ...


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
    for key in storage.keys(prefix):
        if key in known:
            continue
        try:
            written = storage.modified_at(key)
        except FileNotFoundError:  # deleted while we were listing
            continue
        if written <= cutoff:
            orphans.append(key)
    return sorted(orphans)
