"""One write path for assessments: every stream builds its rows through ``record_assessment``.

The self, referent, game and tutor streams each keep their own rules in their room, then call
the same function, which checks what every stream must respect and records the framework
version the evidence names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders_game import statement, trainee_with_referent
from builders_referent import COMP_A, make_internship, make_trace, team
from builders_traces import retire
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.game_link.services import game_evidence
from portfolio.internships import services as internships
from portfolio.models import Assessment, AssessmentSource, GameStatement, Role
from portfolio.services import assessments
from portfolio.services.frameworks import framework

PORTFOLIO = Path(__file__).resolve().parents[3] / "portfolio"
BUILDS_AN_ASSESSMENT = re.compile(r"\bAssessment\(")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Assessment)) or 0


def test_no_module_but_the_write_path_builds_an_assessment():
    builders = sorted(
        str(path.relative_to(PORTFOLIO))
        for path in PORTFOLIO.rglob("*.py")
        if "models" not in path.parts and BUILDS_AN_ASSESSMENT.search(path.read_text("utf-8"))
    )
    assert builders == ["services/assessments.py"]


def test_a_source_without_its_own_rules_is_observed_by_a_referent_and_the_game_stops_at_2():
    # A new source (collective observation, interview practice) is one line in the enum.
    assert assessments.stream(AssessmentSource.REFERENT) == assessments.Stream()
    assert assessments.stream(AssessmentSource.GAME).top_level == 2
    assert assessments.stream(AssessmentSource.TUTOR).author is assessments.Author.NO_ACCOUNT


def test_a_referent_level_naming_another_trainees_trace_is_refused_and_writes_nothing(client):
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    foreign = make_trace(other)
    login(client, referent)

    response = client.post(
        f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}",
        data={
            "competency_id": COMP_A,
            "level": "3",
            "justification": "Vu en atelier.",
            "trace_ids": [str(foreign.id)],
        },
    )

    assert "Une des traces choisies n'est pas dans le portfolio de ce stagiaire" in page_text(
        response
    )
    assert _count() == 0


def test_a_confirmed_game_statement_keeps_the_framework_version_it_was_tagged_with(monkeypatch):
    trainee, referent = trainee_with_referent()
    tagged_with = framework().version
    game_evidence.ingest(trainee, [statement(trainee)])
    db.session.commit()
    sent = db.session.scalar(select(GameStatement))
    newer = retire(monkeypatch, "E2C-1C", replaced_by="E2C-1A")  # a newer file is loaded

    confirmed = game_evidence.confirm(referent, sent)
    db.session.commit()

    assert newer.version != tagged_with
    assert sorted((a.competency_id, a.framework_version) for a in confirmed) == [
        ("E2C-1C", tagged_with),
        ("E2C-5B", tagged_with),
    ]


def test_the_self_stream_refuses_what_the_referent_stream_may_write():
    _site, referent, trainee = team()
    with pytest.raises(assessments.AssessmentError, match="auto-évaluation"):
        assessments.record_assessment(
            AssessmentSource.SELF,
            trainee,
            referent,
            COMP_A,
            2,
            framework().version,
            framework_id=framework().id,
        )
    with pytest.raises(assessments.AssessmentError, match="Choisissez un niveau entre 1 et 2"):
        assessments.record_assessment(
            AssessmentSource.GAME,
            trainee,
            referent,
            COMP_A,
            3,
            framework().version,
            framework_id=framework().id,
        )
    assert _count() == 0


def test_the_tutor_stream_names_the_tutor_and_goes_through_the_same_path():
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()

    [row] = internships.submit_tutor_assessment(token, {COMP_A: "3"}, {COMP_A: "Souriant.\r\n"})
    db.session.commit()

    assert (row.source, row.author_id, row.author_label) == (
        AssessmentSource.TUTOR,
        None,
        internship.tutor_name,
    )
    assert (row.level, row.comment, row.framework_version) == (3, "Souriant.", framework().version)
