"""Where the portfolio token is kept: never in the save file itself.

The OS keyring when a real one is there (see :mod:`game.net.vault`), else a separate file in
the save folder that only the user can read (mode 0600). Pure code: the keyring backend is
any object with keyring's ``get_password`` / ``set_password`` / ``delete_password``.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

SERVICE = "e2c-jeu"
TOKEN_FILE = "jeton-portfolio"  # noqa: S105 - a file name, not a secret


class VaultError(RuntimeError):
    """The token could not be kept or read."""


class TokenVault(Protocol):
    def get(self) -> str | None: ...

    def set(self, token: str) -> None: ...

    def delete(self) -> None: ...


class FileVault:
    """The token alone in a file of the save folder, readable and writable by the user only."""

    def __init__(self, home: Path) -> None:
        self.path = home / TOKEN_FILE

    def get(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise VaultError(str(exc)) from exc

    def set(self, token: str) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            # Created 0600 (O_EXCL: never through a file planted there), whatever the umask.
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                if hasattr(os, "fchmod"):
                    os.fchmod(out.fileno(), 0o600)
                out.write(token)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            raise VaultError(str(exc)) from exc

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class KeyringVault:
    """The OS keyring; falls back to ``fallback`` when the keyring refuses (locked, denied)."""

    def __init__(self, backend: Any, account: str, fallback: FileVault) -> None:
        self.backend = backend
        self.account = account
        self.fallback = fallback

    def get(self) -> str | None:
        try:
            found = self.backend.get_password(SERVICE, self.account)
        except Exception:  # any keyring failure (locked, no service): try the file
            found = None
        return str(found) if found else self.fallback.get()

    def set(self, token: str) -> None:
        try:
            self.backend.set_password(SERVICE, self.account, token)
        except Exception:  # keyring locked or refused: the 0600 file
            self.fallback.set(token)
            return
        self.fallback.delete()

    def delete(self) -> None:
        with contextlib.suppress(Exception):
            self.backend.delete_password(SERVICE, self.account)
        self.fallback.delete()


def usable_keyring(backend: Any) -> bool:
    """A real keyring: keyring's ``fail`` and ``null`` backends have a priority of 0 or less."""
    try:
        return backend is not None and float(backend.priority) > 0
    except (AttributeError, TypeError, ValueError):
        return False


def choose_vault(home: Path, backend: Any) -> TokenVault:
    """The keyring when ``backend`` is a real one, else the 0600 file in ``home``."""
    file_vault = FileVault(home)
    if usable_keyring(backend):
        return KeyringVault(backend, str(home.resolve()), file_vault)
    return file_vault


class LazyVault:
    """Chooses the vault at first use (loading the keyring costs time at start-up)."""

    def __init__(self, choose: Callable[[], TokenVault]) -> None:
        self._choose = choose
        self._vault: TokenVault | None = None
        self._lock = threading.Lock()

    def _chosen(self) -> TokenVault:
        with self._lock:
            if self._vault is None:
                self._vault = self._choose()
            return self._vault

    def get(self) -> str | None:
        return self._chosen().get()

    def set(self, token: str) -> None:
        self._chosen().set(token)

    def delete(self) -> None:
        self._chosen().delete()
