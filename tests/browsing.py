"""Helpers for the real-browser tests (fixtures live in tests/browser/conftest.py)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


def log_in(page: Any, server: Any, login: str, password: str) -> None:
    page.goto(server.url + "/connexion")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")


HOME_REST = "Le reste de ma page : traces, objectifs, projet, métiers"


def _phone_bar(page: Any) -> Any:
    return page.get_by_role("navigation", name="Menu du téléphone")


def go(page: Any, name: str) -> None:
    """Open a menu page as a person would: on a phone, the link of the bottom bar if it is
    there, else "Plus" then the link on that page; on a desktop, the header menu."""
    bar = _phone_bar(page)
    if bar.is_visible():
        link = bar.get_by_role("link", name=name, exact=True)
        if link.count() == 0:
            bar.get_by_role("link", name="Plus", exact=True).click()
            link = page.locator("#contenu").get_by_role("link", name=name, exact=True)
    else:
        menu = page.get_by_role("navigation", name="Menu principal")
        link = menu.get_by_role("link", name=name, exact=True)
    link.click()
    page.wait_for_load_state("networkidle")


def log_out(page: Any) -> None:
    """Press "Se déconnecter": in the header on a desktop, on the "Plus" page on a phone."""
    if _phone_bar(page).is_visible():
        _phone_bar(page).get_by_role("link", name="Plus", exact=True).click()
        page.locator("#contenu").get_by_role("button", name="Se déconnecter").click()
    else:
        page.locator("header").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state("networkidle")


def open_home_rest(page: Any) -> None:
    """The trainee's home shows what is new and "Où j'en suis"; the rest is on "Ma page",
    one tap away."""
    page.get_by_role("link", name=HOME_REST, exact=True).click()
    page.wait_for_load_state("networkidle")


def no_horizontal_scroll(page: Any) -> bool:
    """At phone width nothing should make the page scroll sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


# WCAG 2.0, 2.1 and 2.2, levels A and AA (wcag22aa brings target-size, 2.5.8).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def first_link(page: Any, server: Any, start: str, prefix: str) -> str:
    """The first link of `start` whose path begins with `prefix` (a page reached by clicking)."""
    page.goto(server.url + start)
    href = page.eval_on_selector_all(
        f'main a[href^="{prefix}"]', "els => els.length ? els[0].getAttribute('href') : ''"
    )
    assert href, f"no link to {prefix}… on {start}"
    return str(href)


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        raise pytest.UsageError(
            "axe-core is missing: run `npm ci --prefix tests/a11y` (make test does)."
        )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return list(result)


PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def fresh_trainee(live_app: Any) -> str:
    """A new trainee of the demo site, followed by the demo referent; returns the login."""
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import Role, Site, User
    from portfolio.services import accounts

    login = f"stagiaire-nav{next(_seq)}"
    with live_app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "demo"))
        referent = db.session.scalar(select(User).where(User.login == "referente"))
        user = accounts.create_user(
            login=login,
            password=PASSWORD,
            first_name="Sami",
            last_name="Navigateur",
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(user, referent)
        db.session.commit()
    return login


# Target size (WCAG 2.2, 2.5.8): every link, button and field at least 24 × 24 px.
# axe-core's target-size rule accepts a small target when nothing else is near it (the spacing
# exception). This test is stricter: it measures the box of every visible interactive element
# and allows only WCAG's inline exception, a link inside a sentence (its block holds words that
# are not part of a link or button: "Vous n'avez pas encore de vitrine. Préparer ma vitrine"),
# whose height the line of text sets. A link alone in its line ("← Mon portfolio", a footer
# link) is measured. A field hidden on purpose and drawn by its label (the picture
# questionnaire's radio buttons) is measured through its label, the thing a finger presses.
MEASURE = """() => {
  const INTERACTIVE = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=link], [role=option], [tabindex]:not([tabindex="-1"])';
  const LETTER = /\\p{L}/u;
  function visible(el) {
    return el.checkVisibility({opacityProperty: false, visibilityProperty: true});
  }
  function inSentence(el) {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (LETTER.test(node.nodeValue) && !node.parentElement.closest(INTERACTIVE)) return true;
    }
    return false;
  }
  function name(el) {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '');
    return el.tagName.toLowerCase() + ' "' + text.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  }
  const small = [];
  for (const el of document.querySelectorAll(INTERACTIVE)) {
    if (!visible(el)) continue;
    let box = el.getBoundingClientRect();
    const hidden = getComputedStyle(el).opacity === '0' || box.width <= 1 || box.height <= 1;
    if (hidden && el.labels && el.labels.length) box = el.labels[0].getBoundingClientRect();
    if (box.right <= 0 || box.bottom <= 0) continue;  // off screen until focused (skip link)
    if (box.width >= 24 && box.height >= 24) continue;
    if (el.matches('a[href]') && inSentence(el)) continue;
    small.push(`${name(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return small;
}"""


def too_small(page: Any) -> list[str]:
    """Interactive elements under 24 × 24 px, but for links in a sentence (WCAG 2.5.8)."""
    return list(page.evaluate(MEASURE))
