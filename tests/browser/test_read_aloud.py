"""The "Écouter" button: reads the page with the browser's voice, only where the browser can.

Chromium's real voice is replaced by a stub (an init script) that records what it is asked to
say, so the test checks the words, the language and the Écouter/Arrêter toggle.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from browsing import first_link, log_in

STUB = """
window.__spoken = []; window.__cancels = 0;
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speaking: false, pending: false, paused: false,
  speak(u) { window.__spoken.push(u); this.speaking = true; },
  cancel() { window.__cancels += 1; this.speaking = false; },
  pause() {}, resume() {}, getVoices() { return []; },
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""
NO_SPEECH = """
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});
delete window.SpeechSynthesisUtterance;
"""
TRAINEE = ("lea", "soleil-cactus-35")


def _page(browser: Any, script: str | None, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR", **options)
    if script:
        context.add_init_script(script)
    return context.new_page()


def _spoken(page: Any) -> list[dict[str, str]]:
    return list(page.evaluate("window.__spoken.map(u => ({text: u.text, lang: u.lang}))"))


def test_ecouter_reads_the_note_in_french_and_turns_into_arreter(live_server, browser):
    page = _page(browser, STUB)
    try:
        log_in(page, live_server, *TRAINEE)
        page.goto(
            live_server.url + first_link(page, live_server, "/mon-suivi", "/mon-suivi/notes/")
        )
        observed = page.locator(".note-fields dd").first.inner_text().strip()
        page.get_by_role("button", name="Écouter").click()

        spoken = _spoken(page)
        texts = [s["text"] for s in spoken]
        assert texts[0] == page.locator("h1").inner_text().strip()
        assert observed.split("\n")[0].strip() in " ".join(texts)
        assert {s["lang"] for s in spoken} == {"fr-FR"}
        said = " ".join(texts)
        assert "Se déconnecter" not in said and "Envoyer" not in said and "Écouter" not in said
        expect(page.get_by_role("button", name="Arrêter")).to_be_visible()

        page.get_by_role("button", name="Arrêter").click()
        assert page.evaluate("window.__cancels") >= 2
        expect(page.get_by_role("button", name="Écouter")).to_be_visible()

        page.get_by_role("button", name="Écouter").click()
        expect(page.get_by_role("button", name="Arrêter")).to_be_visible()
        page.evaluate("window.__spoken.at(-1).onend()")  # the voice reached the end
        expect(page.get_by_role("button", name="Écouter")).to_be_visible()
    finally:
        page.context.close()


def test_an_english_reader_hears_english(live_server, browser):
    page = _page(browser, STUB)
    try:
        log_in(page, live_server, *TRAINEE)
        page.get_by_role("button", name="English").click()
        page.get_by_role("button", name="Listen").click()
        spoken = _spoken(page)
        assert spoken and {s["lang"] for s in spoken} == {"en-GB"}
        expect(page.get_by_role("button", name="Stop")).to_be_visible()
    finally:
        page.get_by_role("button", name="Français").click()  # the choice is kept on the account
        page.context.close()


def test_without_speech_or_without_javascript_there_is_no_button(live_server, browser):
    for script, options in ((NO_SPEECH, {}), (None, {"java_script_enabled": False})):
        page = _page(browser, script, **options)
        errors: list[str] = []
        page.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        try:
            log_in(page, live_server, *TRAINEE)
            expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
            expect(page.get_by_role("button", name="Écouter")).to_have_count(0)
            assert errors == []
        finally:
            page.context.close()
