"""One-time secrets are hashed by one function, and rows stored before still match."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from builders import make_user
from portfolio.extensions import db
from portfolio.models import ApiToken, Role, utcnow
from portfolio.services.tokens import find_active_token, hash_token


def test_hash_is_the_hex_sha256_of_the_utf8_bytes() -> None:
    # The value stored in token_hash / code_hash columns: changing it would orphan every row.
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hash_token("K7QF-93TD é") == hashlib.sha256("K7QF-93TD é".encode()).hexdigest()


def test_a_token_stored_before_still_opens_the_api() -> None:
    user = make_user(Role.TRAINEE)
    secret = "e2c_" + "x" * 43
    db.session.add(
        ApiToken(
            user_id=user.id,
            name="ancien",
            token_hash=hashlib.sha256(secret.encode()).hexdigest(),  # as written before
            prefix=secret[:10],
            scopes="portfolio:read",
            expires_at=utcnow() + timedelta(days=1),
        )
    )
    db.session.commit()
    found = find_active_token(secret)
    assert found is not None and found.user_id == user.id
