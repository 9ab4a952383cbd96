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


def no_horizontal_scroll(page: Any) -> bool:
    """At phone width nothing should make the page scroll sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        raise pytest.UsageError(
            "axe-core is missing: run `npm ci --prefix tests/a11y` (make test does)."
        )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
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
