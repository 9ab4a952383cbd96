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
