"""Conversations at 360 px: a referent's group message with a PDF, a trainee's answer with a
photo, "Lu" and the unread count on the caseload. Screenshots of every step; axe on each page.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from builders_conversations import pdf_bytes
from builders_traces import jpeg_bytes
from playwright.sync_api import expect

from browsing import axe_violations, go, log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"


def _people(live_app: Any) -> dict[str, str]:
    """A fresh site: a referent and two trainees she follows."""
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        site = accounts.create_site(f"conv-{tag}", f"E2C Messages {tag}")
        referent = accounts.create_user(
            login=f"ref-{tag}", password=PASSWORD, first_name="Claire", last_name="Morel",
            role=Role.REFERENT, site=site,
        )  # fmt: skip
        logins = {"referent": referent.login}
        for key, first in (("trainee", "Léa"), ("other", "Yanis")):
            trainee = accounts.create_user(
                login=f"{key}-{tag}", password=PASSWORD, first_name=first, last_name="Test",
                role=Role.TRAINEE, site=site,
            )  # fmt: skip
            accounts.assign_referent(trainee, referent)
            logins[key] = trainee.login
        db.session.commit()
    return logins


def _clean(page: Any) -> None:
    assert [v["id"] for v in axe_violations(page)] == []
    assert no_horizontal_scroll(page)


def _send_reachable(page: Any) -> None:
    """The message box and "Envoyer" can be reached by the thumb: wide, tall, on screen."""
    button = page.get_by_role("button", name="Envoyer")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300, box
    assert box["y"] + box["height"] <= 740 - 56, box  # above the phone bar


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 360×740 page that lets axe-core in (its script is injected inline)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_group_message_with_a_pdf_a_photo_answer_and_lu(
    live_app: Any, live_server: Any, phone: Any, shot: Any, tmp_path: Any
) -> None:
    people = _people(live_app)
    pdf = tmp_path / "planning.pdf"
    pdf.write_bytes(pdf_bytes("Atelier CV jeudi 10 h"))
    photo = tmp_path / "mon-cv.jpg"
    photo.write_bytes(jpeg_bytes(320, 240, seed=5))

    # The referent writes to all her trainees at once, with a PDF.
    log_in(phone, live_server, people["referent"], PASSWORD)
    go(phone, "Messages")
    phone.get_by_role("link", name="Nouveau message").click()
    shot(phone, "referent-new-message")
    _clean(phone)
    phone.get_by_label("Tous mes stagiaires").check()
    phone.get_by_label("Sujet").fill("Atelier CV jeudi")
    phone.get_by_label("Votre message").fill("Bonjour, voici le planning. Apportez votre CV.")
    phone.get_by_label("Pièce jointe (facultatif)").set_input_files(str(pdf))
    _send_reachable(phone)
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.get_by_text("Message envoyé.")).to_be_visible()
    expect(phone.locator(".thread-item")).to_have_count(2)  # one private thread each
    shot(phone, "referent-sent-to-two")
    log_out(phone)

    # The trainee sees it as new, opens it, downloads the PDF and answers with a photo.
    log_in(phone, live_server, people["trainee"], PASSWORD)
    phone.goto(live_server.url + "/")
    news = phone.locator("section.news-home")
    expect(news.get_by_role("link", name="Claire vous a écrit.")).to_be_visible()
    shot(phone, "trainee-home-news")
    go(phone, "Messages (1 non lu)")
    shot(phone, "trainee-inbox")
    phone.get_by_role("link", name=re.compile("Atelier CV jeudi")).click()
    expect(phone.get_by_text("Bonjour, voici le planning.")).to_be_visible()
    link = phone.get_by_role("link", name=re.compile("planning.pdf"))
    with phone.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "planning.pdf"
    shot(phone, "trainee-thread")
    _clean(phone)
    phone.get_by_label("Votre message").fill("Merci ! Voici mon CV en photo.")
    phone.get_by_label("Pièce jointe (facultatif)").set_input_files(str(photo))
    _send_reachable(phone)
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.get_by_text("Message envoyé.")).to_be_visible()
    expect(phone.locator(".message-photo img")).to_be_visible()
    assert phone.locator(".message-photo img").evaluate("img => img.naturalWidth") > 0
    shot(phone, "trainee-answered-with-photo")
    log_out(phone)

    # The referent sees the unread answer on her caseload, opens it: her message reads "Lu".
    log_in(phone, live_server, people["referent"], PASSWORD)
    phone.goto(live_server.url + "/referent/stagiaires")
    expect(phone.get_by_text("1 message non lu")).to_be_visible()
    shot(phone, "caseload-unread")
    phone.get_by_role("link", name="1 message non lu").click()
    phone.get_by_role("link", name=re.compile("Atelier CV jeudi.*Léa")).click()
    mine = phone.locator(".message-mine").first
    expect(mine.get_by_text("Lu", exact=True)).to_be_visible()
    expect(phone.get_by_text("Merci ! Voici mon CV en photo.")).to_be_visible()
    shot(phone, "referent-sees-lu")
    _clean(phone)
    phone.goto(live_server.url + "/referent/stagiaires")
    expect(phone.get_by_text("1 message non lu")).to_have_count(0)
