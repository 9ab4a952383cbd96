"""The year after the exit at phone width: the referent finds Jade's 3-month contact in the
caseload's "Suivi après la sortie" section, records it, and sees it done on the follow-up
page, with Jade's whole year."""

from __future__ import annotations

from playwright.sync_api import expect

from browsing import axe_violations, log_in, no_horizontal_scroll

REFERENT = ("referente", "piano-rivage-28")
PHONE = {"width": 360, "height": 740}


def test_the_referent_records_a_contact_from_the_caseload_on_a_phone(live_server, browser, shot):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)  # for axe
    phone = context.new_page()
    try:
        log_in(phone, live_server, *REFERENT)
        phone.goto(f"{live_server.url}/referent/stagiaires#suivi")
        section = phone.locator("#suivi")
        expect(section.get_by_role("heading", name="Suivi après la sortie")).to_be_visible()
        jade = section.locator("li.followup-person", has_text="Jade Lambert")
        expect(jade.get_by_text("À faire")).to_be_visible()
        shot(phone, "followup-caseload")
        assert no_horizontal_scroll(phone)
        jade.get_by_role("link", name="Noter le contact").click()
        expect(phone.get_by_text("comment ça va depuis ta sortie")).to_be_visible()
        assert axe_violations(phone) == []
        phone.get_by_role("radio", name="Téléphone", exact=True).check()
        phone.get_by_role("radio", name="Alternance (apprentissage ou contrat pro)").check()
        phone.get_by_label("Commentaire (facultatif)").fill("Toujours au Supermarché des Halles.")
        shot(phone, "followup-contact-form")
        assert no_horizontal_scroll(phone)
        phone.get_by_role("button", name="Enregistrer le contact").click()
        expect(phone.get_by_text("Contact enregistré.")).to_be_visible()
        # Nothing left to do for Jade: off the caseload's list, on the follow-up page.
        section = phone.locator("#suivi")
        expect(section.locator("li.followup-person", has_text="Jade Lambert")).to_have_count(0)
        section.get_by_role("link", name="Voir le suivi des").click()
        expect(phone.get_by_role("heading", name="Suivi après la sortie", level=1)).to_be_visible()
        jade = phone.locator("li.followup-person", has_text="Jade Lambert")
        expect(jade.get_by_text("À faire")).to_have_count(0)
        assert no_horizontal_scroll(phone)
        assert axe_violations(phone) == []
        # Done and coming contacts are folded under one line, opened with a tap.
        history = jade.locator("details.followup-history summary")
        expect(history).to_have_text("Contacts : 2 faits, 2 à venir")
        expect(jade.get_by_text("Fait le").first).to_be_hidden()
        history.click()
        expect(jade.get_by_text("Fait le")).to_have_count(2)
        expect(jade.get_by_text("Fait le").first).to_be_visible()
        assert history.bounding_box()["height"] >= 44
        shot(phone, "followup-done")
    finally:
        context.close()
