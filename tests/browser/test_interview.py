"""Interview practice in a real browser at 360 px: a whole practice kept as a trace, then a
second one whose progress sentence counts the examples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import (
    PASSWORD,
    axe_violations,
    fresh_trainee,
    go,
    log_in,
    log_out,
    no_horizontal_scroll,
)


def _with_project(live_app: Any, login: str) -> None:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import ProfessionalProject, ProjectTrade, User

    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.login == login))
        assert user is not None
        db.session.add(
            ProfessionalProject(
                trainee_id=user.id,
                trades=[ProjectTrade(rome_code="G1602", grand_domaine="G", position=0)],
            )
        )
        db.session.commit()


def _practise(phone: Any, shot: Any, examples: int, *, check: bool = False) -> None:
    """Start, answer and rate the five questions; ``examples`` of them say "an example"."""
    expect(phone.get_by_role("combobox", name="Métier visé")).to_have_value(re.compile("Commis"))
    phone.get_by_role("button", name="Commencer").click()
    for n in range(1, 6):
        expect(phone.get_by_role("heading", name=f"Question {n} sur 5")).to_be_visible()
        if check and n == 1:
            expect(phone.get_by_role("heading", name="Parlez-moi de vous.")).to_be_visible()
            phone.get_by_text("Un conseil").click()
            expect(phone.get_by_text("Parlez de vous en trois parties.")).to_be_visible()
            assert no_horizontal_scroll(phone)
            assert axe_violations(phone) == []
            shot(phone, "question")
        phone.get_by_label("Votre réponse", exact=True).fill(
            f"Ma réponse {n}. En stage, j'ai servi 80 repas."
        )
        phone.get_by_role("button", name="Suivant").click()
        expect(phone.get_by_role("heading", name=f"Votre réponse {n}")).to_be_visible()
        for group, choice in (
            ("Clair ?", "Oui"),
            ("Un exemple ?", "Oui" if n <= examples else "Non"),
            ("Le métier nommé ?", "Non"),
            ("Posture", "Correcte"),
        ):
            box = phone.get_by_role("group", name=group)
            box.get_by_text(choice, exact=True).click()
            expect(box.get_by_role("radio", name=choice, exact=True)).to_be_checked()
        if check and n == 1:
            assert no_horizontal_scroll(phone)
            assert axe_violations(phone) == []
            shot(phone, "grid")
        phone.get_by_role("button", name="Suivant").click()
    expect(phone.get_by_role("heading", name="Bilan de l'entraînement")).to_be_visible()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at 360×740 that lets axe-core in (the CSP forbids injected scripts)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_whole_practice_on_a_phone_kept_as_a_trace_then_a_second_one(
    live_app, live_server, phone, shot
):
    login = fresh_trainee(live_app)
    _with_project(live_app, login)
    log_in(phone, live_server, login, PASSWORD)
    go(phone, "Entretien")
    expect(phone.get_by_role("heading", name="S'entraîner à l'entretien")).to_be_visible()
    _practise(phone, shot, examples=5, check=True)
    expect(phone.locator("[data-progress]")).to_have_text(
        "1er entraînement : vous avez donné un exemple à 5 questions sur 5."
    )
    expect(phone.get_by_role("radio", name="Oui, le garder")).to_be_checked()
    assert axe_violations(phone) == []
    shot(phone, "summary")
    phone.get_by_role("button", name="Terminer").click()
    expect(phone.get_by_text("Entraînement terminé. Bravo !")).to_be_visible()
    phone.get_by_role("link", name="Voir la trace dans mon portfolio").click()
    expect(phone.get_by_role("heading", name="Entraînement à l'entretien n° 1")).to_be_visible()
    expect(phone.get_by_text("Ma réponse 3. En stage, j'ai servi 80 repas.")).to_be_visible()
    go(phone, "Portfolio")
    expect(phone.get_by_text("Entraînement à l'entretien n° 1").first).to_be_visible()
    shot(phone, "portfolio")

    go(phone, "Entretien")
    _practise(phone, shot, examples=3)
    phone.get_by_text("Non", exact=True).click()  # not kept this time
    phone.get_by_role("button", name="Terminer").click()
    expect(phone.locator("[data-progress]")).to_have_text(
        "2e entraînement : vous avez donné un exemple à 3 questions sur 5."
    )
    go(phone, "Entretien")
    expect(phone.locator("[data-progress]")).to_contain_text("2e entraînement")
    shot(phone, "second")


DURATION = """(audio) => new Promise((done) => {
  const check = () => Number.isFinite(audio.duration) && audio.duration > 0;
  if (check()) { done(audio.duration); return; }
  audio.addEventListener('durationchange', () => { if (check()) done(audio.duration); });
  audio.addEventListener('loadedmetadata', () => { if (check()) done(audio.duration); });
  audio.addEventListener('loadedmetadata', () => { if (!check()) audio.currentTime = 1e6; });
  audio.addEventListener('timeupdate', () => { if (check()) done(audio.duration); });
  audio.load();
})"""


def _rate(page: Any) -> None:
    for group, choice in (
        ("Clair ?", "Oui"),
        ("Un exemple ?", "Oui"),
        ("Le métier nommé ?", "Non"),
    ):
        page.get_by_role("group", name=group).get_by_text(choice, exact=True).click()
    page.get_by_role("group", name="Posture").get_by_text("Correcte", exact=True).click()
    page.get_by_role("button", name="Suivant").click()


def _ids(live_app: Any, login: str) -> tuple[int, int]:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import InterviewSession, User

    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.login == login))
        assert user is not None
        found = db.session.scalar(
            select(InterviewSession).where(InterviewSession.trainee_id == user.id)
        )
        assert found is not None and found.answers[0].recording is not None
        return user.id, found.id


@pytest.fixture
def mic(mic_browser: Any, live_server: Any) -> Iterator[Any]:
    """A 360 px page with Chromium's fake microphone, letting axe-core in."""
    context = mic_browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    context.grant_permissions(["microphone"], origin=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_an_answer_said_aloud_played_back_then_commented_at_a_moment(
    live_app, live_server, mic, shot
):
    from portfolio.demo import DEMO_ACCOUNTS

    page = mic
    login = fresh_trainee(live_app)
    _with_project(live_app, login)
    log_in(page, live_server, login, PASSWORD)
    go(page, "Entretien")
    page.get_by_role("button", name="Commencer").click()
    page.get_by_role("button", name="Répondre à voix haute").click()
    expect(page.get_by_text("Enregistrement en cours…")).to_be_visible()
    page.wait_for_timeout(3300)
    page.get_by_role("button", name="Arrêter").click()
    expect(
        page.get_by_text("Réponse enregistrée. Écoutez-la, puis passez à la suite.")
    ).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "recorded")
    page.get_by_role("button", name="Suivant").click()  # saved with no words typed
    expect(page.get_by_role("heading", name="Votre réponse 1")).to_be_visible()
    _rate(page)
    for n in range(2, 6):
        page.get_by_label("Votre réponse", exact=True).fill(f"Réponse écrite {n}.")
        page.get_by_role("button", name="Suivant").click()
        _rate(page)
    expect(page.get_by_role("heading", name="Bilan de l'entraînement")).to_be_visible()
    played = page.locator("audio").first
    expect(played).to_be_visible()
    assert played.evaluate(DURATION) > 2.0  # the re-encoded recording plays back
    page.get_by_role("button", name="Terminer").click()
    expect(page.get_by_text("Entraînement terminé. Bravo !")).to_be_visible()
    log_out(page)

    trainee_id, session_id = _ids(live_app, login)
    password = next(a["password"] for a in DEMO_ACCOUNTS if a["login"] == "referente")
    log_in(page, live_server, "referente", str(password))
    page.goto(f"{live_server.url}/referent/stagiaires/{trainee_id}/entretiens/{session_id}")
    assert page.locator("audio").first.evaluate(DURATION) > 2.0
    page.get_by_label("Votre commentaire sur la réponse 1").fill("Bonne voix, calme et claire.")
    page.get_by_label("À quel moment de l'enregistrement ?").fill("0:02")
    page.get_by_role("button", name="Commenter").first.click()
    expect(
        page.get_by_text("Commentaire ajouté. Le stagiaire le verra sous sa réponse.")
    ).to_be_visible()
    comment = page.locator(".interview-comment").first
    expect(comment).to_contain_text("à 0:02")
    expect(comment).to_contain_text("Bonne voix, calme et claire.")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, "referent-comment")
    log_out(page)

    log_in(page, live_server, login, PASSWORD)
    page.goto(f"{live_server.url}/entretien/{session_id}")
    expect(page.locator(".interview-comment").first).to_contain_text("à 0:02")
