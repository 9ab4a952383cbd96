"""The referent's workspace in a real browser, at desktop and phone width.

Main path: caseload → trace → note → assessment → gap → bilan; then the tutor's link, opened
without an account, used once, and refused the second time. Screenshots of every step.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
SIZES = ["desktop", "phone"]


def _people(live_app: Any) -> dict[str, Any]:
    """A fresh site with a referent and a trainee who has traces and self levels."""
    from portfolio.extensions import db
    from portfolio.models import (
        Assessment,
        AssessmentSource,
        Role,
        Trace,
        TraceCompetency,
        TraceContext,
        utcnow,
    )
    from portfolio.services import accounts

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        site = accounts.create_site(f"nav-{tag}", f"E2C Navigateur {tag}")
        referent = accounts.create_user(
            login=f"ref-{tag}",
            password=PASSWORD,
            first_name="Claire",
            last_name="Morel",
            role=Role.REFERENT,
            site=site,
        )
        trainee = accounts.create_user(
            login=f"sta-{tag}",
            password=PASSWORD,
            first_name="Léa",
            last_name="Martin",
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(trainee, referent)
        now = utcnow()
        for n, (title, competency) in enumerate(
            (("Repas du midi pour douze", "E2C-1C"), ("Stand au forum des métiers", "E2C-2C"))
        ):
            trace = Trace(
                trainee_id=trainee.id,
                title=title,
                body="J'ai préparé avec mon équipe et j'ai parlé aux visiteurs.",
                happened_on=(now - timedelta(days=n + 1)).date(),
                context=TraceContext.PROJECT,
            )
            db.session.add(trace)
            db.session.flush()
            db.session.add(
                TraceCompetency(
                    trace_id=trace.id,
                    framework_id="e2c-apc",
                    framework_version="2018.1",
                    competency_id=competency,
                )
            )
        for competency, level in (("E2C-1C", 4), ("E2C-2C", 2), ("E2C-4A", 3)):
            db.session.add(
                Assessment(
                    trainee_id=trainee.id,
                    source=AssessmentSource.SELF,
                    author_id=trainee.id,
                    author_label=trainee.full_name,
                    framework_id="e2c-apc",
                    framework_version="2018.1",
                    competency_id=competency,
                    level=level,
                )
            )
        db.session.commit()
        return {"referent": referent.login, "trainee": trainee.login, "name": "Léa Martin"}


def _page(request: pytest.FixtureRequest, size: str) -> Any:
    return request.getfixturevalue(size)


@pytest.mark.parametrize("size", SIZES)
def test_referent_main_path(request, live_app, live_server, shot, size):
    page = _page(request, size)
    people = _people(live_app)
    log_in(page, live_server, people["referent"], PASSWORD)

    page.goto(live_server.url + "/referent/stagiaires")
    shot(page, "caseload")
    assert no_horizontal_scroll(page)
    row = page.locator("table.caseload tbody tr").first
    assert row.locator('td[data-label="Nouvelles traces"]').inner_text().strip() == "2"
    assert "À regarder" in row.inner_text()
    page.get_by_role("link", name=people["name"]).click()

    assert page.get_by_role("heading", level=1).inner_text() == people["name"]
    expect(page.get_by_text("Première visite de ce dossier.")).to_be_visible()
    shot(page, "trainee-file")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Repas du midi pour douze").click()

    shot(page, "trace")
    page.get_by_role("link", name="Écrire une note sur cette trace").click()
    page.get_by_label("Ce que j'ai observé").fill("Elle a calculé les quantités pour douze.")
    page.get_by_label("Ses mots").fill("J'ai fait fois trois.")
    page.get_by_label("Niveau observé").first.select_option("2")
    shot(page, "note-form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Enregistrer la note").click()
    expect(page.get_by_text("Note enregistrée.")).to_be_visible()
    expect(page.get_by_text("J'ai fait fois trois.")).to_be_visible()
    shot(page, "note")

    page.get_by_role("navigation", name="Dossier du stagiaire").get_by_role(
        "link", name="Évaluer"
    ).click()
    page.get_by_role("link", name=re.compile(r"^1c · Échanger oralement")).click()
    expect(page.get_by_text("4 · Je transfère").first).to_be_visible()  # no blind rating here
    page.get_by_role("radio", name="2 · J'explique").check()
    page.get_by_label("Pourquoi ce niveau ?").fill("Elle parle aux clients quand on l'invite.")
    page.get_by_role("checkbox", name=re.compile("^Repas du midi pour douze")).check()
    shot(page, "assessment-form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Enregistrer mon niveau").click()
    expect(page.get_by_text("Niveau enregistré.")).to_be_visible()
    shot(page, "assessment-saved")

    page.get_by_role("navigation", name="Dossier du stagiaire").get_by_role(
        "link", name="Écart"
    ).click()
    chart = page.locator("svg.gap-chart").first
    expect(chart).to_be_visible()  # waits for the page the click opened
    expect(chart).to_have_attribute("role", "img")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 250
    talking = page.locator("ol.talking-points").inner_text()
    assert "Échanger oralement avec autrui" in talking and "2 paliers au-dessus" in talking
    shot(page, "gap")
    assert no_horizontal_scroll(page)
    page.get_by_text("Voir les mêmes informations en tableau").first.click()
    expect(page.locator("table.gap-table").first).to_be_visible()
    # The progression: on a phone a block per competency, only the views with a level, read
    # without scrolling sideways; on a wide screen a table of every view.
    progression = page.locator("table.progression")
    competency = progression.locator("tr", has=page.locator("th", has_text="1c · Échanger"))
    expect(competency.locator('td[data-label="Référent"]')).to_contain_text("2 (")
    expect(competency.locator('td[data-label="Jeu"]')).to_be_visible(visible=size != "phone")
    table_box = progression.bounding_box()
    assert table_box is not None
    if size == "phone":
        assert table_box["width"] <= 360
    page.get_by_role("navigation", name="Dossier du stagiaire").get_by_role(
        "link", name="Nouveau bilan"
    ).click()
    page.get_by_label("Ce que le stagiaire a dit").fill("J'ose pas toujours parler aux clients.")
    page.get_by_label("Ce qu'il faut faire", exact=True).first.fill(
        "Accueillir seule trois clients"
    )
    page.get_by_label("Lié à", exact=True).first.select_option("E2C-1C")
    page.get_by_label("Pour le", exact=True).first.fill(
        (date.today() + timedelta(days=14)).isoformat()
    )
    page.get_by_label("Je suis d'accord avec ce bilan").check()
    shot(page, "bilan-form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Enregistrer le bilan").click()
    expect(page.get_by_text("Bilan enregistré.")).to_be_visible()
    expect(page.get_by_text("Accueillir seule trois clients")).to_be_visible()
    shot(page, "bilan")
    assert no_horizontal_scroll(page)

    # The trainee sees the shared note, the objective and the bilan to agree to.
    log_out(page)
    log_in(page, live_server, people["trainee"], PASSWORD)
    page.goto(live_server.url + "/mon-suivi")
    expect(page.get_by_text("Accueillir seule trois clients")).to_be_visible()
    expect(page.get_by_text("attend votre accord")).to_be_visible()
    shot(page, "trainee-follow-up")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name=re.compile("^Bilan du")).click()
    page.get_by_role("button", name="Je suis d'accord avec ce bilan").click()
    expect(page.get_by_text("Merci : votre accord est enregistré.")).to_be_visible()
    page.goto(live_server.url + "/mon-suivi/ecart")
    expect(page.locator("svg.gap-chart").first).to_be_visible()
    shot(page, "trainee-gap")
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("size", SIZES)
def test_tutor_link_is_used_once_without_an_account(
    request, browser, live_app, live_server, shot, size
):
    page = _page(request, size)
    people = _people(live_app)
    log_in(page, live_server, people["referent"], PASSWORD)
    page.goto(live_server.url + "/referent/stagiaires")
    page.get_by_role("link", name=people["name"]).click()
    page.get_by_role("navigation", name="Dossier du stagiaire").get_by_role(
        "link", name="Nouveau stage"
    ).click()
    page.get_by_label("Entreprise").fill("Boulangerie du Marché")
    page.get_by_label("Nom du tuteur ou de la tutrice").fill("Sophie Leroy")
    page.get_by_label("Email du tuteur ou de la tutrice").fill("sophie.leroy@example.fr")
    page.get_by_label("Début du stage").fill("2025-03-03")
    page.get_by_label("Fin du stage").fill("2025-03-21")
    page.get_by_role("combobox", name="Métier visé").press_sequentially("boulanger", delay=30)
    page.get_by_role("option", name="Boulanger / Boulangère", exact=False).first.click()
    page.get_by_text("D1 · Communiquer").click()
    page.get_by_role("checkbox", name=re.compile(r"^1c · Échanger oralement")).check()
    shot(page, "internship-form")
    page.get_by_role("button", name="Enregistrer le stage").click()
    expect(page.get_by_text("Stage enregistré.")).to_be_visible()
    page.get_by_role("button", name="Créer le lien pour le tuteur").click()
    url = page.locator("code.tutor-url").inner_text().strip()
    assert "/tuteur/" in url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.get_by_text("Lien copié.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    expect(page.get_by_role("img", name="QR code du lien pour le tuteur")).to_be_visible()
    mail = page.get_by_role("link", name=re.compile("^Écrire au tuteur"))
    assert mail.get_attribute("href").startswith("mailto:sophie.leroy@example.fr?subject=")
    shot(page, "tutor-link-created")
    assert no_horizontal_scroll(page)

    viewport = {"width": 360, "height": 740} if size == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    tutor = context.new_page()
    try:
        tutor.goto(url)
        expect(tutor.get_by_text("Bonjour Sophie Leroy,")).to_be_visible()
        shot(tutor, "tutor-form")
        assert no_horizontal_scroll(tutor)
        tutor.get_by_role("group", name="Échanger oralement avec autrui").get_by_label(
            "3 · J'analyse"
        ).check()
        tutor.get_by_label("Un commentaire (facultatif)").fill("Souriante avec les clients.")
        tutor.get_by_role("button", name="Envoyer mon évaluation").click()
        expect(tutor.get_by_text("Merci, votre évaluation est envoyée")).to_be_visible()
        shot(tutor, "tutor-thanks")
        tutor.goto(url)
        expect(tutor.get_by_text("Ce lien a déjà servi")).to_be_visible()
        shot(tutor, "tutor-used")
        assert no_horizontal_scroll(tutor)
    finally:
        context.close()

    page.reload()
    results = page.locator("table").last.inner_text()
    assert "3 · J'analyse" in results and "Souriante avec les clients." in results
    shot(page, "internship-results")


AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page: Any) -> list[dict[str, Any]]:
    if not AXE.exists():
        raise pytest.UsageError("axe-core is missing: run `npm ci --prefix tests/a11y`.")
    page.add_script_tag(path=str(AXE))
    return list(
        page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_referent_and_follow_up_pages_pass_axe(request, browser, live_app, live_server, size):
    """WCAG 2 A/AA checks of every referent page and the trainee's follow-up pages."""
    from portfolio.extensions import db
    from portfolio.internships import services as internships
    from portfolio.models import Trace, User
    from portfolio.referent import services as svc

    people = _people(live_app)
    with live_app.app_context():
        referent = db.session.query(User).filter_by(login=people["referent"]).one()
        trainee = db.session.query(User).filter_by(login=people["trainee"]).one()
        trace = db.session.query(Trace).filter_by(trainee_id=trainee.id).first()
        note = svc.create_note(
            referent,
            trainee,
            svc.NoteInput(
                observed_on=date.today(),
                situation_kind="workshop",
                observed="Il a aidé.",
                competencies=(svc.NoteCompetencyInput("E2C-1C", 2),),
            ),
        )
        review = svc.create_review(
            referent,
            trainee,
            svc.ReviewInput(
                held_on=date.today(),
                participants="Léa\nClaire",
                competency_ids=("E2C-1C",),
                objectives=(
                    svc.ObjectiveInput("Oser parler", date.today(), competency_id="E2C-1C"),
                ),
            ),
        )
        internship = internships.create_internship(
            referent,
            trainee,
            internships.InternshipInput(
                "Boulangerie", "Sophie Leroy", "s@example.fr", date.today(), date.today(), "D1102"
            ),
        )
        _link, token = internships.create_tutor_link(referent, internship)
        db.session.commit()
        t, ids = trainee.id, (trace.id, note.id, review.id, internship.id)
    base = f"/referent/stagiaires/{t}"
    pages = {
        "referent": [
            "/referent/stagiaires",
            base,
            f"{base}/traces/{ids[0]}",
            f"{base}/notes/nouvelle",
            f"{base}/notes/{ids[1]}",
            f"{base}/notes/{ids[1]}/modifier",
            f"{base}/evaluer",
            f"{base}/evaluer?competence=E2C-1C",
            f"{base}/ecart",
            f"{base}/ecart/progression",
            f"{base}/bilans/nouveau",
            f"{base}/bilans/{ids[2]}",
            f"{base}/objectifs/nouveau",
            f"{base}/stages/nouveau",
            f"{base}/stages/{ids[3]}",
            "/referent/cohorte",
        ],
        "trainee": [
            "/mon-suivi",
            f"/mon-suivi/notes/{ids[1]}",
            f"/mon-suivi/bilans/{ids[2]}",
            "/mon-suivi/ecart",
            "/mon-suivi/ecart/progression",
        ],
        None: [f"/tuteur/{token}"],
    }
    viewport = {"width": 360, "height": 740} if size == "phone" else {"width": 1280, "height": 900}
    problems = {}
    for who, paths in pages.items():
        context = browser.new_context(viewport=viewport, locale="fr-FR", bypass_csp=True)
        page = context.new_page()
        try:
            if who is not None:
                log_in(page, live_server, people[who], PASSWORD)
            for path in paths:
                page.goto(live_server.url + path)
                found = _axe(page)
                if found:
                    problems[path] = found
                if size == "phone" and not no_horizontal_scroll(page):
                    problems[path] = "scrolls sideways at 360 px"
        finally:
            context.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
