"""The collective observation grid on a phone (360 px): a referent fills a 4 × 3 grid with two
remarks in one screen, a reload mid-grid loses nothing (the local draft), one request saves it;
the trainee then sees what was observed and opens "Ajouter ma trace" prefilled in one tap.
Taps and time are printed (README figures); axe checks the pages on the way.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import time as clock
from typing import Any

import pytest
from playwright.sync_api import expect
from taps import Taps

from browsing import axe_violations, log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
PHONE = {"width": 360, "height": 740}
NAMES = (("Léa", "Martin"), ("Yanis", "Haddad"), ("Inès", "Diallo"), ("Tom", "Bernard"))
MAX_TAPS = 40  # 12 cells and 2 remarks; the target is 90 taps for 14 × 4 with 6 remarks


def _grid_session(live_app: Any) -> tuple[str, list[str], int, list[str]]:
    """A referent, four trainees they follow, an activity targeting 3 competencies (2 E2C, 1
    CPS) and today's session with the four."""
    from portfolio.activities.services import catalogue, grid, sessions
    from portfolio.activities.services.rules import check_activity
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts
    from portfolio.services.frameworks import frameworks

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        site = accounts.create_site(f"grid-{tag}", f"E2C Grille {tag}")
        referent = accounts.create_user(
            login=f"ref-grid-{tag}",
            password=PASSWORD,
            first_name="Claire",
            last_name="Morel",
            role=Role.REFERENT,
            site=site,
        )
        trainees = []
        for n, (first, last) in enumerate(NAMES):
            trainee = accounts.create_user(
                login=f"sta-grid-{tag}-{n}",
                password=PASSWORD,
                first_name=first,
                last_name=last,
                role=Role.TRAINEE,
                site=site,
            )
            accounts.assign_referent(trainee, referent)
            trainees.append(trainee)
        raw = {
            "code": "CUISINE",
            "title": "Atelier cuisine du jeudi",
            "kind": "atelier",
            "duration": "120",
            "group_size": "8",
            "description": "On prépare le repas de midi.",
            "targets": ["E2C-2C", "E2C-1A", "SOC2"],
        }
        activity = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
        found = sessions.schedule_session(
            referent,
            activity,
            sessions.SessionInput(
                day=date.today(),
                start_time=clock(9),
                end_time=clock(11),
                place="Cuisine",
                trainee_ids=[t.id for t in trainees],
            ),
        )
        db.session.commit()
        keys = [c.key for c in grid.columns(found)]
        return referent.login, [t.login for t in trainees], found.id, keys


@pytest.fixture
def phone_axe(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_referent_fills_the_grid_on_a_phone_and_the_trainee_adds_a_trace(
    live_app, live_server, phone_axe, shot
):
    page = phone_axe
    referent, trainees, session_id, keys = _grid_session(live_app)
    log_in(page, live_server, referent, PASSWORD)
    page.goto(f"{live_server.url}/seances/{session_id}")
    taps = Taps()
    started = time.perf_counter()
    taps.tap(page.get_by_role("link", name="Remplir la grille d'observation"))
    expect(page.get_by_role("heading", name="Grille d'observation")).to_be_visible()
    buttons = page.locator("button.grid-tap")
    expect(buttons).to_have_count(12)
    # One tap: "observé"; three taps: level 2. Léa's row first, then a network drop (reload).
    plan = [1, 3, 1, 3, 1, 1, 1, 1, 3, 1, 3, 1]  # taps per cell, row by row
    for index, count in enumerate(plan[:3]):
        for _ in range(count):
            taps.tap(buttons.nth(index), "cell")
    page.reload()  # the draft in localStorage brings the cells back
    expect(page.get_by_text("Brouillon retrouvé sur cet appareil.")).to_be_visible()
    expect(buttons.nth(1)).to_have_text("2")
    for index, count in enumerate(plan[3:], start=3):
        for _ in range(count):
            taps.tap(buttons.nth(index), "cell")
    taps.type(page.get_by_label("Remarque sur Léa Martin"), "A guidé le groupe pour la recette.")
    taps.type(page.get_by_label("Remarque sur Tom Bernard"), "« J'ai osé demander. »")
    shot(page, "grid-filled")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    taps.tap(page.get_by_role("button", name="Enregistrer la grille"))
    expect(page.get_by_text("Grille enregistrée.")).to_be_visible()
    seconds = time.perf_counter() - started
    print(f"\nGRID 4 x 3, 2 remarks: {taps.report()}; {seconds:.1f} s (scripted)")
    assert taps.taps <= MAX_TAPS, taps.report()
    log_out(page)

    log_in(page, live_server, trainees[0], PASSWORD)
    page.goto(f"{live_server.url}/mes-ateliers/{session_id}")
    content = page.locator("#contenu")
    expect(content.get_by_text("A guidé le groupe pour la recette.")).to_be_visible()
    expect(content.get_by_text("J'ai osé demander.")).to_have_count(0)  # Tom's row, not hers
    shot(page, "grid-trainee-session")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ajouter ma trace").click()
    expect(page.get_by_label("Qu'as-tu fait ?")).to_have_value("Atelier cuisine du jeudi")
    expect(page.locator("#competencies input[value='E2C-2C']")).to_be_checked()
    shot(page, "grid-trace-prefilled")
    assert keys  # the grid had its three columns
