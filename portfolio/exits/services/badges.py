"""Open Badges 3.0: each competency of a final attestation at level 2 or more becomes an
OpenBadgeCredential (a W3C Verifiable Credential, VC data model 2.0) signed by the site's key
as a VC-JWT (EdDSA, Ed25519), with its revocation bit in the site's Bitstring Status List.

- ``issue_for(attestation)`` runs when an attestation becomes final; ``revoke_for`` when it is
  replaced or withdrawn (the badges follow the attestation they come from).
- ``verify(token)`` is what the public verification page runs: the signature against the
  site's public keys (retired keys too), the issuer, the badge on record, its status bit.
- The credential names its holder only by a salted hash of their name (``IdentityObject``):
  whoever holds the badge and the name can check it; nobody learns the name from the badge.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import jwt
from sqlalchemy import select

from portfolio.exits.services.keys import active_key, issuer_id, private_key, public_url
from portfolio.extensions import db
from portfolio.models import (
    Attestation,
    Badge,
    ErasedKind,
    ErasedRecord,
    Site,
    SiteKey,
    User,
    utcnow,
)
from portfolio.models.exits import new_public_id
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from referentiel import Competency, Framework

CONTEXT: Final = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_BITS: Final = 131072  # 16 KiB: the smallest list the Bitstring Status List allows
MIN_LEVEL: Final = 2
MAX_TOKEN: Final = 64_000
DATE_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(DATE_FORMAT)


# -- issuing ------------------------------------------------------------------------------


def issue_for(attestation: Attestation) -> list[Badge]:
    """The badges of a final attestation: one per competency at level 2 or more."""
    site, trainee = attestation.site, attestation.trainee
    key = active_key(site)
    taken = set(db.session.scalars(select(Badge.status_index).where(Badge.site_id == site.id)))
    taken |= erased_indexes(site)
    content = attestation.content
    fw = frameworks()[content["framework"]["id"]]
    issued = []
    for entry in content["competencies"]:
        if entry["level"] < MIN_LEVEL or fw.get(entry["id"]) is None:
            continue
        index = _free_index(taken)
        badge = Badge(
            public_id=new_public_id(),  # named in the credential before the row is written
            trainee_id=trainee.id,
            site_id=site.id,
            attestation_id=attestation.id,
            key_id=key.id,
            competency_id=entry["id"],
            level=entry["level"],
            status_index=index,
            credential_jwt="",
        )
        db.session.add(badge)
        credential = build_credential(badge, site, trainee, fw, entry, utcnow())
        badge.credential_jwt = sign(credential, key, site)
        issued.append(badge)
    db.session.flush()
    return issued


def revoke_for(attestation: Attestation, reason: str) -> None:
    now = utcnow()
    for badge in db.session.scalars(
        select(Badge).where(Badge.attestation_id == attestation.id, Badge.revoked_at.is_(None))
    ):
        badge.revoked_at = now
        badge.revoked_reason = reason
    db.session.flush()


def badges_of(trainee: User) -> list[Badge]:
    return list(
        db.session.scalars(
            select(Badge).where(Badge.trainee_id == trainee.id).order_by(Badge.id.desc())
        )
    )


def _free_index(taken: set[int]) -> int:
    """A random unused bit (a sequence would tell how many badges the site gave, and when)."""
    if len(taken) >= STATUS_BITS:
        raise RuntimeError("the site's status list is full")
    while True:
        index = secrets.randbelow(STATUS_BITS)
        if index not in taken:
            taken.add(index)
            return index


def build_credential(
    badge: Badge, site: Site, trainee: User, fw: Framework, entry: dict[str, Any], now: datetime
) -> dict[str, Any]:
    competency = fw.competency(entry["id"])
    level = fw.level(entry["level"])
    status_url = public_url(f"/badges/statut/{site.slug}")
    salt = secrets.token_hex(8)
    name_hash = hashlib.sha256((trainee.full_name + salt).encode()).hexdigest()
    return {
        "@context": CONTEXT,
        "id": public_url(f"/badges/{badge.public_id}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{competency.label} : {level.label}",
        "issuer": issuer_profile(site),
        "validFrom": _z(now),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": f"sha256${name_hash}",
                    "identityType": "name",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement(fw, competency),
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": _levels_id(fw, competency),
                    "achievedLevel": _level_id(fw, competency, level.code),
                }
            ],
        },
        "evidence": _evidence(entry),
        "credentialStatus": {
            "id": f"{status_url}#{badge.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(badge.status_index),
            "statusListCredential": status_url,
        },
    }


def achievement(fw: Framework, competency: Competency) -> dict[str, Any]:
    """The framework's competency as an OB 3.0 Achievement (its id, version, indicators)."""
    url = public_url(f"/badges/competences/{fw.id}/{competency.id}")
    indicators = "\n".join(f"- {i.label}" for i in competency.indicators)
    return {
        "id": url,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": competency.label,
        "description": competency.description or competency.label,
        "criteria": {
            "narrative": _("Observé et confirmé par l'équipe de l'école. Indicateurs :")
            + "\n"
            + indicators
        },
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": competency.label,
                "targetUrl": url,
                "targetCode": competency.id,
                "targetFramework": f"{fw.title} (version {fw.version})",
                "targetType": "ceasn:Competency",
            }
        ],
        "humanCode": competency.code,
        "inLanguage": fw.language,
        "version": fw.version,
        "resultDescription": [
            {
                "id": _levels_id(fw, competency),
                "type": ["ResultDescription"],
                "name": _("Niveau atteint"),
                "resultType": "RubricCriterionLevel",
                "rubricCriterionLevel": [
                    {
                        "id": _level_id(fw, competency, lv.code),
                        "type": ["RubricCriterionLevel"],
                        "name": lv.label,
                        "description": lv.description,
                        "level": str(lv.code),
                    }
                    for lv in fw.levels
                    if lv.code > 0
                ],
            }
        ],
    }


def _levels_id(fw: Framework, competency: Competency) -> str:
    return public_url(f"/badges/competences/{fw.id}/{competency.id}#niveaux")


def _level_id(fw: Framework, competency: Competency, code: int) -> str:
    return public_url(f"/badges/competences/{fw.id}/{competency.id}#niveau-{code}")


def _evidence(entry: dict[str, Any]) -> list[dict[str, Any]]:
    found = [
        {"type": ["Evidence"], "name": t["title"], "genre": "trace", "narrative": t["date"]}
        for t in entry.get("traces", [])
    ]
    found += [
        {
            "type": ["Evidence"],
            "name": o["situation"],
            "genre": "observation",
            "narrative": o["date"],
        }
        for o in entry.get("observations", [])
    ]
    found += [
        {"type": ["Evidence"], "name": _("Avis du tuteur de stage"), "genre": "tutor",
         "narrative": f"{t['name']}, {t['date']}"}
        for t in entry.get("tutors", [])
    ]  # fmt: skip
    return found


def issuer_profile(site: Site) -> dict[str, Any]:
    return {
        "id": issuer_id(site),
        "type": ["Profile"],
        "name": f"École de la 2e Chance {site.name}",
        "url": public_url("/"),
        **({"address": {"type": ["Address"], "addressLocality": site.city}} if site.city else {}),
    }


def sign(payload: dict[str, Any], key: SiteKey, site: Site) -> str:
    """A VC-JWT: the credential as the JWT's claims, with the registered claims OB 3.0 names."""
    claims = dict(payload)
    valid_from = datetime.strptime(payload["validFrom"], DATE_FORMAT).replace(tzinfo=UTC)
    claims.update(
        {
            "iss": issuer_id(site),
            "jti": payload["id"],
            "nbf": int(valid_from.timestamp()),
            "iat": int(valid_from.timestamp()),
        }
    )
    headers = {"typ": "JWT", "kid": f"{issuer_id(site)}#{key.kid}"}
    return jwt.encode(claims, private_key(key), algorithm="EdDSA", headers=headers)


# -- status list and verification ------------------------------------------------------------


def erased_indexes(site: Site) -> set[int]:
    """The bits of badges whose holder was erased: revoked for ever, never given again."""
    rows = db.session.scalars(
        select(ErasedRecord.status_index).where(
            ErasedRecord.site_id == site.id, ErasedRecord.kind == ErasedKind.BADGE
        )
    )
    return {index for index in rows if index is not None}


def encoded_status_list(site: Site) -> str:
    """The site's revocation bits, GZIP-compressed, base64url, multibase ("u") as the W3C
    Bitstring Status List says (bit 0 is the first bit of the first byte)."""
    bits = bytearray(STATUS_BITS // 8)
    revoked = db.session.scalars(
        select(Badge.status_index).where(Badge.site_id == site.id, Badge.revoked_at.is_not(None))
    )
    for index in [*revoked, *erased_indexes(site)]:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=")
    return "u" + packed.decode()


def status_list_credential(site: Site) -> str:
    """The site's status list as a VC-JWT signed by its current key."""
    url = public_url(f"/badges/statut/{site.slug}")
    now = utcnow()
    credential = {
        "@context": [CONTEXT[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(site),
        "validFrom": _z(now),
        "credentialSubject": {
            "id": f"{url}#liste",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(site),
        },
    }
    return sign(credential, active_key(site), site)


def is_revoked_in(encoded: str, index: int) -> bool:
    """Read one bit of an encoded status list (what a wallet or a verifier does)."""
    raw = encoded[1:] if encoded.startswith("u") else encoded
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


@dataclass(frozen=True)
class Verification:
    valid: bool
    message: str
    credential: dict[str, Any] | None = None
    badge: Badge | None = None


def verify(token: object) -> Verification:
    """Check a badge someone presents: signature, issuer, the badge on record, revocation."""
    refused = Verification(
        False,
        _(
            "Ce badge n'est pas valable : il n'a pas été délivré par une école du réseau, "
            "ou il a été modifié."
        ),
    )
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_TOKEN:
        return refused
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
        kid = str(header.get("kid", ""))
        issuer, _sep, key_name = kid.rpartition("#")
        key = db.session.scalar(select(SiteKey).where(SiteKey.kid == key_name[:40]))
        if key is None or header.get("alg") != "EdDSA":
            return refused
        site = db.session.get(Site, key.site_id)
        assert site is not None
        public = jwt.PyJWK.from_dict(dict(key.public_jwk))
        claims = jwt.decode(
            token, public, algorithms=["EdDSA"], options={"require": ["iss", "jti"]}
        )
    except (jwt.PyJWTError, ValueError, json.JSONDecodeError):
        return refused
    # The issuer named in the key id is the one that signed (the address the site had then).
    if claims.get("iss") != issuer or not issuer.endswith(f"/badges/emetteurs/{site.slug}"):
        return refused
    public_id = str(claims.get("jti", "")).rsplit("/", 1)[-1]
    badge = db.session.scalar(select(Badge).where(Badge.public_id == public_id[:32]))
    if badge is None or badge.site_id != site.id or badge.credential_jwt != token:
        return refused
    if badge.revoked_at is not None:
        return Verification(
            False,
            _("Ce badge a été retiré par l'école : %(reason)s", reason=badge.revoked_reason),
            claims,
            badge,
        )
    return Verification(True, _("Badge valable."), claims, badge)
