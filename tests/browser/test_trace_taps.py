"""A trace with a photo in six taps at 360 px, counted as a person makes them (tests/taps.py),
and the photo kept through a competency search, with JavaScript and without.

Before this form (same counting): 13 taps and 7 fields for a trace with a photo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from builders_traces import jpeg_bytes
from playwright.sync_api import expect
from taps import Taps

from browsing import PASSWORD, fresh_trainee, log_in, no_horizontal_scroll

MAX_TAPS = 6


def _picture(tmp_path: Path, name: str = "etagere.jpg") -> Path:
    picture = tmp_path / name
    picture.write_bytes(jpeg_bytes(800, 600, seed=3))
    return picture


def _quick_trace(phone: Any, picture: Path, title: str, place: str | None) -> Taps:
    taps = Taps()
    taps.tap(phone.locator(".phone-bar").get_by_role("link", name="Trace"), "open the form")
    taps.photo(phone.locator("#photos-camera"), picture, "take a photo")
    taps.type(phone.get_by_label("Qu'avez-vous fait ?"), title, "what did you do")
    if place is not None:
        taps.check(phone.get_by_label(place, exact=True), "where")
    return taps


def test_a_trace_with_a_photo_in_six_taps_at_360_px(
    live_app, live_server, phone, shot, tmp_path: Path
):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    taps = _quick_trace(phone, _picture(tmp_path), "Étagère montée à l'atelier", "Atelier")
    preview = phone.get_by_role("img", name="Photo choisie : etagere.jpg")
    expect(preview).to_be_visible()  # seen before saving
    assert phone.evaluate("document.querySelector('[data-photo-preview] img').naturalWidth") == 800
    expect(phone.get_by_label("Quand ?")).to_have_value(date.today().isoformat())
    save = phone.get_by_role("button", name="Enregistrer la trace").first
    expect(save).to_be_in_viewport()  # no scrolling to find it
    shot(phone, "quick-form-filled")
    assert no_horizontal_scroll(phone)
    taps.tap(save, "save")
    expect(phone.get_by_text("Trace enregistrée.")).to_be_visible()
    expect(phone.locator(".photo-grid img")).to_be_visible()
    shot(phone, "quick-trace-saved")
    print(f"\nFIRST TRACE: {taps.report()}")
    assert taps.taps <= MAX_TAPS, taps.report()
    assert taps.fields == 3  # photo, what, where; the date is today

    # The next trace: where it happened is remembered, so one tap fewer.
    again = _quick_trace(phone, _picture(tmp_path, "mur.jpg"), "Peinture du mur", None)
    expect(phone.get_by_label("Atelier", exact=True)).to_be_checked()
    again.tap(phone.get_by_role("button", name="Enregistrer la trace").first, "save")
    expect(phone.get_by_text("Trace enregistrée.")).to_be_visible()
    print(f"NEXT TRACE: {again.report()}")
    assert again.taps <= MAX_TAPS - 1


def test_search_filters_in_place_and_keeps_the_chosen_photo(
    live_app, live_server, phone, shot, tmp_path: Path
):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    _quick_trace(phone, _picture(tmp_path), "J'ai mesuré les planches", "Atelier")
    phone.evaluate("window.stillHere = true")
    phone.get_by_text("Ajouter des compétences (maintenant ou plus tard)").click()
    # Suggested from the words typed, ticked in one tap.
    suggested = phone.locator("[data-suggestions]").get_by_label("Compter et mesurer")
    expect(suggested).to_be_visible()
    phone.get_by_label("Chercher une compétence par un mot").fill("collectif")
    phone.get_by_role("button", name="Chercher").click()
    expect(phone.locator("#c-E2C-4C")).to_be_visible()
    expect(phone.locator("#c-E2C-1A")).to_be_hidden()
    assert phone.evaluate("window.stillHere") is True  # no reload
    assert phone.evaluate("document.getElementById('photos-camera').files.length") == 1
    suggested.check()
    phone.locator("#c-E2C-4C").get_by_role("checkbox").check()
    shot(phone, "search-in-place")
    phone.get_by_role("button", name="Enregistrer la trace").first.click()
    expect(phone.get_by_text("Trace enregistrée.")).to_be_visible()
    expect(phone.locator(".photo-grid img")).to_be_visible()
    text = phone.locator("main").inner_text()
    assert "Compter et mesurer" in text and "Aider le groupe à avancer" in text


def test_the_photo_survives_a_competency_search_without_javascript(
    browser, live_app, live_server, shot, tmp_path: Path
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", java_script_enabled=False
    )
    phone = context.new_page()
    try:
        login = fresh_trainee(live_app)
        log_in(phone, live_server, login, PASSWORD)
        phone.locator(".phone-bar").get_by_role("link", name="Trace").click()
        phone.locator("#photos-files").set_input_files(str(_picture(tmp_path)))
        phone.get_by_label("Qu'avez-vous fait ?").fill("Étagère montée")
        phone.get_by_label("Atelier", exact=True).check()
        phone.get_by_text("Ajouter des compétences (maintenant ou plus tard)").click()
        phone.get_by_label("Chercher une compétence par un mot").fill("mesures")
        phone.get_by_role("button", name="Chercher").click()
        # The page came back from the server: the photo is kept there, shown as a thumbnail.
        kept = phone.get_by_role("img", name="Photo gardée n° 1")
        expect(kept).to_be_visible()
        assert phone.evaluate("document.querySelector('[data-kept] img').naturalWidth") > 0
        expect(phone.get_by_label("Qu'avez-vous fait ?")).to_have_value("Étagère montée")
        shot(phone, "photo-kept-after-search")
        assert no_horizontal_scroll(phone)
        phone.locator("#competencies").get_by_label("Compter et mesurer").check()
        phone.get_by_role("button", name="Enregistrer la trace").first.click()
        expect(phone.get_by_text("Trace enregistrée.")).to_be_visible()
        photo = phone.locator(".photo-grid img")
        expect(photo).to_be_visible()
        assert photo.evaluate("img => img.naturalWidth") == 800
        shot(phone, "trace-saved-with-kept-photo")
    finally:
        context.close()
