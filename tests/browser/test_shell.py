"""The login page and each role's home in a real browser, at phone width."""

from __future__ import annotations

from playwright.sync_api import expect

from browsing import log_in, log_out, no_horizontal_scroll


def test_demo_trainee_logs_in_on_a_phone(live_server, phone, shot):
    phone.goto(live_server.url + "/")
    assert phone.url.endswith("/connexion?next=%2F")
    shot(phone, "login")
    assert no_horizontal_scroll(phone)
    log_in(phone, live_server, "yanis", "marteau-lune-46")
    shot(phone, "home")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Bonjour Yanis")
    assert no_horizontal_scroll(phone)
    log_out(phone)  # from the "Plus" page of the bottom bar
    assert "/connexion" in phone.url


def test_keyboard_user_reaches_content_with_the_skip_link(live_server, phone):
    log_in(phone, live_server, "ines", "tulipe-vague-57")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "contenu"


def test_wrong_password_is_said_in_the_page(live_server, desktop, shot):
    log_in(desktop, live_server, "lea", "pas-le-bon-mot")
    shot(desktop, "wrong-password")
    expect(desktop.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
