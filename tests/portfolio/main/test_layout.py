"""The base layout's links and phone-bar icons, built once rather than on every page."""

from __future__ import annotations

import re
from typing import Any

from builders import login, make_user
from portfolio.models import Role


def test_the_phone_bar_draws_one_icon_per_link_and_the_layout_links_answer(
    app: Any, client: Any
) -> None:
    trainee = make_user(role=Role.TRAINEE)
    login(client, trainee)
    page = client.get("/").get_data(as_text=True)
    bar = page.split('class="phone-bar"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r"<li><a href=\"[^\"]+\"[^>]*>(<svg.*?</svg>)<span>", bar)
    assert len(links) >= 3  # the trainee's bar and its "Plus"
    assert all('class="icon"' in svg and ("<path" in svg or "<circle" in svg) for svg in links)
    assert len(set(links)) == len(links)  # each link its own drawing
    for href in re.findall(r'(?:href|src|action)="(/[^"]*)"', page.split("<main", 1)[0]):
        if href != "/deconnexion":
            assert client.get(href).status_code == 200, href


def test_the_layout_links_follow_the_mount_point(app: Any, client: Any) -> None:
    """Behind a proxy that mounts the app under a prefix, every link of the layout keeps it."""
    plain = client.get("/connexion").get_data(as_text=True)
    assert 'href="/static/css/app.css"' in plain and "/e2c/" not in plain
    page = client.get("/connexion", base_url="http://localhost/e2c").get_data(as_text=True)
    assert 'href="/e2c/static/css/app.css"' in page
    assert 'action="/e2c/langue"' in page
    assert 'href="/e2c/accessibilite"' in page


def test_the_menu_labels_follow_the_language(app: Any, client: Any) -> None:
    """The menu's words are kept per language (a label with a count is still read on each page:
    tests/portfolio/conversations/test_conversation_web.py)."""
    referent = make_user(role=Role.REFERENT)
    trainee = make_user(role=Role.TRAINEE, referent=referent, site=referent.site)
    login(client, trainee)
    french = client.get("/").get_data(as_text=True)
    assert ">Mon portfolio<" in french and ">Messages<" in french
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = client.get("/").get_data(as_text=True)
    assert ">My portfolio<" in english and ">Mon portfolio<" not in english
    client.post("/langue", data={"lang": "fr", "next": "/"})
    assert ">Mon portfolio<" in client.get("/").get_data(as_text=True)


def test_a_fixed_fragment_is_kept_per_language_and_nothing_else(app: Any, client: Any) -> None:
    from flask import render_template_string

    from portfolio.layout import fixed_fragment

    trainee = make_user(role=Role.TRAINEE)
    login(client, trainee)
    assert "En attente d'envoi" in client.get("/").get_data(as_text=True)
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = client.get("/").get_data(as_text=True)
    assert "En attente d'envoi" not in english and "data-outbox-list" in english
    with app.test_request_context("/"):
        try:
            fixed_fragment("base.html")
        except ValueError as refused:
            assert "not a fixed fragment" in str(refused)
        else:  # pragma: no cover - the test fails here
            raise AssertionError("a template outside the list was rendered")
        assert "data-outbox-list" in render_template_string(
            '{{ fixed_fragment("pwa/_outbox.html") }}'
        )
