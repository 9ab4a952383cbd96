"""Orientation in a real browser at 360 px: the picture questionnaire, then trades with reasons."""

from __future__ import annotations

import itertools
import re
from typing import Any

from playwright.sync_api import expect

from browsing import log_in, no_horizontal_scroll, open_home_rest

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def _fresh_trainee(live_app: Any) -> str:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import Role, Site, User
    from portfolio.services import accounts

    login = f"stagiaire-orientation{next(_seq)}"
    with live_app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "demo"))
        referent = db.session.scalar(select(User).where(User.login == "referente"))
        user = accounts.create_user(
            login=login, password=PASSWORD, first_name="Nora", last_name="Orientation",
            role=Role.TRAINEE, site=site,
        )  # fmt: skip
        accounts.assign_referent(user, referent)
        db.session.commit()
    return login


def test_trainee_answers_the_picture_cards_on_a_phone_and_sees_trades(
    live_app, live_server, phone, shot
):
    log_in(phone, live_server, _fresh_trainee(live_app), PASSWORD)
    open_home_rest(phone)  # the trades card is in the home's closed part
    home_card = phone.locator(
        "section", has=phone.get_by_role("heading", name="Des métiers pour vous")
    )
    expect(home_card).to_contain_text("Dites-nous ce que vous aimez")
    home_card.get_by_role("link", name="Répondre au questionnaire en images").click()
    expect(phone.get_by_role("heading", name="Ce que vous aimez")).to_be_visible()
    expect(phone.get_by_role("img", name="Un vélo et une clé à molette")).to_be_visible()
    shot(phone, "questionnaire")
    assert no_horizontal_scroll(phone)

    liked = ["Réparer un vélo", "Construire avec des outils", "Planter et arroser un jardin"]
    disliked = ["Vendre un produit", "Convaincre des gens"]
    for text in liked + disliked:
        card = phone.get_by_role("group", name=re.compile(text))
        answer = "J'aime" if text in liked else "Je n'aime pas"
        card.get_by_text(answer, exact=True).click()
        expect(card.get_by_role("radio", name=answer, exact=True)).to_be_checked()
    card = phone.get_by_role("group", name=re.compile("Ranger et compter"))
    card.get_by_text("Je ne sais pas", exact=True).click()
    # One card per row: the cards sit one under the other.
    first, second = (phone.locator(".interest-card").nth(n).bounding_box() for n in (0, 1))
    assert first and second and second["y"] >= first["y"] + first["height"]
    shot(phone, "answered")
    phone.get_by_role("button", name="Voir des métiers pour moi").click()

    expect(phone.get_by_role("heading", name="Des métiers pour vous", level=1)).to_be_visible()
    proposals = phone.locator(".trade-proposal")
    expect(proposals).to_have_count(5)
    expect(
        phone.locator(".trade-reason", has_text="Vous aimez travailler avec vos mains.")
    ).to_have_count(4)
    outside = phone.locator(".trade-outside")
    expect(outside).to_have_count(1)
    expect(outside).to_contain_text("Hors de vos goûts")
    expect(outside).to_contain_text("Pour découvrir autre chose.")
    assert no_horizontal_scroll(phone)
    shot(phone, "trades")
