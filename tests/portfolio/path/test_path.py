"""The personalised path: ranking and its reasons, requests, the team's answers, access.

Each proposal says why in one sentence; the same data gives the same path; the ranking reads
two queries whatever the number of sessions and activities. Bad input changes nothing.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from builders_referent import COMP_A, COMP_B, FW, VERSION, make_trace, team
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.activities.services import catalogue, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    AssessmentSource,
    Objective,
    ObjectiveOrigin,
    PathRequest,
    PathRequestStatus,
    ProfessionalProject,
    ProjectTrade,
    Role,
    SessionParticipant,
)
from portfolio.path.services import ranking
from portfolio.path.services import requests as svc
from portfolio.services import assessments
from portfolio.services.errors import NotFound
from portfolio.services.frameworks import frameworks

TODAY = date.today()


def _activity(site: Any, code: str, targets: list[str], size: int = 10) -> Activity:
    raw = {
        "code": code,
        "title": f"Atelier {code}",
        "kind": "atelier",
        "duration": "120",
        "group_size": str(size),
        "description": "",
        "targets": targets,
    }
    activity = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
    db.session.commit()
    return activity


def _session(referent: Any, activity: Activity, trainees: list[Any], days: int = 2) -> Any:
    found = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            day=TODAY + timedelta(days=days),
            start_time=time(9),
            end_time=time(11),
            trainee_ids=[t.id for t in trainees],
        ),
    )
    db.session.commit()
    return found


def _evidence(trainee: Any, *competencies: str) -> None:
    """A trace in each competency, so "never evidenced" does not speak for them."""
    make_trace(trainee, competencies=competencies)


def _rate(trainee: Any, referent: Any, competency: str, mine: int, theirs: int) -> None:
    for source, author, level in (
        (AssessmentSource.SELF, trainee, mine),
        (AssessmentSource.REFERENT, referent, theirs),
    ):
        assessments.record_assessment(
            source, trainee, author, competency, level, VERSION, framework_id=FW
        )
    db.session.commit()


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site)
    return {"site": site, "referent": referent, "trainee": trainee, "other": other}


# -- ranking and reasons ----------------------------------------------------------------------


def test_an_open_objective_comes_first_and_names_the_objective(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    _evidence(trainee, COMP_A, COMP_B)
    _session(referent, _activity(site, "A", [COMP_A]), [world["other"]])
    _session(referent, _activity(site, "B", [COMP_B]), [world["other"]])
    db.session.add(
        Objective(
            trainee_id=trainee.id, author_id=referent.id, title="Parler en groupe",
            framework_id=FW, framework_version=VERSION, competency_id=COMP_B,
            due_on=TODAY + timedelta(days=30),
        )
    )  # fmt: skip
    db.session.commit()
    path = ranking.path_for(trainee)
    assert [p.title for p in path] == ["Atelier B"]
    assert path[0].is_session
    assert path[0].reason.sentence() == "Pour votre objectif « Parler en groupe »."


def test_the_largest_gap_wins_and_is_named(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    _evidence(trainee, COMP_A, COMP_B)
    _rate(trainee, referent, COMP_A, 4, 3)
    _rate(trainee, referent, COMP_B, 4, 1)
    _activity(site, "A", [COMP_A])
    _activity(site, "B", [COMP_B])
    path = ranking.path_for(trainee)
    assert [p.title for p in path] == ["Atelier B", "Atelier A"]
    assert path[0].reason.kind is ranking.ReasonKind.GAP
    assert path[0].reason.sentence().startswith("Votre référent et vous ne voyez pas pareil « ")
    assert path[0].score == 3 * ranking.WEIGHTS[ranking.ReasonKind.GAP]


def test_a_competency_never_evidenced_is_proposed_and_evidenced_ones_are_not(world):
    site, trainee = world["site"], world["trainee"]
    _evidence(trainee, COMP_A)
    _activity(site, "A", [COMP_A])
    _activity(site, "B", [COMP_B])
    path = ranking.path_for(trainee)
    assert [p.title for p in path] == ["Atelier B"]
    label = frameworks()[FW].competency(COMP_B).everyday()
    assert path[0].reason.sentence() == f"Vous n'avez pas encore de trace pour « {label} »."


def test_a_trade_of_the_project_names_the_trade(world):
    site, trainee = world["site"], world["trainee"]
    from portfolio.orientation.services.profiles import profiles
    from portfolio.services.rome import rome

    profile = profiles().get("A1208")
    assert profile is not None
    needed = profile.competencies[0]
    _evidence(trainee, needed, COMP_A)
    _activity(site, "T", [needed])
    _activity(site, "A", [COMP_A])
    db.session.add(
        ProfessionalProject(
            trainee_id=trainee.id,
            trades=[ProjectTrade(rome_code="A1208", grand_domaine="A", position=0)],
        )
    )
    db.session.commit()
    path = ranking.path_for(trainee)
    assert [p.title for p in path] == ["Atelier T"]
    assert path[0].reason.sentence() == f"Utile pour le métier « {rome().label('A1208')} »."


def test_full_past_joined_and_other_site_sessions_are_never_proposed(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    full = _activity(site, "FULL", [COMP_A], size=1)
    _session(referent, full, [world["other"]])
    _session(referent, _activity(site, "IN", [COMP_A]), [trainee])
    elsewhere_site, elsewhere_ref, _t = team(make_site())
    _session(elsewhere_ref, _activity(elsewhere_site, "AWAY", [COMP_A]), [_t])
    past = _session(referent, _activity(site, "PAST", [COMP_B]), [world["other"]])
    past.day = TODAY - timedelta(days=1)
    db.session.commit()
    titles = [p.title for p in ranking.path_for(trainee)]
    # The activities stay proposable as "some day" (no session open to the trainee).
    assert "Atelier AWAY" not in titles
    assert all(p.session_id is None for p in ranking.path_for(trainee))


def test_same_data_same_path_and_an_activity_with_a_session_shows_once(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    activity = _activity(site, "A", [COMP_A])
    session = _session(referent, activity, [world["other"]])
    first = ranking.path_for(trainee)
    assert [(p.activity_id, p.session_id) for p in first] == [(activity.id, session.id)]
    assert ranking.path_for(trainee) == first


def test_the_ranking_reads_two_queries_whatever_the_number_of_candidates(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    _activity(site, "A0", [COMP_A])
    db.session.expire_all()
    with counting_queries() as few:
        ranking.path_for(trainee)
    for n in range(1, 15):
        activity = _activity(site, f"A{n}", [COMP_A, COMP_B])
        _session(referent, activity, [world["other"]], days=n)
    db.session.expire_all()
    with counting_queries() as many:
        path = ranking.path_for(trainee)
    assert len(path) == 15
    selects = [s for s in many if s.startswith("SELECT")]
    assert len(few) == len(many)
    assert len(selects) == 3  # the two of the ranking, and the trainee reloaded (expire_all)


# -- requests -----------------------------------------------------------------------------------


def test_join_confirm_puts_the_trainee_in_the_group(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    session = _session(referent, _activity(site, "A", [COMP_A]), [world["other"]])
    request = svc.ask_to_join(trainee, session.id)
    assert svc.ask_to_join(trainee, session.id).id == request.id  # twice: once
    db.session.commit()
    assert ranking.path_for(trainee)[0].pending
    svc.confirm(referent, request.id)
    db.session.commit()
    assert request.status is PathRequestStatus.CONFIRMED
    assert {p.trainee_id for p in session.participants} == {world["other"].id, trainee.id}
    assert ranking.path_for(trainee) == []  # in the group: nothing left to propose


def test_refusals_change_nothing(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    full = _session(referent, _activity(site, "F", [COMP_A], size=1), [world["other"]])
    with pytest.raises(svc.PathError, match="complète"):
        svc.ask_to_join(trainee, full.id)
    past = _session(referent, _activity(site, "P", [COMP_A]), [world["other"]])
    past.day = TODAY - timedelta(days=3)
    db.session.commit()
    with pytest.raises(svc.PathError, match="passée"):
        svc.ask_to_join(trainee, past.id)
    elsewhere_site, elsewhere_ref, away_trainee = team(make_site())
    away = _session(elsewhere_ref, _activity(elsewhere_site, "X", [COMP_A]), [away_trainee])
    for bad in (away.id, 0, -1, 2**40, "1"):
        with pytest.raises(NotFound):
            svc.ask_to_join(trainee, bad)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        svc.mark_interest(trainee, away.activity_id)
    with pytest.raises(svc.PathError):
        svc.ask_to_join(referent, past.id)
    db.session.rollback()
    assert db.session.scalar(select(func.count(PathRequest.id))) == 0


def test_someone_elses_request_is_a_404_and_a_decided_one_cannot_be_withdrawn(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    request = svc.mark_interest(trainee, _activity(site, "A", [COMP_A]).id)
    db.session.commit()
    with pytest.raises(NotFound):
        svc.withdraw(world["other"], request.id)
    _s, away_referent, _t = team(make_site())
    with pytest.raises(NotFound):
        svc.confirm(away_referent, request.id)
    with pytest.raises(svc.PathError, match="mot"):
        svc.decline(referent, request.id, "   ")
    svc.decline(referent, request.id, "Pas ce mois-ci, on en parle au bilan.")
    db.session.commit()
    with pytest.raises(svc.PathError, match="déjà répondu"):
        svc.withdraw(trainee, request.id)
    with pytest.raises(svc.PathError, match="déjà répondu"):
        svc.confirm(referent, request.id)


def test_a_full_session_at_confirm_time_is_refused(world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    session = _session(referent, _activity(site, "A", [COMP_A], size=2), [world["other"]])
    request = svc.ask_to_join(trainee, session.id)
    db.session.commit()
    late = make_user(Role.TRAINEE, site=site)
    sessions.add_participant(referent, session, late)
    db.session.commit()
    with pytest.raises(svc.PathError, match="complète"):
        svc.confirm(referent, request.id)
    db.session.rollback()
    assert request.status is PathRequestStatus.PENDING


# -- web ----------------------------------------------------------------------------------------


def test_the_trainee_asks_undoes_and_the_referent_confirms_on_the_web(client, world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    session = _session(referent, _activity(site, "A", [COMP_A]), [world["other"]])
    login(client, trainee)
    home = page_text(client.get("/"))
    assert "Pour vous en ce moment" in home and "Atelier A" in home
    assert "Vous n'avez pas encore de trace pour" in home
    answer = client.post(f"/mon-parcours/seances/{session.id}/demande", data={"next": "/"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/")
    assert "Demande envoyée" in page_text(client.get("/"))
    request = db.session.scalar(select(PathRequest))
    assert request is not None
    client.post(f"/mon-parcours/demandes/{request.id}/retirer", data={})
    assert db.session.scalar(select(func.count(PathRequest.id))) == 0
    client.post(f"/mon-parcours/seances/{session.id}/demande", data={})
    request = db.session.scalar(select(PathRequest))
    assert request is not None
    client.post("/deconnexion")
    login(client, referent)
    text = page_text(client.get("/parcours/demandes"))
    assert trainee.full_name in text and "Confirmer la place" in text
    client.post(f"/parcours/demandes/{request.id}/confirmer", data={})
    assert (
        db.session.scalar(
            select(func.count(SessionParticipant.id)).where(
                SessionParticipant.trainee_id == trainee.id
            )
        )
        == 1
    )


def test_web_refusals_and_404s(client, world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    _s, away_referent, away_trainee = team(make_site())
    away = _session(away_referent, _activity(_s, "X", [COMP_A]), [away_trainee])
    full = _session(referent, _activity(site, "F", [COMP_A], size=1), [world["other"]])
    login(client, trainee)
    assert client.post(f"/mon-parcours/seances/{away.id}/demande").status_code == 404
    assert client.post(f"/mon-parcours/activites/{away.activity_id}/interet").status_code == 404
    assert client.post("/mon-parcours/demandes/999/retirer").status_code == 404
    answer = client.post(f"/mon-parcours/seances/{full.id}/demande", follow_redirects=True)
    assert "Cette séance est complète" in page_text(answer)
    assert client.get("/parcours/demandes").status_code == 404
    assert db.session.scalar(select(func.count(PathRequest.id))) == 0


def test_the_trainee_writes_an_objective_and_the_referent_sees_who_proposed_it(client, world):
    referent, trainee = world["referent"], world["trainee"]
    login(client, trainee)
    due = (TODAY + timedelta(days=20)).isoformat()
    answer = client.post(
        "/mon-parcours",
        data={"title": "Arriver à l'heure", "target": COMP_A, "due_on": due},
        follow_redirects=True,
    )
    assert "Votre objectif est noté" in page_text(answer)
    objective = db.session.scalar(select(Objective))
    assert objective is not None and objective.origin is ObjectiveOrigin.TRAINEE
    for bad in ({"title": "", "target": COMP_A, "due_on": due},
                {"title": "x", "target": "E2C-99Z", "due_on": due},
                {"title": "x", "target": COMP_A, "due_on": "2001-01-01"}):  # fmt: skip
        client.post("/mon-parcours", data=bad)
    assert db.session.scalar(select(func.count(Objective.id))) == 1
    client.post("/deconnexion")
    login(client, referent)
    text = page_text(client.get(f"/referent/stagiaires/{trainee.id}"))
    assert f"Proposé par {trainee.first_name}" in text


def test_the_home_keeps_its_query_budget(client, world):
    site, referent, trainee = world["site"], world["referent"], world["trainee"]
    login(client, trainee)
    _session(referent, _activity(site, "FIRST", [COMP_A]), [world["other"]])
    client.get("/")  # the summary and the menu are kept in memory after the first visit
    with counting_queries() as few:
        client.get("/")
    for n in range(12):
        _session(referent, _activity(site, f"A{n}", [COMP_A, COMP_B]), [world["other"]], n + 1)
    with counting_queries() as many:
        client.get("/")
    assert len(few) == len(many)
