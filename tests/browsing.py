"""Helpers for the real-browser tests (fixtures live in tests/browser/conftest.py)."""

from __future__ import annotations

from typing import Any


def log_in(page: Any, server: Any, login: str, password: str) -> None:
    page.goto(server.url + "/connexion")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")


def no_horizontal_scroll(page: Any) -> bool:
    """At phone width nothing should make the page scroll sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
