"""The collective observation grid: a referent records a whole session in one request; the
trainee sees their own row (shared notes only) and adds a trace in one tap.

Bad input says why in French and changes nothing; another site's session answers 404.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta
from typing import Any

import pytest
from builders_referent import team
from sqlalchemy import func, select

from builders import counting_queries, login, make_user, page_text
from portfolio.activities.services import catalogue, grid, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    GridSubmission,
    NoteCompetency,
    NoteSituation,
    NoteVisibility,
    Role,
    User,
)
from portfolio.services.frameworks import frameworks, store_versions

E2C = "e2c-apc"


def _activity(site: Any, targets: list[str], code: str = "CUISINE") -> Activity:
    raw = {
        "code": code,
        "title": "Cuisiner pour le groupe",
        "kind": "atelier",
        "duration": "120",
        "group_size": "30",
        "description": "On prépare le repas ensemble.",
        "targets": targets,
    }
    activity = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
    db.session.commit()
    return activity


def _session(referent: User, activity: Activity, trainees: list[User], days: int = 0) -> Any:
    found = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            day=date.today() + timedelta(days=days),
            start_time=time(9),
            end_time=time(11),
            place="Salle 1",
            trainee_ids=[t.id for t in trainees],
        ),
    )
    db.session.commit()
    return found


def _targets(e2c: int, cps: int) -> list[str]:
    """``e2c`` competencies of the E2C framework and ``cps`` of the CPS one, in use."""
    fws = frameworks()
    pick = [c.id for c in fws[E2C].competencies if not c.retired][:e2c]
    cps_fw = next(fw for fid, fw in fws.items() if fid != E2C and fid.startswith("cps"))
    return pick + [c.id for c in cps_fw.competencies if not c.retired][:cps]


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count(model.id))) or 0)


def _nothing_written() -> bool:
    return _count(ExplicitationNote) == _count(Assessment) == _count(GridSubmission) == 0


def _setup(trainees: int = 2, targets: tuple[int, int] = (1, 1)) -> tuple[Any, ...]:
    site, referent, first = team()
    group = [first] + [
        make_user(Role.TRAINEE, site=site, referent=referent) for _ in range(trainees - 1)
    ]
    activity = _activity(site, _targets(*targets))
    found = _session(referent, activity, group)
    columns = grid.columns(found)
    return site, referent, group, found, columns


def _form(cells: dict[str, str], remarks: dict[int, str] | None = None, **extra: str) -> dict:
    data = {"cle": str(uuid.uuid4()), "visibilite": "shared"} | extra
    data |= cells
    for trainee_id, text in (remarks or {}).items():
        data[f"remarque-{trainee_id}"] = text
    return data


def test_a_referent_records_the_session_and_the_trainee_sees_their_own_row(client):
    _site, referent, (ana, bob), found, (e2c, cps) = _setup()
    login(client, referent)
    page = client.get(f"/seances/{found.id}/grille")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'name="cell-{ana.id}-{e2c.key}"' in text and "observé" in text
    response = client.post(
        f"/seances/{found.id}/grille",
        data=_form(
            {f"cell-{ana.id}-{e2c.key}": "3", f"cell-{ana.id}-{cps.key}": grid.OBSERVED},
            {bob.id: "A aidé Ana à couper les légumes."},
        ),
    )
    assert response.status_code == 302
    assert "Grille enregistrée." in page_text(client.get(response.headers["Location"]))
    notes = {n.trainee_id: n for n in db.session.scalars(select(ExplicitationNote))}
    assert set(notes) == {ana.id, bob.id}
    assert notes[ana.id].situation_kind is NoteSituation.WORKSHOP
    assert notes[ana.id].observed_on == found.day
    assert notes[bob.id].observed.endswith("\nA aidé Ana à couper les légumes.")
    levels = {
        (c.framework_id, c.competency_id): c.level
        for c in db.session.scalars(
            select(NoteCompetency).where(NoteCompetency.note_id == notes[ana.id].id)
        )
    }
    assert levels == {(E2C, e2c.competency_id): 3, (cps.framework_id, cps.competency_id): None}
    rated = db.session.scalars(select(Assessment)).all()
    assert [(a.trainee_id, a.competency_id, a.level, a.source) for a in rated] == [
        (ana.id, e2c.competency_id, 3, AssessmentSource.REFERENT)
    ]
    # The trainee: their own row only, and "Ajouter ma trace" prefilled with the session.
    client.post("/deconnexion")
    login(client, ana)
    mine = client.get(f"/mes-ateliers/{found.id}").get_data(as_text=True)
    assert "(niveau 3)" in mine and "couper les légumes" not in mine
    assert f"competence={e2c.competency_id}" in mine and "titre=Cuisiner" in mine
    trace_form = client.get(
        f"/portfolio/traces/nouvelle?competence={e2c.competency_id}&titre=Cuisiner+pour+le+groupe"
    ).get_data(as_text=True)
    assert 'value="Cuisiner pour le groupe"' in trace_form
    assert f'value="{e2c.competency_id}" checked' in trace_form or (
        f'value="{e2c.competency_id}" selected' in trace_form
    )


def test_team_only_observations_stay_off_the_trainee_page(client):
    _site, referent, (ana, _bob), found, (e2c, _cps) = _setup()
    login(client, referent)
    data = _form({f"cell-{ana.id}-{e2c.key}": grid.OBSERVED}, visibilite="team")
    assert client.post(f"/seances/{found.id}/grille", data=data).status_code == 302
    note = db.session.scalar(select(ExplicitationNote))
    assert note is not None and note.visibility is NoteVisibility.TEAM
    client.post("/deconnexion")
    login(client, ana)
    assert "Observé pendant" not in page_text(client.get(f"/mes-ateliers/{found.id}"))


def test_the_same_grid_sent_twice_records_once_and_says_so(client):
    _site, referent, (ana, _bob), found, (e2c, _cps) = _setup()
    login(client, referent)
    data = _form({f"cell-{ana.id}-{e2c.key}": "2"})
    assert client.post(f"/seances/{found.id}/grille", data=data).status_code == 302
    again = client.post(f"/seances/{found.id}/grille", data=data, follow_redirects=True)
    assert "déjà enregistrée" in page_text(again)
    assert (_count(ExplicitationNote), _count(Assessment), _count(GridSubmission)) == (1, 1, 1)
    # The page tells the draft script which keys are saved, so it drops that draft.
    assert data["cle"] in client.get(f"/seances/{found.id}/grille").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("stranger", "n'est pas dans cette séance"),
        ("untargeted", "n'est pas visée par cette activité"),
        ("level5", "n'est pas sur l'échelle"),
        ("level_word", "n'est pas sur l'échelle"),
        ("not_followed", "Vous ne suivez pas"),
        ("no_key", "clé valide"),
        ("visibility", "Choisissez qui peut lire"),
        ("empty", "La grille est vide"),
        ("long_remark", "trop longue"),
    ],
)
def test_a_wrong_grid_is_refused_in_french_and_changes_nothing(client, change, message):
    site, referent, (ana, bob), found, (e2c, _cps) = _setup()
    cells = {f"cell-{ana.id}-{e2c.key}": "2", f"cell-{bob.id}-{e2c.key}": grid.OBSERVED}
    data = _form(cells)
    if change == "stranger":
        other = make_user(Role.TRAINEE, site=site, referent=referent)
        data[f"cell-{other.id}-{e2c.key}"] = "1"
    elif change == "untargeted":
        data[f"cell-{ana.id}-{E2C}:ZZZ"] = "1"
    elif change == "level5":
        data[f"cell-{bob.id}-{e2c.key}"] = "5"
    elif change == "level_word":
        data[f"cell-{bob.id}-{e2c.key}"] = "beaucoup"
    elif change == "not_followed":
        colleague = make_user(Role.REFERENT, site=site)
        followed_elsewhere = make_user(Role.TRAINEE, site=site, referent=colleague)
        found = _session(referent, found.activity, [ana, followed_elsewhere])
        data = _form({f"cell-{followed_elsewhere.id}-{e2c.key}": "2"})
    elif change == "no_key":
        data["cle"] = "pas-une-cle"
    elif change == "visibility":
        data["visibilite"] = "tout-le-monde"
    elif change == "empty":
        data = _form({})
    elif change == "long_remark":
        data[f"remarque-{ana.id}"] = "x" * 501
    login(client, referent)
    response = client.post(f"/seances/{found.id}/grille", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _nothing_written()


def test_a_grid_before_the_session_is_refused(client):
    site, referent, trainee = team()
    found = _session(referent, _activity(site, _targets(1, 0)), [trainee], days=2)
    (column,) = grid.columns(found)
    login(client, referent)
    data = _form({f"cell-{trainee.id}-{column.key}": "1"})
    response = client.post(f"/seances/{found.id}/grille", data=data)
    assert response.status_code == 422 and "pas encore eu lieu" in page_text(response)
    assert _nothing_written()


def test_another_sites_session_grid_is_404(client):
    site, referent, trainee = team()
    found = _session(referent, _activity(site, _targets(1, 0)), [trainee])
    (column,) = grid.columns(found)
    _other_site, other_referent, _ = team()
    login(client, other_referent)
    assert client.get(f"/seances/{found.id}/grille").status_code == 404
    data = _form({f"cell-{trainee.id}-{column.key}": "1"})
    assert client.post(f"/seances/{found.id}/grille", data=data).status_code == 404
    assert _nothing_written()


def _save(referent_id: int, session_id: int, columns: list[grid.Column]) -> int:
    """Save a full grid of the session (every cell rated, two remarks); the queries it ran."""
    db.session.expunge_all()  # as in a request: nothing loaded yet
    found = db.session.get(ActivitySession, session_id)
    referent = db.session.get(User, referent_id)
    assert found is not None and referent is not None
    trainees = [r.participant.trainee_id for r in grid.rows(referent, found)]
    cells = {(str(t), c.key): "2" for t in trainees for c in columns}
    data = grid.GridInput(
        client_key=str(uuid.uuid4()),
        visibility="shared",
        cells=cells,
        remarks={str(t): "Très à l'aise." for t in trainees[:2]},
    )
    with counting_queries() as statements:
        grid.save_grid(referent, found, data)
    db.session.commit()
    return len(statements)


def test_saving_a_grid_costs_the_same_queries_whatever_its_size():
    _s, small_ref, _g, small, small_cols = _setup(trainees=3, targets=(1, 1))
    _s, big_ref, _g, big, big_cols = _setup(trainees=15, targets=(4, 2))
    assert (len(small_cols), len(big_cols)) == (2, 6)
    store_versions()  # the once-per-deployment snapshot of the frameworks, not measured here
    db.session.commit()
    ids = (small_ref.id, small.id, big_ref.id, big.id)
    few = _save(ids[0], ids[1], small_cols)
    many = _save(ids[2], ids[3], big_cols)
    assert _count(Assessment) == 3 * 2 + 15 * 6
    assert few == many


def test_two_sends_at_the_same_instant_record_once(monkeypatch):
    _site, referent, (ana, _bob), found, (e2c, _cps) = _setup()
    key = str(uuid.uuid4())
    db.session.add(GridSubmission(session_id=found.id, author_id=referent.id, client_key=key))
    db.session.commit()
    monkeypatch.setattr(grid, "already_saved", lambda _key: False)  # the first check raced
    data = grid.GridInput(key, "shared", {(str(ana.id), e2c.key): "2"}, {})
    with pytest.raises(grid.GridAlreadySaved):
        grid.save_grid(referent, found, data)
    db.session.rollback()
    assert (_count(ExplicitationNote), _count(Assessment), _count(GridSubmission)) == (0, 0, 1)


def test_the_columns_read_in_everyday_words_with_the_code_in_a_tooltip(client):
    _site, referent, _group, found, (e2c, cps) = _setup()
    login(client, referent)
    text = page_text(client.get(f"/seances/{found.id}/grille"))
    for column in (e2c, cps):
        competency = column.competency
        assert competency is not None
        words = competency.everyday("fr")
        assert words != competency.code
        assert f'<abbr title="{competency.code} · {competency.label}">{words}</abbr>' in text
    assert f">{e2c.competency_id}</th>" not in text  # the bare code no longer heads a column
