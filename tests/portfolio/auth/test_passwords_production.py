"""The production password hashing, end to end (the rest of the suite hashes cheaply)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from builders import PASSWORD, login, make_user
from portfolio.extensions import db
from portfolio.models import User
from portfolio.services import passwords

PRODUCTION_PREFIX = "$argon2id$v=19$m=65536,t=3,p=4$"


@pytest.fixture
def production_app(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The test app as production configures it: no PASSWORD_HASHING in the environment."""
    from portfolio import create_app

    monkeypatch.delenv("PASSWORD_HASHING")
    prod = create_app(_without_hashing(app))
    prod.test_client_class = app.test_client_class
    with prod.app_context():
        yield prod
        db.session.remove()
    passwords.configure(app.config["PASSWORD_HASHING"])


def _without_hashing(app: Any) -> dict[str, Any]:
    return {k: v for k, v in app.config.items() if k != "PASSWORD_HASHING"}


def test_production_hashes_with_argon2id_rfc9106_and_logs_in(production_app: Any) -> None:
    assert production_app.config["PASSWORD_HASHING"] == "argon2id"
    user = make_user(login="prod.user")
    assert user.password_hash.startswith(PRODUCTION_PREFIX)
    response = login(production_app.test_client(), user)
    assert response.status_code == 302
    wrong = login(production_app.test_client(), user, password="pas-le-bon-mot-99")
    assert wrong.status_code == 200 and "incorrect" in wrong.get_data(as_text=True)


def test_a_weaker_hash_is_upgraded_at_the_next_login(app: Any) -> None:
    user = make_user(login="old.hash")
    assert not user.password_hash.startswith(PRODUCTION_PREFIX)
    passwords.configure("argon2id")
    try:
        assert login(app.test_client(), user).status_code == 302
        stored = db.session.scalar(select(User.password_hash).where(User.login == "old.hash"))
        assert stored is not None and stored.startswith(PRODUCTION_PREFIX)
        assert passwords.verify_password(stored, PASSWORD)
    finally:
        passwords.configure(app.config["PASSWORD_HASHING"])


def test_an_unknown_hashing_profile_stops_the_start_up(app: Any) -> None:
    from portfolio import create_app

    with pytest.raises(ValueError, match="PASSWORD_HASHING must be one of argon2id"):
        create_app({**_without_hashing(app), "PASSWORD_HASHING": "md5"})
