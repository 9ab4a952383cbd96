"""Automated WCAG 2.0/2.1/2.2 A and AA checks (axe-core) of each role's pages, phone and desktop.

axe-core comes from the npm registry (tests/a11y/package.json); `make test` installs it.
It catches what a machine can: contrast, labels, names, landmarks, heading order, ARIA misuse,
and since WCAG 2.2 target sizes (`wcag22aa`). Any violation fails, whatever its impact
(critical, serious, moderate and minor alike); the message groups them by impact.
`scripts/axe_report.py` counts them over every page each role reaches.
"""

from __future__ import annotations

import pytest

from browsing import axe_violations, first_link, log_in, too_small

ACCOUNTS = {
    "trainee": ("lea", "soleil-cactus-35"),
    "referent": ("referente", "piano-rivage-28"),
    "company": ("entreprise", "brioche-metro-68"),
    "admin": ("admin", "cerise-orage-17"),
}

# (who, path): every page a person of that role uses most. Features add theirs here.
PAGES = [
    (None, "/connexion"),
    (None, "/mot-de-passe-oublie"),
    (None, "/accessibilite"),
    ("trainee", "/accessibilite"),
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
    ("admin", "/admin/lectures"),
    ("admin", "/admin/rapports"),
    ("admin", "/entreprise/gestion"),
    ("trainee", "/portfolio/"),
    ("trainee", "/portfolio/traces/nouvelle"),
    ("trainee", "/portfolio/competences"),
    ("trainee", "/mon-suivi"),
    ("trainee", "/mon-suivi/ecart"),
    ("trainee", "/mon-suivi/import"),
    ("trainee", "/mon-parcours"),
    ("trainee", "/ma-page"),
    ("trainee", "/mon-compte/correction"),
    ("trainee", "/mon-compte/effacement"),
    ("trainee", "/entretien/simulations"),
    ("referent", "/parcours/demandes"),
    ("referent", "/activites/couverture"),
    ("company", "/entreprise/simulations"),
    ("trainee", "/vitrine/"),
    ("trainee", "/vitrine/projet"),
    ("trainee", "/vitrine/apercu"),
    ("trainee", "/vitrine/offres"),
    ("trainee", "/parametres"),
    ("trainee", "/parametres/jeu"),
    ("referent", "/referent/stagiaires"),
    ("referent", "/referent/sortis"),
    ("referent", "/parametres"),
    ("referent", "/referent/cohorte"),
    ("referent", "/referent/preuves-du-jeu"),
    ("trainee", "/messages"),
    ("trainee", "/messages/nouveau"),
    ("referent", "/messages"),
    ("referent", "/messages/nouveau"),
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
        assert _by_impact(axe_violations(page)) == {}
    finally:
        context.close()


def _by_impact(violations: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for violation in violations:
        found.setdefault(violation["impact"] or "unknown", []).append(violation)
    return found


# Pages a trainee reads (and may have read aloud), reached by following links: (start, link).
READING_PAGES = [
    ("/mon-suivi", "/mon-suivi/notes/"),
    ("/mon-suivi", "/mon-suivi/bilans/"),
    ("/portfolio/", "/portfolio/traces/"),
    ("/portfolio/competences", "/portfolio/competences/"),
    ("/messages", "/messages/1"),
]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_pages_a_trainee_reads_have_no_wcag_violation(live_server, browser, width):
    viewport = {"width": 360, "height": 740} if width == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    try:
        log_in(page, live_server, *ACCOUNTS["trainee"])
        found = {}
        for start, prefix in READING_PAGES:
            path = first_link(page, live_server, start, prefix)
            page.goto(live_server.url + path)
            if violations := _by_impact(axe_violations(page)):
                found[path] = violations
        assert found == {}
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


def test_the_check_itself_runs_the_wcag_22_target_size_rule(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="fr"><head><title>t</title></head><body><main>'
            '<button style="all:unset;width:12px;height:12px;display:inline-block">a</button>'
            '<button style="all:unset;width:12px;height:12px;display:inline-block">b</button>'
            "</main></body></html>"
        )
        found = {v["id"]: v["impact"] for v in axe_violations(page)}
        assert found.get("target-size") == "serious"
    finally:
        page.close()


# ------------------------------------------------------------- target size (WCAG 2.5.8)


@pytest.mark.parametrize("who", [None, "trainee", "referent", "company", "admin"])
def test_every_target_is_at_least_24_px_on_a_phone(live_server, browser, who):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    try:
        if who is not None:
            log_in(page, live_server, *ACCOUNTS[who])
        paths = [path for role, path in PAGES if role == who]
        if who == "trainee":
            paths += [first_link(page, live_server, *pair) for pair in READING_PAGES]
        found = {}
        for path in paths:
            page.goto(live_server.url + path)
            if small := too_small(page):
                found[path] = small
        assert found == {}
    finally:
        context.close()


def test_the_skip_link_is_big_enough_once_focused(live_server, phone):
    phone.goto(live_server.url + "/connexion")
    phone.keyboard.press("Tab")
    box = phone.get_by_role("link", name="Aller au contenu").bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24


def test_the_measure_catches_a_small_button_and_spares_a_link_in_a_sentence(browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.set_content(
            '<main><p>Lisez <a href="/a">la page</a> avant.</p>'
            '<p><a href="/b">← Retour</a> ›</p>'
            '<button style="all:unset">x</button></main>'
        )
        small = too_small(page)
        assert [s.split(" ")[0] for s in small] == ["a", "button"]
        assert '"← Retour"' in small[0]
    finally:
        page.close()
