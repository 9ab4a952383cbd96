"""Each site's signing keys for its Open Badges: Ed25519, the private half kept encrypted.

The newest key that is not retired signs new badges. Rotation (``flask --app portfolio badges
rotate-key --site SLUG``) retires it and makes a new one; a retired key stays in the site's
public key set (``/badges/emetteurs/<site>/cles.json``), so every badge it signed still
verifies. The private key is stored as encrypted PKCS#8 (``BADGE_KEY_PASSPHRASE``, by default
the app's ``SECRET_KEY``): a copy of the database alone does not let anyone sign.
"""

from __future__ import annotations

import secrets
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import Site, SiteKey, utcnow


def public_url(path: str) -> str:
    """An absolute address of this service: ``PUBLIC_URL`` (the address printed in badges,
    attestations and e-mails, the same in and out of a request; config.py gives it a default)."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path


def issuer_id(site: Site) -> str:
    return public_url(f"/badges/emetteurs/{site.slug}")


def _passphrase() -> bytes:
    secret = current_app.config.get("BADGE_KEY_PASSPHRASE") or current_app.config["SECRET_KEY"]
    return str(secret).encode()


def active_key(site: Site) -> SiteKey:
    """The key that signs the site's new badges (made on first use)."""
    key = db.session.scalar(
        select(SiteKey)
        .where(SiteKey.site_id == site.id, SiteKey.retired_at.is_(None))
        .order_by(SiteKey.id.desc())
        .limit(1)
    )
    return key if key is not None else _new_key(site)


def rotate_key(site: Site) -> SiteKey:
    """Retire the signing key of ``site`` and make a new one; returns the new key."""
    now = utcnow()
    for key in db.session.scalars(
        select(SiteKey).where(SiteKey.site_id == site.id, SiteKey.retired_at.is_(None))
    ):
        key.retired_at = now
    return _new_key(site)


def site_keys(site: Site) -> list[SiteKey]:
    return list(
        db.session.scalars(select(SiteKey).where(SiteKey.site_id == site.id).order_by(SiteKey.id))
    )


def private_key(key: SiteKey) -> Ed25519PrivateKey:
    loaded = serialization.load_pem_private_key(key.private_pem.encode(), password=_passphrase())
    assert isinstance(loaded, Ed25519PrivateKey)
    return loaded


def jwks(site: Site) -> dict[str, Any]:
    """The site's public keys as a JSON Web Key Set (retired ones included)."""
    return {"keys": [dict(key.public_jwk) for key in site_keys(site)]}


def _new_key(site: Site) -> SiteKey:
    private = Ed25519PrivateKey.generate()
    kid = f"{utcnow():%Y%m%d}-{secrets.token_hex(4)}"
    public = OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    public.update({"kid": kid, "use": "sig", "alg": "EdDSA"})
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    ).decode()
    key = SiteKey(site_id=site.id, kid=kid, public_jwk=public, private_pem=pem)
    db.session.add(key)
    db.session.flush()
    return key
