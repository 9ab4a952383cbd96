"""The installed app without network, in Chromium at 360 px: a trace written offline (with a
photo) waits on the phone, "En attente d'envoi", survives a reload without network (the
page opens from the phone's copy) and is recorded once when the network is back, even sent
twice; a page never opened shows the offline page; logging out forgets the copied pages."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from builders_traces import jpeg_bytes
from playwright.sync_api import expect
from sqlalchemy import func, select

from browsing import PASSWORD, fresh_trainee, log_in, log_out, no_horizontal_scroll

# Chromium's offline mode (context.set_offline) does not reach the service worker's own
# requests: with Playwright's service-worker network events (set before the browser starts:
# collection imports this module first), they are routed and aborted below instead.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

WAITING = "En attente d'envoi"
OUTBOX_ITEMS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('e2c-outbox', 1);
  open.onsuccess = () => {
    const request = open.result.transaction('traces').objectStore('traces').getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
    request.onerror = () => reject(request.error);
  };
  open.onerror = () => reject(open.error);
})"""
PUT_BACK = """(items) => new Promise((resolve, reject) => {
  const open = indexedDB.open('e2c-outbox', 1);
  open.onsuccess = () => {
    const tx = open.result.transaction('traces', 'readwrite');
    items.forEach((item) => tx.objectStore('traces').put(item));
    tx.oncomplete = () => { open.result.close(); resolve(items.length); };
    tx.onerror = () => reject(tx.error);
  };
})"""
PAGES_KEPT = """async () => {
  if (!(await caches.has('e2c-pages'))) return [];
  const cache = await caches.open('e2c-pages');
  return (await cache.keys()).map((r) => new URL(r.url).pathname);
}"""


def _cut(route: Any) -> None:
    route.abort("internetdisconnected")


def offline(page: Any) -> None:
    """No network: for the page (navigator.onLine is false) and for its service worker."""
    page.context.set_offline(True)
    page.context.route("**/*", _cut)


def online(page: Any) -> None:
    page.context.unroute("**/*", _cut)
    page.context.set_offline(False)


CONTROLLED = "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
ACTIVE = """() => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
])"""


def _ready(page: Any) -> None:
    """Wait until the service worker controls the page (it installs on the first visit).

    Polled from here: ``wait_for_function`` polls with ``eval`` inside the page, which the
    site's CSP forbids (no 'unsafe-eval'). The worker claims the open page when it activates;
    on a loaded machine that claim was seen to be missed, so a page still not controlled once
    the worker is active is loaded again (the next page a person opens is controlled)."""
    for _attempt in range(4):
        if page.evaluate(ACTIVE):
            for _ in range(30):
                if page.evaluate(CONTROLLED):
                    return
                page.wait_for_timeout(100)
        page.reload()
        page.wait_for_load_state("load")
    raise AssertionError("the service worker never took control of the page")


def _traces(live_app: Any, login: str, title: str) -> tuple[int, int]:
    from portfolio.extensions import db
    from portfolio.models import Trace, TracePhoto, User

    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.login == login))
        assert user is not None
        traces = db.session.scalar(
            select(func.count())
            .select_from(Trace)
            .where(Trace.trainee_id == user.id, Trace.title == title)
        )
        photos = db.session.scalar(
            select(func.count())
            .select_from(TracePhoto)
            .join(Trace)
            .where(Trace.trainee_id == user.id, Trace.title == title)
        )
        return int(traces or 0), int(photos or 0)


def test_a_trace_written_offline_is_sent_once_when_the_network_is_back(
    live_app, live_server, phone, shot, tmp_path: Path
):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    _ready(phone)
    phone.reload()  # now through the worker: the home page is copied
    phone.locator(".phone-bar").get_by_role("link", name="Trace").click()
    expect(phone.get_by_role("heading", name="Nouvelle trace")).to_be_visible()

    offline(phone)
    picture = tmp_path / "mur.jpg"
    picture.write_bytes(jpeg_bytes(800, 600, seed=5))
    phone.locator("#photos-camera").set_input_files(str(picture))
    title = "Mur repeint sans réseau"
    phone.get_by_label("Qu'avez-vous fait ?").fill(title)
    phone.get_by_label("Atelier", exact=True).check()
    phone.get_by_role("button", name="Enregistrer la trace").first.click()

    outbox = phone.locator("[data-outbox-list]")
    expect(outbox.get_by_role("heading", name=WAITING)).to_be_visible()
    expect(outbox.get_by_text(title)).to_be_visible()
    expect(outbox.get_by_role("status")).to_contain_text("la trace est gardée sur ce téléphone")
    kept = phone.evaluate(OUTBOX_ITEMS)
    assert len(kept) == 1 and kept[0]["title"] == title
    photo = [e for e in kept[0]["entries"] if e[0] == "photos"]
    assert len(photo) == 1  # the photo itself waits in IndexedDB
    # The form is ready for the next trace, with a new key.
    assert phone.locator("[data-client-key]").get_attribute("value") != kept[0]["key"]
    shot(phone, "offline-trace-waiting")
    assert no_horizontal_scroll(phone)

    # Reload without network: the form and the home open from the phone's copy.
    phone.reload()
    expect(phone.get_by_role("heading", name="Nouvelle trace")).to_be_visible()
    expect(phone.locator("[data-outbox-list]").get_by_text(title)).to_be_visible()
    phone.locator(".phone-bar").get_by_role("link", name="Accueil").click()
    expect(phone.locator("[data-outbox-list]").get_by_role("heading", name=WAITING)).to_be_visible()
    expect(phone.locator("[data-outbox-list]").get_by_text(title)).to_be_visible()
    shot(phone, "home-offline-waiting")
    assert _traces(live_app, login, title) == (0, 0)

    # The network is back: sent, once, with its photo.
    online(phone)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.get_by_role("link", name=f"Envoyée : {title}")).to_be_visible()
    expect(phone.locator("[data-outbox-list]").get_by_text("Attend le réseau")).to_have_count(0)
    assert phone.evaluate(OUTBOX_ITEMS) == []
    assert _traces(live_app, login, title) == (1, 1)
    shot(phone, "home-sent")

    # Sent again (a phone that lost the answer): still one trace.
    phone.evaluate(PUT_BACK, [{**kept[0], "state": "waiting"}])
    phone.reload()
    expect(phone.get_by_role("link", name=f"Envoyée : {title}")).to_be_visible()
    assert phone.evaluate(OUTBOX_ITEMS) == []
    assert _traces(live_app, login, title) == (1, 1)
    phone.get_by_role("link", name=f"Envoyée : {title}").click()
    expect(phone.get_by_role("heading", name=title)).to_be_visible()


def test_a_page_never_opened_shows_the_offline_page(live_app, live_server, phone, shot):
    log_in(phone, live_server, fresh_trainee(live_app), PASSWORD)
    _ready(phone)
    offline(phone)
    phone.goto(live_server.url + "/parametres")
    expect(phone.get_by_role("heading", name="Pas de réseau pour l'instant")).to_be_visible()
    expect(phone.get_by_role("link", name="Revenir à l'accueil")).to_be_visible()
    shot(phone, "offline-page")
    assert no_horizontal_scroll(phone)
    online(phone)


def test_logging_out_forgets_the_copied_pages(live_app, live_server, phone):
    log_in(phone, live_server, fresh_trainee(live_app), PASSWORD)
    _ready(phone)
    phone.reload()
    phone.goto(live_server.url + "/portfolio/")
    kept = phone.evaluate(PAGES_KEPT)
    assert "/" in kept and "/portfolio/" in kept
    log_out(phone)
    expect(phone.get_by_role("button", name="Se connecter")).to_be_visible()
    deadline = time.monotonic() + 20
    while phone.evaluate(PAGES_KEPT):  # the copies go once the login page has told the worker
        assert time.monotonic() < deadline, "the copied pages are still there after logout"
        phone.wait_for_timeout(100)
    # Without network, the trainee's home is not there any more: the offline page is.
    offline(phone)
    phone.goto(live_server.url + "/")
    expect(phone.get_by_role("heading", name="Pas de réseau pour l'instant")).to_be_visible()
    online(phone)
