"""The attestation of acquired competencies at phone width: the referent prepares a corrected
one, the trainee reads it and agrees from "Mon suivi", the referent makes it final, and
anyone holding the address sees that it is valid and that the first one was replaced."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from browsing import go, log_in, log_out, no_horizontal_scroll

REFERENT = ("referente", "piano-rivage-28")
JADE = ("jade", "banquise-citron-79")


def _jade_id(live_app: Any) -> int:
    from portfolio.extensions import db
    from portfolio.models import User

    with live_app.app_context():
        jade = db.session.scalar(select(User).where(User.login == "jade"))
        assert jade is not None
        return jade.id


def test_a_corrected_attestation_is_read_agreed_and_made_final_on_a_phone(
    live_app, live_server, phone, shot
):
    jade_id = _jade_id(live_app)
    log_in(phone, live_server, *REFERENT)
    phone.goto(f"{live_server.url}/referent/stagiaires/{jade_id}/sortie")
    expect(phone.get_by_text("Sortie enregistrée le")).to_be_visible()
    shot(phone, "exit-page")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Préparer une attestation à jour").click()
    expect(phone.get_by_text("Attestation préparée")).to_be_visible()
    expect(phone.get_by_text("le stagiaire ne l'a pas encore relu")).to_be_visible()
    phone.get_by_role("button", name="Rendre l'attestation finale").click()
    expect(phone.get_by_text("doit d'abord relire")).to_be_visible()
    draft_url = phone.url
    log_out(phone)

    log_in(phone, live_server, *JADE)
    go(phone, "Suivi")
    phone.get_by_role("link", name="Voir mon attestation").click()
    expect(phone.get_by_text("Est-ce qu'elle est juste ?")).to_be_visible()
    expect(phone.get_by_role("heading", name="Compétences acquises")).to_be_visible()
    expect(phone.get_by_text("Échanger oralement avec autrui")).to_be_visible()
    shot(phone, "trainee-reads-draft")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Oui, c'est juste").click()
    expect(phone.get_by_text("votre référent a votre réponse")).to_be_visible()
    log_out(phone)

    log_in(phone, live_server, *REFERENT)
    phone.goto(draft_url.split("/finaliser")[0])
    expect(phone.get_by_text("le stagiaire est d'accord")).to_be_visible()
    phone.get_by_role("button", name="Rendre l'attestation finale").click()
    expect(phone.get_by_text("L'attestation est finale.")).to_be_visible()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == "attestation-jade-lambert.pdf"
    phone.get_by_role("link", name="Page de vérification").click()
    expect(phone.get_by_text("Attestation valable.")).to_be_visible()
    shot(phone, "verification-valid")
    assert no_horizontal_scroll(phone)
    log_out(phone)

    # The demo's first attestation now says that a corrected one replaced it.
    from portfolio.extensions import db
    from portfolio.models import Attestation

    with live_app.app_context():
        first = db.session.scalar(
            select(Attestation).where(Attestation.trainee_id == jade_id).order_by(Attestation.id)
        )
        assert first is not None
        address = first.public_id
    phone.goto(f"{live_server.url}/attestation/{address}")
    expect(phone.get_by_text("Attestation remplacée.")).to_be_visible()
    phone.get_by_role("link", name="Voir l'attestation qui la remplace").click()
    expect(phone.get_by_text("Attestation valable.")).to_be_visible()
