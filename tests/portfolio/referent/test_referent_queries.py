"""The caseload and the gap page run the same number of SQL queries, whatever the number of
traces (5 or 50 per trainee) and of trainees (2 or 10)."""

from __future__ import annotations

from datetime import timedelta

from builders_referent import (
    COMP_A,
    COMP_B,
    COMP_C,
    make_level,
    make_note,
    make_statement,
    make_trace,
    team,
)

from builders import counting_queries, login, make_user
from portfolio.extensions import db
from portfolio.models import AssessmentSource, Role, utcnow
from portfolio.referent import services as svc


def _fill(trainee, referent, traces: int) -> None:
    start = utcnow() - timedelta(days=60)
    for n in range(traces):
        make_trace(
            trainee,
            competencies=(COMP_A, COMP_B) if n % 2 else (COMP_C,),
            created_at=start + timedelta(hours=n),
            commit=False,
        )
    for n, competency in enumerate((COMP_A, COMP_B, COMP_C)):
        make_level(trainee, competency, 1 + n, commit=False)
        make_level(
            trainee, competency, 2, source=AssessmentSource.REFERENT, author=referent, commit=False
        )
    db.session.commit()
    make_statement(trainee)
    make_note(referent, trainee)
    svc.create_review(referent, trainee, svc.ReviewInput(held_on=start.date(), participants="Léa"))
    db.session.commit()


def _queries(client, url: str) -> int:
    client.get(url)  # warm: caches, first connection
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def _caseload_world(trainees: int, traces: int):
    site, referent, first = team()
    people = [first] + [
        make_user(Role.TRAINEE, site=site, referent=referent) for _ in range(trainees - 1)
    ]
    for trainee in people:
        _fill(trainee, referent, traces)
    return referent, people


def test_caseload_queries_do_not_grow_with_traces_or_trainees(app):
    counts = {}
    for trainees, traces in ((2, 5), (2, 50), (10, 5)):
        referent, _people = _caseload_world(trainees, traces)
        client = app.test_client()
        login(client, referent)
        counts[(trainees, traces)] = _queries(client, "/referent/stagiaires")
        text = client.get("/referent/stagiaires").get_data(as_text=True)
        assert text.count('href="/referent/stagiaires/') >= trainees
    assert counts[(2, 5)] == counts[(2, 50)] == counts[(10, 5)], counts
    # 15 before the followed trainees became a subquery and the menu's counts one query.
    assert counts[(2, 5)] <= 6, counts


def test_gap_page_queries_do_not_grow_with_traces(app):
    counts = {}
    for traces in (5, 50):
        referent, people = _caseload_world(1, traces)
        trainee = people[0]
        for n in range(traces):  # more levels too: the history grows, the queries do not
            make_level(trainee, COMP_A, 1 + n % 4, commit=False)
        db.session.commit()
        client = app.test_client()
        login(client, referent)
        counts[traces] = _queries(client, f"/referent/stagiaires/{trainee.id}/ecart")
        whole = _queries(client, f"/referent/stagiaires/{trainee.id}/ecart/progression")
        counts[f"progression {traces}"] = whole
    assert counts[5] == counts[50], counts
    assert counts["progression 5"] == counts["progression 50"] <= counts[5], counts
    # 7, the one INSERT of the audit of reads, and the disagreements with observations (one);
    # it was 13 before the followed-trainees statement was shared
    assert counts[5] <= 9, counts
