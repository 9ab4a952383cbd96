"""A trace told by voice at 360 px: Chromium's fake microphone records 3 s, the trainee
listens, saves with no words at all, and plays it back; the referent plays it too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browsing import PASSWORD, fresh_trainee, log_in, log_out, no_horizontal_scroll
from portfolio.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

FETCH = """async (url) => {
  const r = await fetch(url);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return {type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'),
          head: String.fromCharCode(...bytes.slice(0, 4))};
}"""
DURATION = """(audio) => new Promise((done) => {
  const check = () => Number.isFinite(audio.duration) && audio.duration > 0;
  if (check()) { done(audio.duration); return; }
  audio.addEventListener('durationchange', () => { if (check()) done(audio.duration); });
  audio.addEventListener('loadedmetadata', () => { if (check()) done(audio.duration); });
  // WebM from MediaRecorder has no duration until played to the end: seek far to learn it.
  audio.addEventListener('loadedmetadata', () => { if (!check()) audio.currentTime = 1e6; });
  audio.addEventListener('timeupdate', () => { if (check()) done(audio.duration); });
  audio.load();
})"""


def test_record_listen_save_without_words_and_play_back(live_app, live_server, mic_phone, shot):
    page = mic_phone
    login = fresh_trainee(live_app)
    log_in(page, live_server, login, PASSWORD)
    page.goto(f"{live_server.url}/portfolio/traces/nouvelle")
    start = page.get_by_role("button", name="Parler au lieu d'écrire", exact=True)
    expect(start).to_be_visible()
    start.click()
    expect(page.locator(".voice-timer")).to_be_visible()
    expect(page.get_by_text("Enregistrement en cours…")).to_be_visible()
    page.wait_for_timeout(3300)
    expect(page.locator(".voice-timer")).not_to_have_text("0:00")
    shot(page, "recording")
    page.get_by_role("button", name="Arrêter").click()
    expect(page.get_by_text("Enregistrement prêt.")).to_be_visible()
    player = page.locator("audio.voice-player")
    expect(player).to_be_visible()
    assert player.evaluate(DURATION) > 2.5  # listened to before saving
    assert page.evaluate("document.getElementById('recording').files.length") == 1
    expect(page.get_by_role("button", name="Recommencer")).to_be_visible()
    expect(page.get_by_role("button", name="Retirer l'enregistrement")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "recorded")
    page.get_by_label("Atelier", exact=True).check()
    page.get_by_role("button", name="Enregistrer la trace").first.click()
    expect(page.get_by_text("Trace enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Trace à écouter")).to_be_visible()
    audio = page.locator("section audio")
    expect(audio).to_be_visible()
    src = audio.get_attribute("src")
    assert src and src.startswith("/enregistrements/")
    served = page.evaluate(FETCH, src)
    assert served == {"type": "audio/ogg", "nosniff": "nosniff", "head": "OggS"}
    assert audio.evaluate(DURATION) > 2.0
    shot(page, "trace-plays")
    trace_url = page.url

    log_out(page)
    referent_password = next(a["password"] for a in DEMO_ACCOUNTS if a["login"] == "referente")
    log_in(page, live_server, "referente", str(referent_password))
    trace_id = trace_url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{live_server.url}/portfolio/traces/{trace_id}")
    audio = page.locator("section audio")
    expect(audio).to_be_visible()
    assert page.evaluate(FETCH, src)["type"] == "audio/ogg"
    assert audio.evaluate(DURATION) > 2.0
    shot(page, "referent-plays")


def test_remove_before_saving_then_the_title_is_needed_again(live_app, live_server, mic_phone):
    page = mic_phone
    log_in(page, live_server, fresh_trainee(live_app), PASSWORD)
    page.goto(f"{live_server.url}/portfolio/traces/nouvelle")
    page.get_by_role("button", name="Parler au lieu d'écrire", exact=True).click()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Arrêter").click()
    page.get_by_role("button", name="Retirer l'enregistrement").click()
    expect(page.get_by_text("Enregistrement retiré.")).to_be_visible()
    assert page.evaluate("document.getElementById('recording').files.length") == 0
    page.get_by_label("Atelier", exact=True).check()
    page.get_by_role("button", name="Enregistrer la trace").first.click()
    expect(page.get_by_text("Donnez un titre à votre trace.").first).to_be_visible()
