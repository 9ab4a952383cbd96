"""Open Badges 3.0: the badges of a final attestation validate against the 1EdTech schema,
verify with the site's public key, fail once tampered, signed elsewhere or revoked, and keep
verifying after a key rotation."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from builders_referent import COMP_A, COMP_B, COMP_C, make_level, team
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.exits.services import attestations as aca
from portfolio.exits.services import badges
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.exits.services.keys import rotate_key
from portfolio.extensions import db
from portfolio.models import AssessmentSource, Role, SiteKey
from portfolio.services.errors import NotFound

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "reference/ob3/achievementcredential.schema.json"
    ).read_text()
)
REGISTERED = {"iss", "jti", "nbf", "iat", "exp", "sub"}


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    app.config["PUBLIC_BASE_URL"] = (
        "https://e2c.example"  # the same addresses in and out of requests
    )
    site, referent, trainee = team()
    site.director_name = "Hélène Garnier"
    make_level(trainee, COMP_A, 3, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_C, 2, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_B, 1, source=AssessmentSource.REFERENT, author=referent)
    record_exit(referent, trainee, ExitInput(left_on=trainee.created_at.date(), outcome="cdi"))
    db.session.commit()
    return {"site": site, "referent": referent, "trainee": trainee}


def _final(world: dict[str, Any]) -> Any:
    draft = aca.prepare(world["referent"], world["trainee"])
    aca.review(world["trainee"], draft, agreed=True, comment="")
    aca.finalize(world["referent"], draft)
    db.session.commit()
    return draft


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def _tamper(token: str, **changes: Any) -> str:
    head, body, sig = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data.update(changes)
    new = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{head}.{new}.{sig}"


def test_a_final_attestation_gives_a_badge_per_competency_at_level_two_or_more(world):
    attestation = _final(world)
    given = {b.competency_id: b.level for b in badges.badges_of(world["trainee"])}
    assert given == {COMP_A: 3, COMP_C: 2}  # level 1 gives none
    assert all(b.attestation_id == attestation.id for b in badges.badges_of(world["trainee"]))


def test_each_badge_validates_against_the_open_badges_3_schema(world):
    _final(world)
    validator = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)
    for badge in badges.badges_of(world["trainee"]):
        claims = _claims(badge.credential_jwt)
        credential = {k: v for k, v in claims.items() if k not in REGISTERED}
        errors = sorted(validator.iter_errors(credential), key=str)
        assert not errors, [e.message for e in errors]
        assert "OpenBadgeCredential" in credential["type"]
        achievement = credential["credentialSubject"]["achievement"]
        assert achievement["alignment"][0]["targetCode"] == badge.competency_id
        assert "2018.1" in achievement["alignment"][0]["targetFramework"]
        assert "Indicateurs" in achievement["criteria"]["narrative"]
        # The holder is named only by a salted hash of their name.
        assert world["trainee"].last_name not in json.dumps(credential)
        identity = credential["credentialSubject"]["identifier"][0]
        assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    # An invalid credential fails the same validator (the test can fail).
    assert list(validator.iter_errors({"type": ["VerifiableCredential"]}))


def test_a_badge_verifies_with_the_public_keys_and_fails_once_tampered(world, client):
    _final(world)
    badge = badges.badges_of(world["trainee"])[0]
    slug = world["site"].slug
    key_set = client.get(f"/badges/emetteurs/{slug}/cles.json").get_json()
    kid = jwt.get_unverified_header(badge.credential_jwt)["kid"].rsplit("#", 1)[1]
    public = jwt.PyJWK.from_dict(next(k for k in key_set["keys"] if k["kid"] == kid))
    claims = jwt.decode(badge.credential_jwt, public, algorithms=["EdDSA"])
    assert claims["iss"].endswith(f"/badges/emetteurs/{slug}")
    profile = client.get(f"/badges/emetteurs/{slug}").get_json()
    assert profile["id"] == claims["iss"] and "Profile" in profile["type"]
    assert "private" not in json.dumps(key_set) and '"d"' not in json.dumps(key_set)
    assert badges.verify(badge.credential_jwt).valid
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(_tamper(badge.credential_jwt, name="Niveau 4"), public, algorithms=["EdDSA"])
    assert not badges.verify(_tamper(badge.credential_jwt, name="Niveau 4")).valid
    # The same claims signed with another key (someone forging a badge) fail too.
    forged = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
        headers=jwt.get_unverified_header(badge.credential_jwt),
    )  # fmt: skip
    assert not badges.verify(forged).valid
    for junk in ("", "abc", "a.b.c", None, 42, "x" * 70_000):
        assert not badges.verify(junk).valid


def test_revoking_the_attestation_revokes_its_badges_in_the_status_list(world, client):
    attestation = _final(world)
    badge = badges.badges_of(world["trainee"])[0]
    slug = world["site"].slug

    def status_bit() -> bool:
        token = client.get(f"/badges/statut/{slug}").get_data(as_text=True)
        key_set = client.get(f"/badges/emetteurs/{slug}/cles.json").get_json()
        kid = jwt.get_unverified_header(token)["kid"].rsplit("#", 1)[1]
        public = jwt.PyJWK.from_dict(next(k for k in key_set["keys"] if k["kid"] == kid))
        listed = jwt.decode(token, public, algorithms=["EdDSA"])
        return badges.is_revoked_in(listed["credentialSubject"]["encodedList"], badge.status_index)

    assert status_bit() is False
    aca.revoke(world["referent"], attestation, "Erreur de personne.")
    db.session.commit()
    assert status_bit() is True
    result = badges.verify(badge.credential_jwt)
    assert not result.valid and "Erreur de personne." in result.message
    page = page_text(client.get(f"/badges/{badge.public_id}"))
    assert "Badge retiré." in page and world["trainee"].last_name not in page


def test_a_corrected_attestation_replaces_the_badges_too(world):
    first = _final(world)
    old = {b.id for b in badges.badges_of(world["trainee"])}
    make_level(
        world["trainee"], COMP_B, 2, source=AssessmentSource.REFERENT, author=world["referent"]
    )
    second = _final(world)
    rows = badges.badges_of(world["trainee"])
    assert {b.competency_id for b in rows if b.attestation_id == second.id} == {
        COMP_A,
        COMP_B,
        COMP_C,
    }
    assert all(b.revoked_at is not None for b in rows if b.id in old)
    assert all(second.number in b.revoked_reason for b in rows if b.id in old)
    assert first.id != second.id


def test_after_a_key_rotation_old_and_new_badges_both_verify(world, app):
    _final(world)
    old_badge = badges.badges_of(world["trainee"])[0]
    runner = app.test_cli_runner()
    result = runner.invoke(args=["badges", "rotate-key", "--site", world["site"].slug])
    assert result.exit_code == 0, result.output
    keys = list(db.session.scalars(select(SiteKey).where(SiteKey.site_id == world["site"].id)))
    assert len(keys) == 2 and keys[0].retired_at is not None and keys[1].retired_at is None
    other = make_user(Role.TRAINEE, site=world["site"], referent=world["referent"])
    make_level(other, COMP_A, 2, source=AssessmentSource.REFERENT, author=world["referent"])
    record_exit(world["referent"], other, ExitInput(left_on=other.created_at.date(), outcome="cdd"))
    db.session.commit()
    _final({**world, "trainee": other})
    new_badge = badges.badges_of(other)[0]
    assert new_badge.key_id == keys[1].id and old_badge.key_id == keys[0].id
    assert badges.verify(old_badge.credential_jwt).valid
    assert badges.verify(new_badge.credential_jwt).valid
    assert runner.invoke(args=["badges", "rotate-key", "--site", "nulle-part"]).exit_code == 1
    rotate_key(world["site"])
    assert badges.verify(old_badge.credential_jwt).valid


def test_the_trainee_downloads_their_badges_and_nobody_else(world, client, app):
    _final(world)
    badge = badges.badges_of(world["trainee"])[0]
    login(client, world["trainee"])
    page = client.get(f"/mon-suivi/attestations/{badge.attestation_id}")
    assert "Télécharger le badge" in page_text(page)
    response = client.get(f"/mon-suivi/badges/{badge.id}/telecharger")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.get_data(as_text=True) == badge.credential_jwt
    other = app.test_client()
    login(other, make_user(Role.TRAINEE, site=world["site"], referent=world["referent"]))
    assert other.get(f"/mon-suivi/badges/{badge.id}/telecharger").status_code == 404
    staff = app.test_client()
    login(staff, world["referent"])
    assert staff.get(f"/mon-suivi/badges/{badge.id}/telecharger").status_code == 404


def test_the_verification_page_answers_people_and_programs(world, client):
    _final(world)
    badge = badges.badges_of(world["trainee"])[0]
    good = client.post("/badges/verifier", data={"token": badge.credential_jwt})
    assert "Badge valable." in page_text(good)
    bad = client.post("/badges/verifier", data={"token": "eyJhbGciOi.rien.du-tout"})
    assert "n'est pas valable" in page_text(bad)
    answer = client.post("/badges/verifier", json={"jwt": badge.credential_jwt}).get_json()
    assert answer["valid"] is True
    assert client.post("/badges/verifier", json=["pas", "un objet"]).get_json()["valid"] is False


def test_unknown_issuers_badges_and_competencies_answer_404(world, client):
    for url in (
        "/badges/emetteurs/nulle-part",
        "/badges/emetteurs/nulle-part/cles.json",
        "/badges/statut/nulle-part",
        "/badges/competences/e2c-apc/E2C-99Z",
        "/badges/competences/inconnu/E2C-1A",
        "/badges/" + "x" * 24,
    ):
        assert client.get(url).status_code == 404, url
    achievement = client.get(f"/badges/competences/e2c-apc/{COMP_A}").get_json()
    assert achievement["id"].endswith(f"/badges/competences/e2c-apc/{COMP_A}")
    with pytest.raises(NotFound):
        from portfolio.services import access

        access.public_site(make_site().slug + "-absent")
