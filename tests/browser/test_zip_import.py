"""Sami joins the demo E2C with the portfolio ZIP of his former school: on his phone, from
"Mon suivi", he sends the file, reads what it will bring, ticks the box and imports; his
trace is there, marked "Importé"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders_zip_import import make_zip, portfolio_data
from playwright.sync_api import expect

from browsing import PASSWORD, fresh_trainee, go, log_in, no_horizontal_scroll


def test_upload_preview_confirm_on_a_phone(live_app, live_server, phone, tmp_path: Path, shot: Any):
    login = fresh_trainee(live_app)
    with live_app.app_context():
        data = portfolio_data()
        data["person"]["first_name"] = "Sami"
        archive = tmp_path / "mon-portfolio-e2c.zip"
        archive.write_bytes(make_zip(data))
    log_in(phone, live_server, login, PASSWORD)
    go(phone, "Suivi")
    phone.get_by_role("link", name="Importer un portfolio (ZIP)").click()
    expect(phone.get_by_role("heading", name="Importer mon portfolio", level=1)).to_be_visible()
    phone.get_by_label("Le fichier de mon portfolio").set_input_files(str(archive))
    phone.get_by_role("button", name="Voir ce qu'il contient").click()
    expect(phone.get_by_text("exporté de E2C Lille")).to_be_visible()
    expect(phone.get_by_text("1 trace", exact=True)).to_be_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "preview")
    phone.get_by_label("C'est bien mon portfolio : je veux l'ajouter ici.").check()
    phone.get_by_role("button", name="Importer", exact=True).click()
    expect(phone.get_by_text("Votre portfolio est importé : 1 trace ajoutée")).to_be_visible()
    phone.get_by_role("link", name="Trace 1 venue d'ailleurs").click()
    expect(phone.get_by_text("Importé de E2C Lille, le")).to_be_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "imported-trace")
