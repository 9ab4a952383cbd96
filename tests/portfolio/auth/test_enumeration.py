"""Nobody outside may learn which logins exist: same answer, same work, known or not.

The join form is covered in tests/portfolio/company/test_company_join_logins.py; there is no
self-service password reset (the referent or the admin gives a temporary password), so the
login page is the other place a login is typed by someone not yet known.
"""

from __future__ import annotations

import pytest

from builders import make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services import accounts


@pytest.fixture
def verifications(monkeypatch):
    """Count the password hashes checked: the slow step whose absence would show in timing."""
    seen: list[str] = []
    real = accounts.verify_password

    def counting(password_hash: str, password: str) -> bool:
        seen.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return seen


def test_an_unknown_login_costs_one_password_hash_like_a_known_one(client, verifications):
    user = make_user(Role.TRAINEE)
    inactive = make_user(Role.TRAINEE)
    inactive.active = False
    db.session.commit()
    answers = []
    for name in (user.login, "personne.inconnue", inactive.login):
        verifications.clear()
        response = client.post("/connexion", data={"login": name, "password": "pas-le-bon-123"})
        assert len(verifications) == 1, name
        # The form shows back what was typed; everything else must be the same.
        answers.append((response.status_code, page_text(response).replace(name, "LOGIN")))
    assert answers[0] == answers[1] == answers[2]
    assert "Identifiant ou mot de passe incorrect." in answers[0][1]


def test_the_hash_checked_for_an_unknown_login_costs_what_a_real_one_costs(verifications):
    from argon2 import extract_parameters

    user = make_user(Role.TRAINEE)
    accounts.authenticate("personne.inconnue", "pas-le-bon-123")
    dummy = extract_parameters(verifications[-1])
    real = extract_parameters(user.password_hash)
    assert (dummy.time_cost, dummy.memory_cost, dummy.parallelism) == (
        real.time_cost,
        real.memory_cost,
        real.parallelism,
    )
