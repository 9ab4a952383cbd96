"""The tab shows our icon: every page links it, and /favicon.ico answers (no 404 in the logs)."""

from __future__ import annotations

import io
import re

from PIL import Image

from builders import login, make_user
from portfolio.models import Role


def test_favicon_ico_answers_an_icon_to_everyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


def test_favicon_ico_answers_before_a_password_change_too(client):
    user = make_user(Role.TRAINEE)
    user.must_change_password = True
    login(client, user)
    assert client.get("/favicon.ico").status_code == 200


def test_every_page_links_the_svg_icon_and_it_is_served(client):
    html = client.get("/connexion").get_data(as_text=True)
    found = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', html)
    assert found, "the layout does not link the icon"
    svg = client.get(found.group(1))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
