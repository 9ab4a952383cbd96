"""The funders' report: numbers on a fixed dataset, the CSV, no name or id of a person, the
small-count rule, who may see it, and a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from builders_referent import COMP_A, COMP_B, COMP_C, make_level
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.followup.services import reports
from portfolio.followup.services.contacts import ContactInput, record_contact
from portfolio.models import (
    AnonymousExit,
    AssessmentSource,
    FollowUpContact,
    ReferentAssignment,
    Role,
    Site,
    User,
)
from portfolio.privacy.services.erasure import erase_and_commit

# (left on, outcome, days in the path, {month: (method, situation)})
EXITS = [
    (date(2025, 3, 1), "cdi", 181, {6: ("telephone", "cdi"), 12: ("telephone", "cdi")}),
    (date(2025, 4, 1), "cdi", 182, {6: ("message", "cdd"), 12: ("sans_reponse", None)}),
    (date(2025, 5, 1), "cdd", 181, {}),
    (date(2025, 6, 1), "formation", 151, {6: ("rencontre", "formation")}),
    (date(2025, 7, 1), "cdi", 181, {6: ("telephone", "cdi")}),
    (date(2025, 8, 1), "sans_solution", 181, {6: ("telephone", "cdi")}),
    (date(2025, 9, 1), "cdi", 200, {6: ("telephone", "cdi")}),
    (date(2025, 10, 1), "cdi", 100, {6: ("telephone", "cdi")}),
]


def _leaver(site: Site, referent: User, left_on: date, outcome: str, days: int, n: int) -> User:
    person = make_user(
        Role.TRAINEE, site=site, referent=referent, first_name=f"Zorglub{n}", last_name=f"Xyz{n}"
    )
    assignment = db.session.query(ReferentAssignment).filter_by(trainee_id=person.id).one()
    assignment.started_at = datetime.combine(
        left_on - timedelta(days=days), datetime.min.time(), UTC
    )
    record_exit(referent, person, ExitInput(left_on=left_on, outcome=outcome))
    db.session.commit()
    return person


def _record(referent: User, person: User, month: int, method: str, situation: str | None) -> None:
    contact = db.session.query(FollowUpContact).filter_by(trainee_id=person.id, month=month).one()
    record_contact(
        referent,
        contact,
        ContactInput(done_on=contact.due_on, method=method, situation=situation),
    )
    db.session.commit()


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


@pytest.fixture
def dataset(app: Any) -> dict[str, Any]:
    site = make_site(name="E2C Lys")
    referent = make_user(Role.REFERENT, site=site)
    people = []
    for n, (left_on, outcome, days, contacts) in enumerate(EXITS):
        person = _leaver(site, referent, left_on, outcome, days, n)
        for month, (method, situation) in contacts.items():
            _record(referent, person, month, method, situation)
        people.append(person)
    first, second, _third, fourth = people[:4]
    # Competencies reached during the path: first (A, twice: counted once), fourth (B).
    referent_level = {"source": AssessmentSource.REFERENT, "author": referent}
    make_level(first, COMP_A, 2, at=_at(date(2025, 1, 1)), **referent_level)
    make_level(first, COMP_A, 3, at=_at(date(2025, 2, 1)), **referent_level)
    make_level(first, COMP_B, 1, at=_at(date(2025, 2, 1)), **referent_level)  # below 2
    make_level(second, COMP_C, 2, at=_at(date(2025, 12, 1)), **referent_level)  # after exit
    make_level(fourth, COMP_B, 2, at=_at(date(2025, 3, 1)), **referent_level)
    make_level(fourth, COMP_C, 4, at=_at(date(2025, 3, 1)))  # self-assessment
    # Out of the period, and another site.
    _leaver(site, referent, date(2024, 12, 31), "cdd", 90, 90)
    other = make_site(name="E2C Autre")
    _leaver(other, make_user(Role.REFERENT, site=other), date(2025, 5, 5), "interim", 90, 91)
    return {"site": site, "referent": referent, "people": people, "other": other}


def test_the_numbers_of_a_year(dataset: dict[str, Any]) -> None:
    report = reports.build_report(dataset["site"], reports.year_period(2025))
    assert report.exits == 8
    assert dict(report.by_outcome) == {"cdi": 5, "cdd": 1, "formation": 1, "sans_solution": 1}
    assert dict(report.at_month[6]) == {"cdi": 5, "cdd": 1, "formation": 1, "non_renseigne": 1}
    assert dict(report.at_month[12]) == {"cdi": 1, "non_renseigne": 7}
    assert report.median_days == 181
    assert report.competencies == 2
    network = reports.build_report(None, reports.year_period(2025))
    assert network.exits == 9
    assert network.by_site == [("E2C Autre", 1), ("E2C Lys", 8)]


def _figures(report: reports.Report) -> tuple[Any, ...]:
    return (
        report.exits,
        dict(report.by_outcome),
        {m: dict(c) for m, c in report.at_month.items()},
        report.median_days,
        report.competencies,
        report.by_site,
    )


def test_erasing_people_who_left_changes_no_total(dataset: dict[str, Any]) -> None:
    """The erased exits stay counted (anonymous_exit), with their situations, their time in
    the path and their competencies."""
    periods = [reports.year_period(2025), reports.Period(date(2025, 4, 1), date(2025, 7, 31))]
    today = date(2026, 12, 1)
    scopes: list[Site | None] = [dataset["site"], None]
    before = [_figures(reports.build_report(s, p, today=today)) for s in scopes for p in periods]
    first, second, _third, fourth = dataset["people"][:4]
    assert before[0][4] == 2  # the first and the fourth gained the competencies
    for person in (first, second, fourth):
        erase_and_commit(person, actor=None, cause="request")
    assert db.session.scalar(select(func.count(AnonymousExit.id))) == 3
    after = [_figures(reports.build_report(s, p, today=today)) for s in scopes for p in periods]
    assert after == before


def test_a_date_range_and_the_months_not_yet_come(dataset: dict[str, Any]) -> None:
    period = reports.Period(date(2025, 6, 1), date(2025, 8, 31))
    report = reports.build_report(dataset["site"], period, today=date(2025, 12, 15))
    assert report.exits == 3
    assert report.at_month[6] == {"formation": 1, "cdi": 2}
    assert report.at_month[12] == {"pas_encore": 3}
    assert not report.enough and report.median_days is None and report.competencies is None


def test_the_page_shows_small_counts_as_less_than_5_and_no_person(
    dataset: dict[str, Any], client: Any
) -> None:
    login(client, make_user(Role.ADMIN, site=dataset["site"]))
    html = page_text(client.get("/admin/rapports?annee=2025"))
    assert "Rapport des sorties" in html and "E2C Lys" in html
    cdi = html[html.index("Emploi en CDI") :]
    assert cdi.split("<td>")[1].startswith("5<")  # five in CDI: shown
    cdd = html[html.index("Emploi en CDD") :]
    assert cdd.split("<td>")[1].startswith("< 5<")  # one in CDD: hidden
    assert "181 jours" in html
    assert "Télécharger en CSV" in html
    _no_person(html, dataset)


def test_under_5_exits_the_path_figures_are_not_published(
    dataset: dict[str, Any], client: Any
) -> None:
    login(client, make_user(Role.ADMIN, site=dataset["site"]))
    html = page_text(client.get("/admin/rapports?du=2025-06-01&au=2025-08-31"))
    assert "ne sont pas publiées" in html and "jours" not in html.split("Le parcours")[1]


def test_the_csv(dataset: dict[str, Any], client: Any) -> None:
    login(client, make_user(Role.ADMIN, site=dataset["site"]))
    response = client.get("/admin/rapports.csv?annee=2025")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "rapport-sorties-2025-01-01-2025-12-31.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    lines = text.splitlines()
    assert lines[0] == "Rubrique;Ligne;Nombre"
    assert "Sorties;Total;8" in lines
    assert "Sorties par situation;Emploi en CDI;5" in lines
    assert "Sorties par situation;Emploi en CDD;< 5" in lines
    assert "Situation à 12 mois;Non renseigné;7" in lines
    assert "Parcours;Durée médiane (jours);181" in lines
    _no_person(text, dataset)


def test_the_network_admin_sees_the_network_and_each_site(
    dataset: dict[str, Any], client: Any
) -> None:
    login(client, make_user(Role.ADMIN))
    html = page_text(client.get("/admin/rapports?annee=2025"))
    assert "Tout le réseau" in html and "Sorties par site" in html and "E2C Autre" in html
    one = page_text(client.get(f"/admin/rapports?annee=2025&site={dataset['other'].id}"))
    assert "Sorties par site" not in one
    csv = client.get(f"/admin/rapports.csv?annee=2025&site={dataset['other'].id}")
    assert "Sorties;Total;< 5" in csv.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("annee=25", "4 chiffres"),
        ("annee=deux", "4 chiffres"),
        ("du=2025-05-01&au=2025-01-01", "avant"),
    ],
)
def test_a_wrong_period_says_why(
    dataset: dict[str, Any], client: Any, query: str, says: str
) -> None:
    login(client, make_user(Role.ADMIN, site=dataset["site"]))
    response = client.get(f"/admin/rapports?{query}")
    assert response.status_code == 200
    html = page_text(response)
    assert says in html and "Sorties par situation" not in html


def test_who_may_see_the_report(dataset: dict[str, Any], app: Any) -> None:
    site, other = dataset["site"], dataset["other"]
    admin_b = make_user(Role.ADMIN, site=other)
    client = app.test_client()
    login(client, admin_b)
    assert client.get(f"/admin/rapports?site={site.id}").status_code == 404
    assert client.get(f"/admin/rapports.csv?site={site.id}").status_code == 404
    assert client.get("/admin/rapports?site=abc").status_code == 404
    assert client.get("/admin/rapports?site=99999999999").status_code == 404
    own = page_text(client.get("/admin/rapports?annee=2025"))
    assert "E2C Autre" in own and "E2C Lys" not in own
    for role in (Role.REFERENT, Role.TRAINEE, Role.COMPANY):
        client = app.test_client()
        login(client, make_user(role, site=site))
        assert client.get("/admin/rapports").status_code == 404, role
        assert client.get("/admin/rapports.csv").status_code == 404, role


def test_the_report_runs_the_same_queries_for_3_or_30_exits(app: Any) -> None:
    counts = {}
    for size in (3, 30):
        site = make_site()
        referent = make_user(Role.REFERENT, site=site)
        for n in range(size):
            person = _leaver(site, referent, date(2025, 1, 1) + timedelta(days=n * 7), "cdi", 90, n)
            make_level(
                person,
                COMP_A,
                2,
                source=AssessmentSource.REFERENT,
                author=referent,
                at=_at(date(2024, 12, 1)),
            )
            _record(referent, person, 6, "telephone", "cdd")
            if n % 3 == 0:  # erased people are counted from anonymous_exit
                erase_and_commit(person, actor=None, cause="request")
        client = app.test_client()
        login(client, make_user(Role.ADMIN, site=site))
        client.get("/admin/rapports?annee=2025")
        with counting_queries() as statements:
            response = client.get("/admin/rapports?annee=2025")
        assert response.status_code == 200
        counts[size] = len(statements)
    assert counts[3] == counts[30], counts


def _no_person(output: str, dataset: dict[str, Any]) -> None:
    for person in dataset["people"]:
        assert person.first_name not in output
        assert person.last_name not in output
        assert person.login not in output
        assert person.public_id not in output
        assert f"/stagiaires/{person.id}" not in output
    assert dataset["referent"].last_name not in output
