"""The portfolio token never sits in clear in the save file.

It goes to the OS keyring when there is a real one (a fake backend object stands for it
here), else to a separate file only the user can read (0600); a clear token left in an old
save is moved out on load.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from game.core.store import DB_NAME, Link, StoreError, open_store
from game.core.tokens import (
    SERVICE,
    TOKEN_FILE,
    FileVault,
    KeyringVault,
    VaultError,
    choose_vault,
)

TOKEN = "e2c_secret_token_0123456789abcdef"


def a_link(token: str = TOKEN) -> Link:
    return Link(
        base_url="http://127.0.0.1:5000",
        token=token,
        token_id="tok-1",
        expires_at="2027-01-01T00:00:00Z",
        actor={"account": {"homePage": "http://127.0.0.1:5000", "name": "abc"}},
        display_name="Samia",
    )


def save_bytes(home: Path) -> bytes:
    """Everything SQLite wrote for the save: the file and its write-ahead log."""
    return b"".join(path.read_bytes() for path in home.glob(DB_NAME + "*") if path.is_file())


class FakeKeyring:
    """Stands for a real OS keyring (priority above 0), in memory."""

    priority = 1

    def __init__(self, *, refuse: bool = False) -> None:
        self.secrets: dict[tuple[str, str], str] = {}
        self.refuse = refuse

    def get_password(self, service: str, account: str) -> str | None:
        return self.secrets.get((service, account))

    def set_password(self, service: str, account: str, password: str) -> None:
        if self.refuse:
            raise RuntimeError("locked")
        self.secrets[(service, account)] = password

    def delete_password(self, service: str, account: str) -> None:
        del self.secrets[(service, account)]


def test_without_keyring_the_token_goes_to_a_file_only_the_user_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(home, choose_vault(home, None))
    store.save_link(a_link())
    token_file = home / TOKEN_FILE
    assert token_file.read_text(encoding="utf-8") == TOKEN
    if sys.platform != "win32":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert TOKEN.encode() not in save_bytes(home)
    saved = json.loads(
        store._db.execute("SELECT value FROM profile WHERE key='link'").fetchone()[0]
    )
    assert "token" not in saved and saved["token_id"] == "tok-1"
    store.close()
    again = open_store(home, FileVault(home))
    link = again.profile().link
    assert link is not None and link.token == TOKEN
    again.save_link(None)
    assert not token_file.exists()
    assert again.profile().link is None
    again.close()


def test_a_real_keyring_keeps_the_token_and_no_file_is_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    backend = FakeKeyring()
    vault = choose_vault(home, backend)
    assert isinstance(vault, KeyringVault)
    store = open_store(home, vault)
    store.save_link(a_link())
    assert list(backend.secrets.values()) == [TOKEN]
    assert next(iter(backend.secrets))[0] == SERVICE
    assert not (home / TOKEN_FILE).exists()
    assert TOKEN.encode() not in save_bytes(home)
    store.close()
    reopened = open_store(home, choose_vault(home, backend))
    assert reopened.profile().link.token == TOKEN  # type: ignore[union-attr]
    reopened.save_link(None)
    assert backend.secrets == {}
    reopened.close()


def test_a_keyring_that_refuses_falls_back_to_the_private_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(home, choose_vault(home, FakeKeyring(refuse=True)))
    store.save_link(a_link())
    assert (home / TOKEN_FILE).read_text(encoding="utf-8") == TOKEN
    assert store.profile().link.token == TOKEN  # type: ignore[union-attr]
    store.close()


def test_keyrings_fail_backend_means_the_file(tmp_path: Path) -> None:
    """keyring's ``fail`` backend (no keyring service on this computer) is not a keyring."""
    fail = pytest.importorskip("keyring.backends.fail")
    assert isinstance(choose_vault(tmp_path, fail.Keyring()), FileVault)
    null = pytest.importorskip("keyring.backends.null")
    assert isinstance(choose_vault(tmp_path, null.Keyring()), FileVault)


@pytest.mark.parametrize("backend", [None, FakeKeyring()], ids=["file", "keyring"])
def test_a_clear_token_of_an_old_save_is_moved_out_on_load(tmp_path: Path, backend: Any) -> None:
    home = tmp_path / "home"
    old = open_store(home)
    old._db.execute(  # what an older version of the game wrote
        "INSERT INTO profile (key, value) VALUES ('link', ?)",
        (json.dumps(_old_link()),),
    )
    old.close()
    assert TOKEN.encode() in save_bytes(home)

    store = open_store(home, choose_vault(home, backend))
    link = store.profile().link
    assert link is not None and link.token == TOKEN and link.display_name == "Samia"
    raw = json.loads(store._db.execute("SELECT value FROM profile WHERE key='link'").fetchone()[0])
    assert "token" not in raw
    store.close()
    assert TOKEN.encode() not in save_bytes(home)
    if backend is None:
        assert (home / TOKEN_FILE).read_text(encoding="utf-8") == TOKEN
    else:
        assert list(backend.secrets.values()) == [TOKEN]


def _old_link() -> dict[str, Any]:
    link = a_link()
    return {
        "base_url": link.base_url,
        "token": link.token,
        "token_id": link.token_id,
        "expires_at": link.expires_at,
        "actor": dict(link.actor),
        "display_name": link.display_name,
    }


class BrokenVault:
    """A vault that cannot write (disk full, folder read-only)."""

    def get(self) -> str | None:
        return None

    def set(self, token: str) -> None:
        raise VaultError("disque plein")

    def delete(self) -> None:
        return None


def test_a_token_that_cannot_be_kept_links_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "home", BrokenVault())
    with pytest.raises(StoreError, match="Impossible de garder le lien au portfolio"):
        store.save_link(a_link())
    assert store.profile().link is None
    assert TOKEN.encode() not in save_bytes(tmp_path / "home")
    store.close()
