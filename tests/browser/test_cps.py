"""Psychosocial competencies on a phone (360 px): a trainee self-assesses a CPS competency, the
referent rates it and sees the gap in the CPS gap view; the coverage map renders at 360 px.
Screenshots in test-output/screenshots/.
"""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import expect

from browsing import log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"


def _people(live_app: Any) -> dict[str, Any]:
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        site = accounts.create_site(f"cps-{tag}", f"E2C CPS {tag}")
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
            first_name="Sofia",
            last_name="Benali",
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(trainee, referent)
        db.session.commit()
        return {"referent": referent.login, "trainee": trainee.login, "id": trainee.id}


def test_cps_self_assessment_and_its_gap_on_a_phone(live_app, live_server, phone, shot):
    people = _people(live_app)
    page = phone
    log_in(page, live_server, people["trainee"], PASSWORD)
    page.goto(live_server.url + "/portfolio/competences")
    page.get_by_role("link", name="Moi et les autres").click()  # everyday words for a trainee
    shot(page, "cps-competencies")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Se connaître").click()
    page.get_by_text("Je transfère").click()
    page.get_by_role("button", name="Enregistrer mon niveau").click()
    expect(page.get_by_text("Votre niveau est enregistré.")).to_be_visible()
    shot(page, "cps-self-assessed")
    log_out(page)

    log_in(page, live_server, people["referent"], PASSWORD)
    page.goto(live_server.url + f"/referent/stagiaires/{people['id']}/evaluer?referentiel=cps")
    page.get_by_role("link", name="COG1 · Avoir conscience de soi").click()
    page.get_by_role("radio", name="2 · J'explique").check()
    page.get_by_label("Pourquoi ce niveau ?").fill("Elle nomme ses forces, pas encore ses limites.")
    page.get_by_role("button", name="Enregistrer mon niveau").click()
    expect(page.get_by_text("Niveau enregistré.")).to_be_visible()
    page.goto(live_server.url + f"/referent/stagiaires/{people['id']}/ecart?referentiel=cps")
    talk = page.locator(".talking-points")
    expect(talk).to_contain_text("Avoir conscience de soi")
    expect(talk).to_contain_text("2 paliers au-dessus")
    shot(page, "cps-gap")
    assert no_horizontal_scroll(page)


def test_the_demo_coverage_map_at_360_px(live_server, phone, shot):
    page = phone
    log_in(page, live_server, "referente", "piano-rivage-28")  # the demo site's referent
    page.goto(live_server.url + "/activites/couverture")
    maps = page.locator("svg.coverage-map")
    expect(maps).to_have_count(2)
    box = maps.first.bounding_box()
    assert box is not None and box["width"] <= 360 and box["height"] > 300
    cells = maps.first.locator(".cov-cell text")
    words = set(cells.all_text_contents())
    assert {"aucune", "jamais"} <= words and any(w.isdigit() and w != "0" for w in words)
    maps.first.screenshot(path=str(shot.folder / "coverage-e2c.png"))
    maps.nth(1).screenshot(path=str(shot.folder / "coverage-cps.png"))
    shot(page, "coverage-page")
    assert no_horizontal_scroll(page)
