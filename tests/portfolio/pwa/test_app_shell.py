"""The installed app: manifest, service worker, offline page, and which pages the worker
may copy (a trainee's own, never another person's, forgotten at logout)."""

from __future__ import annotations

import json
import re

import pytest

from builders import login, make_user, page_text
from portfolio.models import Role


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE, first_name="Léa")
    login(client, user)
    return user


def test_the_manifest_names_the_app_in_french_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Mon portfolio E2C"
    assert manifest["short_name"] == "Portfolio"
    assert manifest["lang"] == "fr"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["theme_color"] == "#0b5394"
    sizes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == icon["type"], icon


def test_the_manifest_is_in_the_readers_language(client):
    client.post("/langue", data={"lang": "en"})
    response = client.get("/manifest.webmanifest")
    manifest = response.get_json(force=True)
    assert manifest["name"] == "My E2C portfolio" and manifest["lang"] == "en"


def test_every_page_links_the_manifest_and_the_script(client, trainee):
    for url in ("/", "/portfolio/", "/parametres"):
        html = client.get(url).get_data(as_text=True)
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html, url
        assert 'src="/static/js/pwa.js"' in html, url


def test_the_worker_is_served_from_the_root_with_its_shell(client, trainee):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-store" not in response.headers["Cache-Control"]
    script = response.get_data(as_text=True)
    assert "version: 'dev'" not in script
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", script).group(1))
    assert len(config["version"]) == 16
    assert "/static/css/app.css" in config["shell"] and "/static/js/pwa.js" in config["shell"]
    assert "/hors-ligne" in config["shell"] and config["offline"] == "/hors-ligne"
    assert "/static/js/sw.js" not in config["shell"]
    for url in config["shell"]:
        assert client.get(url).status_code == 200, url


def test_the_offline_page_speaks_plainly_and_holds_nothing_personal(client, trainee):
    response = client.get("/hors-ligne")
    assert response.status_code == 200
    text = page_text(response)
    assert "Pas de réseau pour l'instant" in text
    assert "Revenir à l'accueil" in text
    html = response.get_data(as_text=True)
    assert "Léa" not in html and "csrf_token" not in html
    assert "no-store" not in response.headers["Cache-Control"]


def test_files_of_the_site_may_be_kept_by_a_logged_in_person(client, trainee):
    css = client.get("/static/css/app.css")
    assert "no-store" not in css.headers.get("Cache-Control", "")
    page = client.get("/parametres")
    assert page.headers["Cache-Control"] == "no-store"


def test_a_trainees_own_pages_are_marked_for_the_offline_copy(client, trainee):
    for url in ("/", "/portfolio/", "/portfolio/traces/nouvelle"):
        response = client.get(url)
        assert response.headers.get("X-Offline-Copy") == "keep", url
        assert response.headers["Cache-Control"] == "no-store", url  # no HTTP cache
    assert "X-Offline-Copy" not in client.get("/parametres").headers


def test_a_referents_pages_are_never_copied(client):
    login(client, make_user(Role.REFERENT))
    assert "X-Offline-Copy" not in client.get("/").headers


def test_logging_out_tells_the_worker_to_forget_every_page(client, trainee):
    response = client.post("/deconnexion", follow_redirects=True)
    assert response.request.path == "/connexion"
    assert response.headers["X-Offline-Copy"] == "clear"
