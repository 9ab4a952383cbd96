"""Automated WCAG 2 A/AA checks (axe-core) of each role's main pages, at phone and desktop width.

axe-core comes from the npm registry (tests/a11y/package.json); `make test` installs it.
It catches what a machine can: contrast, labels, names, landmarks, heading order, ARIA misuse.
"""

from __future__ import annotations

import pytest

from browsing import axe_violations, log_in

ACCOUNTS = {
    "trainee": ("lea", "soleil-cactus-35"),
    "referent": ("referente", "piano-rivage-28"),
    "company": ("entreprise", "brioche-metro-68"),
    "admin": ("admin", "cerise-orage-17"),
}

# (who, path): every page a person of that role uses most. Features add theirs here.
PAGES = [
    (None, "/connexion"),
    ("trainee", "/"),
    ("trainee", "/mot-de-passe"),
    ("referent", "/"),
    ("company", "/"),
    ("admin", "/"),
    ("admin", "/admin/comptes"),
    ("admin", "/admin/comptes/nouveau"),
    ("admin", "/admin/import"),
    ("admin", "/admin/remplacements"),
    ("admin", "/admin/remplacements/changer-de-referent"),
    ("admin", "/admin/sites"),
    ("admin", "/entreprise/gestion"),
    ("trainee", "/portfolio/"),
    ("trainee", "/portfolio/traces/nouvelle"),
    ("trainee", "/portfolio/competences"),
    ("trainee", "/mon-suivi"),
    ("trainee", "/mon-suivi/ecart"),
    ("trainee", "/vitrine/"),
    ("trainee", "/vitrine/projet"),
    ("trainee", "/vitrine/apercu"),
    ("trainee", "/vitrine/offres"),
    ("trainee", "/parametres"),
    ("trainee", "/parametres/jeu"),
    ("referent", "/referent/stagiaires"),
    ("referent", "/referent/cohorte"),
    ("referent", "/referent/preuves-du-jeu"),
    ("company", "/entreprise/"),
    ("company", "/entreprise/recherche"),
    ("company", "/entreprise/offres"),
    ("company", "/entreprise/offres/nouvelle"),
    (None, "/entreprise/rejoindre"),
]


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("who,path", PAGES)
def test_page_has_no_wcag_violation(live_server, browser, who, path, width):
    viewport = {"width": 360, "height": 740} if width == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    try:
        if who is not None:
            log_in(page, live_server, *ACCOUNTS[who])
        page.goto(live_server.url + path)
        assert page.url.startswith(live_server.url + path.split("?")[0]), page.url
        violations = axe_violations(page)
        assert violations == [], violations
    finally:
        context.close()


def test_the_check_itself_catches_low_contrast_and_missing_labels(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="fr"><head><title>t</title></head><body><main>'
            '<p style="color:#aaa;background:#fff">Texte pâle</p><input type="text">'
            "</main></body></html>"
        )
        found = {v["id"] for v in axe_violations(page)}
        assert {"color-contrast", "label"} <= found
    finally:
        page.close()
