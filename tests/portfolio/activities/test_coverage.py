"""The team's coverage map (/activites/couverture): per competency of the E2C framework and of
the CPS, the catalogue activities that target it, the observations of the last three months,
and those never observed; as SVG, as a table, as CSV. Staff of the site only; 404 otherwise.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from builders_referent import make_note, team
from sqlalchemy import select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.activities.services import catalogue
from portfolio.activities.services.coverage import Status, coverage
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import Activity, AssessmentSource, Role, Site, User, utcnow
from portfolio.referent.services.notes import NoteCompetencyInput
from portfolio.services.assessments import record_assessment
from portfolio.services.frameworks import CPS_FRAMEWORK, DEFAULT_FRAMEWORK, frameworks

TODAY = date(2026, 6, 15)


def _activity(site: Site, targets: list[str], code: str) -> Activity:
    raw = {
        "code": code,
        "title": f"Atelier {code}",
        "kind": "atelier",
        "duration": "60",
        "group_size": "12",
        "description": "On travaille ensemble.",
        "targets": targets,
    }
    found = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
    db.session.commit()
    return found


def _rated(
    referent: User, trainee: User, competency: str, days_ago: int, today: date = TODAY
) -> None:
    framework = frameworks()[DEFAULT_FRAMEWORK]
    record_assessment(
        AssessmentSource.REFERENT,
        trainee,
        referent,
        competency,
        2,
        framework.version,
        framework_id=framework.id,
        comment="Vu en atelier.",
        at=datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), tzinfo=UTC),
    )
    db.session.commit()


def _noted(
    referent: User, trainee: User, competency: str, fw: str, days_ago: int, today: date = TODAY
) -> Any:
    return make_note(
        referent,
        trainee,
        observed_on=today - timedelta(days=days_ago),
        competencies=(NoteCompetencyInput(competency, None, (), fw),),
    )


def _cells(result: Any) -> dict[str, Any]:
    return {c.competency.id: c for fc in result.frameworks for c in fc.cells}


def _world(today: date = TODAY) -> tuple[Site, User, User, User]:
    site, referent, trainee = team()
    _activity(site, ["E2C-1A", "COG1"], "A1")
    _activity(site, ["E2C-1A"], "A2")
    _rated(referent, trainee, "E2C-1A", 10, today)  # recent
    _rated(referent, trainee, "E2C-1B", 100, today)  # older than three months
    _noted(referent, trainee, "COG1", CPS_FRAMEWORK, 20, today)  # recent, from a note
    return site, referent, trainee, make_user(Role.ADMIN, site=site)


def test_counts_activities_recent_and_never_observed_with_a_fixed_clock(app):
    site, _referent, _trainee, _admin = _world()
    other_site, other_referent, other_trainee = team()  # another site: never counted
    _activity(other_site, ["E2C-1C"], "B1")
    _rated(other_referent, other_trainee, "E2C-1C", 1)

    cells = _cells(coverage(site, today=TODAY))
    assert (cells["E2C-1A"].activities, cells["E2C-1A"].recent) == (2, 1)
    assert cells["E2C-1A"].status is Status.RECENT
    assert (cells["COG1"].activities, cells["COG1"].recent) == (1, 1)
    assert (cells["E2C-1B"].recent, cells["E2C-1B"].ever) == (0, 1)
    assert cells["E2C-1B"].status is Status.OLD
    assert cells["E2C-1C"].status is Status.NEVER and cells["E2C-1C"].activities == 0
    # The same data 120 days later: nothing is recent any more.
    later = _cells(coverage(site, today=TODAY + timedelta(days=120)))
    assert later["E2C-1A"].status is Status.OLD and later["COG1"].status is Status.OLD


def test_a_level_given_from_a_note_counts_once(app):
    site, referent, trainee = team()
    note = _noted(referent, trainee, "E2C-2A", DEFAULT_FRAMEWORK, 3)
    fw = frameworks()[DEFAULT_FRAMEWORK]
    record_assessment(
        AssessmentSource.REFERENT,
        trainee,
        referent,
        "E2C-2A",
        3,
        fw.version,
        framework_id=fw.id,
        note_ids=[note.id],
        at=datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC),
    )
    db.session.commit()
    assert _cells(coverage(site, today=TODAY))["E2C-2A"].recent == 1


def test_a_cohort_counts_only_the_trainees_of_its_referent(app):
    site, referent, _trainee, _admin = _world()
    colleague = make_user(Role.REFERENT, site=site)
    theirs = make_user(Role.TRAINEE, site=site, referent=colleague)
    _rated(colleague, theirs, "E2C-3A", 5)
    assert _cells(coverage(site, today=TODAY))["E2C-3A"].recent == 1
    mine = coverage(site, referent, today=TODAY)
    assert _cells(mine)["E2C-3A"].status is Status.NEVER
    assert _cells(mine)["E2C-1A"].recent == 1 and mine.trainees == 1


def test_the_page_shows_the_map_the_table_and_the_csv(app, client):
    _site, referent, _trainee, _admin = _world(utcnow().date())
    login(client, referent)
    catalogue_page = client.get("/activites").get_data(as_text=True)
    assert 'href="/activites/couverture"' in catalogue_page
    response = client.get("/activites/couverture")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('<svg class="coverage-map"') == 2  # E2C and CPS
    titles = re.findall(r"<title>([^<]*)</title>", html)
    assert any(t.startswith("COG1 · ") and "1 activité du catalogue" in t for t in titles)
    assert any("Jamais observée" in t for t in titles)
    assert 'fill="url(#cov-0-hatch)"' in html  # the empty cells are hatched, not only pale
    text = page_text(response)
    assert "Compétences psychosociales" in text and "Jamais observée" in text
    assert "Pas observée depuis 3 mois" in text  # E2C-1B, rated 100 days ago
    csv = client.get("/activites/couverture.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    body = csv.get_data(as_text=True)
    assert body.startswith("\ufeffRéférentiel;Domaine;Code;Compétence;")
    assert "cps-spf2022;COG;COG1;Avoir conscience de soi;1;" in body


def test_the_page_in_english(app, client):
    _site, referent, _trainee, _admin = _world()
    login(client, referent)
    client.post("/langue", data={"lang": "en", "next": "/"})
    text = page_text(client.get("/activites/couverture"))
    assert "Competency coverage" in text and "Never observed" in text
    assert "Couverture" not in text and "Jamais" not in text


def test_access_other_site_other_cohort_trainee_company_answer_404(app, client):
    site, referent, trainee, admin = _world()
    other_site, other_referent, _other_trainee = team()
    company = make_user(Role.COMPANY, site=site)
    login(client, referent)
    assert client.get(f"/activites/couverture?site={other_site.id}").status_code == 404
    assert client.get(f"/activites/couverture?cohorte={other_referent.id}").status_code == 404
    assert client.get(f"/activites/couverture?cohorte={trainee.id}").status_code == 404
    assert client.get("/activites/couverture?cohorte=abc").status_code == 404
    assert client.get(f"/activites/couverture.csv?site={other_site.id}").status_code == 404
    assert client.get(f"/activites/couverture?cohorte={referent.id}").status_code == 200
    for person in (trainee, company):
        theirs = app.test_client()
        login(theirs, person)
        assert theirs.get("/activites/couverture").status_code == 404
        assert theirs.get("/activites/couverture.csv").status_code == 404
    site_admin = app.test_client()
    login(site_admin, admin)
    assert site_admin.get("/activites/couverture").status_code == 200
    assert site_admin.get(f"/activites/couverture?site={other_site.id}").status_code == 404


def test_a_network_admin_picks_a_site(app, client):
    site, _referent, _trainee, _admin = _world()
    network = make_user(Role.ADMIN)
    login(client, network)
    text = page_text(client.get("/activites/couverture"))
    assert "Choisissez un site." in text and site.name in text
    assert client.get("/activites/couverture.csv").status_code == 404
    response = client.get(f"/activites/couverture?site={site.id}")
    assert response.status_code == 200 and "coverage-map" in response.get_data(as_text=True)
    csv = client.get(f"/activites/couverture.csv?site={site.id}")
    assert "COG1" in csv.get_data(as_text=True)
    assert client.get("/activites/couverture?site=99999999").status_code == 404


def _queries(client: Any, url: str) -> int:
    with counting_queries() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_page_reads_a_constant_number_of_queries(app, client):
    site, referent, trainee, _admin = _world()
    login(client, referent)
    before = _queries(client, "/activites/couverture")
    for n in range(6):
        _activity(site, ["E2C-2A", "EMO1"], f"X{n}")
        other = make_user(Role.TRAINEE, site=site, referent=referent)
        _rated(referent, other, "E2C-2B", n)
        _noted(referent, trainee, "SOC1", CPS_FRAMEWORK, n)
    after = _queries(client, "/activites/couverture")
    assert before == after, (before, after)
    assert after <= 12, after


def test_an_inactive_site_answers_404(app, client):
    site = make_site()
    network = make_user(Role.ADMIN)
    site.active = False
    db.session.commit()
    login(client, network)
    assert client.get(f"/activites/couverture?site={site.id}").status_code == 404


def test_the_demo_shows_a_cps_gap_and_a_mixed_coverage(app, client):
    from portfolio.demo import seed_demo

    seed_demo()
    db.session.commit()
    users = {u.login: u for u in db.session.scalars(select(User))}
    login(client, users["referente"], "piano-rivage-28")
    lea = users["lea"]
    gap = page_text(client.get(f"/referent/stagiaires/{lea.id}/ecart?referentiel=cps"))
    assert "SOC1 · Communiquer de façon constructive" in gap.split("Par domaine")[0]
    result = coverage(users["referente"].site)
    statuses = {c.status for fc in result.frameworks for c in fc.cells}
    assert {Status.RECENT, Status.NEVER} <= statuses
    assert any(c.activities for fc in result.frameworks for c in fc.cells)
    assert any(
        c.status is Status.RECENT for c in result.frameworks[1].cells
    )  # the CPS are observed too
    assert client.get("/activites/couverture").status_code == 200
