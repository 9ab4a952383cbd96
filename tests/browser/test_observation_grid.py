"""The collective observation grid on a phone (360 px): a referent fills a 4 × 3 grid with two
remarks in one screen, a reload mid-grid loses nothing (the local draft), one request saves it;
the trainee then sees what was observed, says "pas d'accord" in one tap and opens "Ajouter ma
trace" prefilled in one tap. Then the issue's target: 14 trainees × 4 competencies with 6
remarks (20 "observé", 36 levels) in under 90 taps. Taps and time are printed (README figures;
time is never asserted); axe checks the pages on the way.
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
MAX_TAPS = 40  # 12 cells and 2 remarks; the issue's target is 90 taps for 14 × 4 with 6 remarks
FIRST = ("Adam", "Bilal", "Chloé", "Dylan", "Emma", "Farah", "Gaël", "Hugo", "Inès", "Jade",
         "Kylian", "Lina", "Mehdi", "Nora")  # fmt: skip
ISSUE_TAPS = 90  # the issue: 14 trainees × 4 competencies with 6 remarks in under 90 taps


def _grid_session(
    live_app: Any,
    names: tuple[tuple[str, str], ...] = NAMES,
    targets: tuple[str, ...] = ("E2C-2C", "E2C-1A", "SOC2"),
) -> tuple[str, list[str], int, list[str]]:
    """A referent, trainees they follow, an activity targeting some competencies (E2C and CPS)
    and today's session with them all."""
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
        for n, (first, last) in enumerate(names):
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
            "targets": list(targets),
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


def _fill(page: Any, taps: Taps, cell: Any, value: str) -> None:
    """An empty cell: one tap gives "observé" and opens the picker; a level is its second tap."""
    taps.tap(cell, "cell")
    if value != "observe":
        picker = page.locator(".grid-picker")
        taps.tap(picker.get_by_role("button", name=f"Niveau {value}", exact=True), "level")
        expect(picker).to_have_count(0)
    expect(cell).to_have_text("observé" if value == "observe" else value)


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
    # One tap: "observé" (and the picker opens); two taps: a level. Léa's row first, then a
    # network drop (reload).
    plan = ["observe", "2", "observe", "2", "observe", "observe"] + ["observe", "observe", "2"] * 2
    for index, value in enumerate(plan[:3]):
        _fill(page, taps, buttons.nth(index), value)
    page.reload()  # the draft in localStorage brings the cells back
    expect(page.get_by_text("Brouillon retrouvé sur cet appareil.")).to_be_visible()
    expect(buttons.nth(1)).to_have_text("2")
    for index, value in enumerate(plan[3:], start=3):
        _fill(page, taps, buttons.nth(index), value)
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
    taps = Taps()
    taps.tap(page.get_by_role("button", name="Pas d'accord"))
    expect(page.get_by_text("Merci : votre référent verra votre réponse.")).to_be_visible()
    expect(page.get_by_role("button", name="Pas d'accord")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert taps.taps == 1
    shot(page, "grid-trainee-disagrees")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ajouter ma trace").click()
    expect(page.get_by_label("Qu'avez-vous fait ?")).to_have_value("Atelier cuisine du jeudi")
    expect(page.locator("#competencies input[value='E2C-2C']")).to_be_checked()
    shot(page, "grid-trace-prefilled")
    assert keys  # the grid had its three columns


def test_the_issues_grid_14_trainees_by_4_competencies_with_6_remarks_in_under_90_taps(
    live_app, live_server, phone_axe, shot
):
    """The referent first makes each column "observé" (one tap per column), then gives the 36
    levels (two taps each: the cell opens its picker, the level closes it) and 6 remarks."""
    page = phone_axe
    names = tuple((first, "Groupe") for first in FIRST)
    referent, _trainees, session_id, keys = _grid_session(
        live_app, names, ("E2C-2C", "E2C-1A", "E2C-3A", "SOC2")
    )
    assert len(keys) == 4
    log_in(page, live_server, referent, PASSWORD)
    page.goto(f"{live_server.url}/seances/{session_id}")
    taps = Taps()
    started = time.perf_counter()
    taps.tap(page.get_by_role("link", name="Remplir la grille d'observation"))
    cells = page.locator("button.grid-tap")
    expect(cells).to_have_count(14 * 4)
    columns = page.locator("button.grid-column-all")
    expect(columns).to_have_count(4)
    for index in range(4):
        taps.tap(columns.nth(index), "column")
    expect(page.locator('button.grid-tap[data-value="observe"]')).to_have_count(56)
    levels = [index for index in range(56) if index % 14 not in (0, 3, 7, 10, 13)][:36]
    for n, index in enumerate(levels):  # 36 levels, 1 to 4; the 20 other cells stay "observé"
        level = str(1 + n % 4)
        taps.tap(cells.nth(index), "cell")
        if n == 0:  # the picker row, open under the trainee's row
            expect(cells.nth(index)).to_have_attribute("aria-expanded", "true")
            shot(page, "grid-picker-open")
            assert axe_violations(page) == []
        taps.tap(
            page.locator(".grid-picker").get_by_role("button", name=f"Niveau {level}"), "level"
        )
        expect(cells.nth(index)).to_have_text(level)
    for first in FIRST[:6]:
        taps.type(page.get_by_label(f"Remarque sur {first} Groupe"), f"{first} a aidé le groupe.")
    shot(page, "grid-14x4-filled")
    assert no_horizontal_scroll(page)
    taps.tap(page.get_by_role("button", name="Enregistrer la grille"))
    expect(page.get_by_text("Grille enregistrée.")).to_be_visible()
    seconds = time.perf_counter() - started
    print(
        f"\nGRID 14 x 4, 6 remarks (20 observé, 36 levels): {taps.taps} taps; {seconds:.1f} s (scripted)"
    )
    print(taps.report())
    assert taps.taps < ISSUE_TAPS, taps.report()
    from portfolio.extensions import db
    from portfolio.models import GridSubmission

    with live_app.app_context():
        saved = db.session.scalar(
            db.select(GridSubmission).where(GridSubmission.session_id == session_id)
        )
        assert saved is not None and (saved.notes, saved.ratings) == (14, 36)
