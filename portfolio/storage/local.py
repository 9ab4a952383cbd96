"""Files in a local folder: the embedded default (``UPLOAD_FOLDER``), one file per key.

`LocalStorage.put` is atomic: the data goes to a temporary file in the same folder, is
flushed to disk (fsync), then renamed over the final name (`os.replace`). A reader sees
the old file or the new one, never half a file; a crash leaves at most a hidden
``.tmp-*.part`` file, which `LocalStorage.remove_stale_temp_files` cleans up.

This module imports nothing from Flask or from the rest of the application.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Final

from portfolio.storage.base import (
    StorageUnavailable,
    check_bytes,
    is_valid_key,
    validate_key,
    validate_listing_prefix,
)

_TEMP_PREFIX: Final = ".tmp-"
_TEMP_SUFFIX: Final = ".part"


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
        check_bytes(data)
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(
                dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX
            )
        except OSError as err:
            raise StorageUnavailable(f"cannot write {key}: {err}") from err
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException as err:
            Path(temp_name).unlink(missing_ok=True)
            if isinstance(err, OSError):  # full disk, read-only folder: say "unavailable"
                raise StorageUnavailable(f"cannot write {key}: {err}") from err
            raise
        _fsync_directory(target.parent)

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        """A binary file object to stream the content; the caller closes it."""
        return self.path(key).open("rb")

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def modified_at(self, key: str) -> datetime:
        return datetime.fromtimestamp(self.path(key).stat().st_mtime, tz=UTC)

    def keys(self, prefix: str = "") -> Iterator[str]:
        validate_listing_prefix(prefix)
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
