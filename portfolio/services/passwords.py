"""Password hashing (argon2id) and a strength rule people can understand."""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from portfolio.services.i18n import gettext as _

_hasher = PasswordHasher()

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


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A fixed hash to verify against when the login is unknown, so timing does not tell
# whether an account exists.
DUMMY_HASH = _hasher.hash("not-a-real-password-e2c")
