"""Password hashing (argon2id) and a strength rule people can understand.

Production hashes with argon2-cffi's defaults (RFC 9106 "low memory": 64 MiB, 3 passes, 4
lanes): about 50 ms a hash on purpose, so that a stolen database is slow to attack. The test
suite creates hundreds of accounts and logs in hundreds of times; paying that cost there made
it several minutes longer and proved nothing more, so the suite selects the
``insecure-fast-for-tests`` profile through ``PASSWORD_HASHING`` (one test checks the production
profile end to end). A hash records its own parameters, so either profile verifies the other's
hashes, and a login upgrades a hash made with weaker parameters than the current ones.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import argon2.profiles
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from portfolio.services.i18n import gettext as _

PROFILES = {
    "argon2id": argon2.profiles.RFC_9106_LOW_MEMORY,
    "insecure-fast-for-tests": argon2.profiles.CHEAPEST,
}
DEFAULT_PROFILE = "argon2id"

_hasher = PasswordHasher.from_parameters(PROFILES[DEFAULT_PROFILE])


def configure(profile: str) -> None:
    """Select the hashing profile (``PASSWORD_HASHING``); an unknown name stops the start-up."""
    global _hasher
    if profile not in PROFILES:
        names = ", ".join(sorted(PROFILES))
        raise ValueError(f"PASSWORD_HASHING must be one of {names}, not {profile!r}")
    if _hasher.time_cost != PROFILES[profile].time_cost or (
        _hasher.memory_cost != PROFILES[profile].memory_cost
    ):
        _hasher = PasswordHasher.from_parameters(PROFILES[profile])


MIN_LENGTH = 10

# Passwords that appear at the top of every leaked list, plus local favourites.
_COMMON = frozenset(
    [
        "123456789",
        "1234567890",
        "12345678910",
        "azertyuiop",
        "azertyuiop1",
        "qwertyuiop",
        "motdepasse",
        "motdepasse1",
        "motdepasse123",
        "password",
        "password1",
        "password123",
        "iloveyou123",
        "bonjour123",
        "soleil1234",
        "doudou1234",
        "marseille13",
        "marseille123",
        "football123",
        "chocolat123",
        "azerty1234",
        "azerty12345",
        "qwerty1234",
        "qwerty12345",
        "0123456789",
        "1111111111",
        "abcdefghij",
        "abc1234567",
        "loveyou123",
        "jetaime123",
        "jetaime1234",
        "nicolas123",
        "celine1234",
        "ecole2chance",
        "e2c2chance",
        "portfolio1",
        "portfolio123",
        "bienvenue1",
        "bienvenue123",
    ]
)


class WeakPassword(ValueError):
    """The password does not meet the rule; ``str(err)`` is a sentence for the user."""


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def check_strength(password: str, *, personal: tuple[str, ...] = ()) -> None:
    """Raise :class:`WeakPassword` unless the password is long and not guessable.

    Long passphrases ("trois mots au hasard") are encouraged; no symbol soup is required.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(_("Le mot de passe doit avoir au moins %(n)d caractères.", n=MIN_LENGTH))
    if len(password) > 200:
        raise WeakPassword(_("Le mot de passe est trop long (200 caractères au maximum)."))
    folded = _fold(password)
    if folded in _COMMON or len(set(folded)) < 4:
        raise WeakPassword(_("Ce mot de passe est trop facile à deviner. Choisissez-en un autre."))
    if folded.isdigit():
        raise WeakPassword(_("Le mot de passe ne doit pas contenir que des chiffres."))
    for word in personal:
        w = _fold(word)
        if len(w) >= 3 and w in folded:
            raise WeakPassword(
                _("Le mot de passe ne doit pas contenir votre nom ou votre identifiant.")
            )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the current profile's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """A hash to verify against when the login is unknown, so timing does not tell whether
    an account exists; made with the current profile's parameters (once per profile)."""
    return _dummy_hash(_hasher.time_cost, _hasher.memory_cost)


@cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return _hasher.hash("not-a-real-password-e2c")
