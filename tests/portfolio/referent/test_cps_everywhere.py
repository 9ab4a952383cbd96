"""The psychosocial competencies (CPS) wherever the E2C framework is: the trainee's
self-assessment, the referent's assessment, the gap view (both sides) and the cohort view,
through a "Compétences E2C" / "Compétences psychosociales" switch (``?referentiel=cps``).

The framework file decides the scale: with a CPS scale shorter than the E2C one, the screens
show the CPS labels and a level valid on E2C but not on CPS is refused, nothing written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from builders_referent import team
from sqlalchemy import func, select

from builders import counting_queries, login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, Role
from portfolio.services.assessments import AssessmentError, record_self_assessment
from portfolio.services.frameworks import CPS_FRAMEWORK, EXTENSION_KEY
from referentiel import Frameworks

COG1 = "COG1"  # "Avoir conscience de soi", everyday words "Se connaître"


def _rows() -> int:
    return int(db.session.scalar(select(func.count(Assessment.id))) or 0)


@pytest.fixture
def short_cps_scale(app: Any) -> None:
    """The CPS file with its own scale: 1 to 3, its own words (4 is E2C only)."""
    loaded: Frameworks = app.extensions[EXTENSION_KEY]
    cps = loaded[CPS_FRAMEWORK]
    words = {1: "Je découvre", 2: "Je pratique", 3: "Je maîtrise"}
    levels = tuple(
        dataclasses.replace(lv, label=words.get(lv.code, lv.label), label_en=None)
        for lv in cps.levels
        if lv.code <= 3
    )
    short = dataclasses.replace(cps, levels=levels)
    app.extensions[EXTENSION_KEY] = Frameworks(
        short if fw.id == CPS_FRAMEWORK else fw for fw in loaded.values()
    )


def test_the_cps_scale_decides_the_levels_shown_and_accepted(app, client, short_cps_scale):
    _site, _referent, trainee = team()
    login(client, trainee)
    page = page_text(client.get(f"/portfolio/competences/{COG1}"))
    assert "Se connaître" in page and "Je maîtrise" in page and "Je transfère" not in page
    response = client.post(f"/portfolio/competences/{COG1}", data={"level": "4"})
    assert response.status_code == 422
    assert "Choisissez un niveau entre 1 et 3." in page_text(response)
    assert _rows() == 0
    with pytest.raises(AssessmentError, match="entre 1 et 3"):
        record_self_assessment(trainee, COG1, 4, framework_id=CPS_FRAMEWORK)
    db.session.rollback()
    assert _rows() == 0
    # The same level is valid on the E2C scale.
    record_self_assessment(trainee, "E2C-1A", 4)
    db.session.commit()
    response = client.post(f"/portfolio/competences/{COG1}", data={"level": "3"})
    assert response.status_code == 302
    saved = db.session.scalars(select(Assessment).where(Assessment.competency_id == COG1)).one()
    assert (saved.framework_id, saved.level) == (CPS_FRAMEWORK, 3)
    assert "Je maîtrise" in page_text(client.get(f"/portfolio/competences/{COG1}"))


def test_the_competencies_page_switches_framework(client):
    _site, _referent, trainee = team()
    login(client, trainee)
    e2c = client.get("/portfolio/competences").get_data(as_text=True)
    assert f'href="/portfolio/competences/{COG1}"' not in e2c
    assert 'href="/portfolio/competences?referentiel=cps"' in e2c
    cps = client.get("/portfolio/competences?referentiel=cps").get_data(as_text=True)
    assert f'href="/portfolio/competences/{COG1}"' in cps
    assert 'href="/portfolio/competences?referentiel=cps" aria-current="page"' in cps
    # An unknown framework falls back to E2C, without an error.
    unknown = client.get("/portfolio/competences?referentiel=nimporte")
    assert unknown.status_code == 200
    assert 'href="/portfolio/competences/E2C-1A"' in unknown.get_data(as_text=True)
    assert client.get("/portfolio/competences/NOPE1").status_code == 404


def _as(app: Any, person: Any) -> Any:
    client = app.test_client()
    login(client, person)
    return client


def _cps_gap(client: Any, referent: Any, trainee: Any) -> None:
    """The trainee says 3 on COG1, the referent 1 (through their pages); ``client`` ends
    logged in as the referent."""
    mine = _as(client.application, trainee)
    assert mine.post(f"/portfolio/competences/{COG1}", data={"level": "3"}).status_code == 302
    login(client, referent)
    response = client.post(
        f"/referent/stagiaires/{trainee.id}/evaluer?competence={COG1}",
        data={"competency_id": COG1, "level": "1", "justification": "Vu en atelier théâtre."},
    )
    assert response.status_code == 302, page_text(response)


def test_the_referent_assesses_cps_and_both_see_the_gap(app, client):
    _site, referent, trainee = team()
    _cps_gap(client, referent, trainee)
    row = db.session.scalars(
        select(Assessment).where(Assessment.source == AssessmentSource.REFERENT)
    ).one()
    assert (row.framework_id, row.competency_id, row.level) == (CPS_FRAMEWORK, COG1, 1)
    pick = client.get(f"/referent/stagiaires/{trainee.id}/evaluer?referentiel=cps")
    assert f"competence={COG1}" in pick.get_data(as_text=True)
    cps = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart?referentiel=cps"))
    talk = cps.split("À discuter au prochain bilan")[1].split("Par domaine")[0]
    assert "Avoir conscience de soi" in talk and "2 paliers au-dessus" in talk
    e2c = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart"))
    assert "Avoir conscience de soi" not in e2c
    client = _as(app, trainee)
    mine = page_text(client.get("/mon-suivi/ecart?referentiel=cps"))
    assert "Avoir conscience de soi" in mine.split("Par domaine")[0]
    assert "Avoir conscience de soi" not in page_text(client.get("/mon-suivi/ecart?referentiel=x"))


def test_the_cohort_views_switch_to_cps(app, client):
    site, referent, trainee = team()
    _cps_gap(client, referent, trainee)
    cps = page_text(client.get("/referent/cohorte?referentiel=cps"))
    assert "COG1 · Avoir conscience de soi" in cps
    assert "COG1" not in page_text(client.get("/referent/cohorte"))
    admin = _as(app, make_user(Role.ADMIN, site=site))
    assert "COG1 · Avoir conscience de soi" in page_text(
        admin.get("/referent/site/cohorte?referentiel=cps")
    )


def _queries(client: Any, url: str) -> int:
    with counting_queries() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_cps_pages_read_as_many_queries_as_the_e2c_ones(app, client):
    _site, referent, trainee = team()
    _cps_gap(client, referent, trainee)
    for url in (
        f"/referent/stagiaires/{trainee.id}/ecart",
        f"/referent/stagiaires/{trainee.id}/evaluer",
        "/referent/cohorte",
    ):
        e2c = _queries(client, url)
        cps = _queries(client, url + "?referentiel=cps")
        assert cps == e2c, (url, e2c, cps)
    mine = _as(app, trainee)
    assert _queries(mine, "/mon-suivi/ecart?referentiel=cps") == _queries(mine, "/mon-suivi/ecart")


def test_the_switch_reads_in_english(app, client):
    _site, referent, trainee = team()
    _cps_gap(client, referent, trainee)
    client.post("/langue", data={"lang": "en", "next": "/"})
    text = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart?referentiel=cps"))
    assert "Psychosocial competencies" in text and "E2C competencies" in text
    assert "Compétences psychosociales" not in text


def test_a_trainee_reads_everyday_words_for_the_psychosocial_competencies(app, client):
    """ "Psychosociales" is a word of the trade: the trainee's pages say "Moi et les autres"
    (the trace form adds the official name in small); the referent's keep the official one."""
    _site, referent, trainee = team()
    _cps_gap(client, referent, trainee)
    mine = app.test_client()
    login(mine, trainee)
    for path in ("/portfolio/competences", "/mon-suivi/ecart?referentiel=cps"):
        text = page_text(mine.get(path))
        assert "Moi et les autres" in text and "psychosociales" not in text, path
    theirs = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart?referentiel=cps"))
    assert "Compétences psychosociales" in theirs and "Moi et les autres" not in theirs


def test_a_trace_is_tagged_with_cps_and_e2c_competencies(app, client):
    from builders_traces import form_data

    from portfolio.models import Trace, TraceCompetency

    _site, _referent, trainee = team()
    login(client, trainee)
    form = client.get("/portfolio/traces/nouvelle?competence=COG1").get_data(as_text=True)
    assert "Moi et les autres" in form and "(compétences psychosociales)" in form
    assert 'name="competencies" value="COG1" checked' in form  # the one-tap prefill
    searched = page_text(
        client.post("/portfolio/traces/nouvelle", data=form_data(action="search", search="stress"))
    )
    assert "Gérer son stress" in searched
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(competencies=["COG1", "E2C-1A"]),
    )
    assert response.status_code == 302, page_text(response)
    trace = db.session.scalars(select(Trace)).one()
    tags = {
        (t.framework_id, t.competency_id)
        for t in db.session.scalars(
            select(TraceCompetency).where(TraceCompetency.trace_id == trace.id)
        )
    }
    assert tags == {("e2c-apc", "E2C-1A"), (CPS_FRAMEWORK, "COG1")}
    edit = client.get(f"/portfolio/traces/{trace.id}/modifier").get_data(as_text=True)
    assert 'name="competencies" value="COG1" checked' in edit
    assert "Compétences d'une ancienne liste" not in edit
