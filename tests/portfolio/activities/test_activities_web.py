"""The activities pages as the team and the trainees use them, and every refusal.

Bad input changes nothing and says why in French; another site's records answer 404.
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from typing import Any

import pytest
from builders_referent import team
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from builders import login, make_site, make_user, page_text
from portfolio.activities.services import catalogue, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    Attendance,
    CatalogueEditors,
    Role,
    SavedGroup,
    SessionParticipant,
)
from portfolio.services.frameworks import frameworks

RAW = {
    "code": "CUISINE",
    "title": "Cuisiner pour le groupe",
    "kind": "atelier",
    "duration": "120",
    "group_size": "10",
    "description": "On prépare le repas ensemble.",
    "targets": ["E2C-2C", "SOC2"],
}


def _activity(site: Any, **changes: Any) -> Activity:
    activity = catalogue.create_activity(None, site, check_activity(RAW | changes, frameworks()))
    db.session.commit()
    return activity


def _session(
    referent: Any, activity: Activity, trainees: list[Any], days: int = 1
) -> ActivitySession:
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


def _as(client: Any, user: Any) -> None:
    """Log in as ``user``, after logging out whoever was logged in."""
    client.post("/deconnexion")
    login(client, user)


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count(model.id))) or 0)


# -- catalogue -------------------------------------------------------------------------------


def test_a_referent_creates_an_activity_and_finds_it_by_competency(client):
    _site, referent, _trainee = team()
    login(client, referent)
    response = client.post("/activites/nouvelle", data=RAW | {"targets": ["E2C-2C", "SOC2"]})
    assert response.status_code == 302
    page = page_text(client.get("/activites?competence=SOC2"))
    assert "Cuisiner pour le groupe" in page
    assert "Cuisiner pour le groupe" not in page_text(client.get("/activites?competence=E2C-1A"))
    assert "Cuisiner pour le groupe" not in page_text(client.get("/activites?type=forum-metiers"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"targets": ["E2C-99"]}, "Compétence inconnue « E2C-99 »"),
        ({"targets": []}, "Choisissez de 1 à 8 compétences visées."),
        ({"kind": "fete"}, "Type d'activité inconnu « fete »"),
        ({"duration": "beaucoup"}, "La durée doit être un nombre entier de minutes, de 5 à 600."),
        ({"group_size": "500"}, "La taille du groupe doit être un nombre entier, de 1 à 60."),
        ({"title": ""}, "« Titre » est obligatoire."),
        ({"indicators": "COG1-1"}, "Indicateur inconnu « COG1-1 »"),
    ],
)
def test_a_wrong_activity_is_refused_with_a_french_sentence(client, change, message):
    _site, referent, _trainee = team()
    login(client, referent)
    response = client.post("/activites/nouvelle", data=RAW | change)
    assert response.status_code == 200
    assert message in page_text(response)
    assert _count(Activity) == 0


def test_a_code_is_unique_in_a_site_catalogue_only(client):
    site, referent, _trainee = team()
    _activity(site)
    _other_site, other_referent, _ = team()
    login(client, referent)
    response = client.post("/activites/nouvelle", data=RAW)
    assert "Le code « CUISINE » existe déjà dans ce catalogue." in page_text(response)
    _as(client, other_referent)
    assert client.post("/activites/nouvelle", data=RAW).status_code == 302
    assert _count(Activity) == 2


def test_when_the_site_says_admins_only_a_referent_cannot_edit(client):
    site, referent, _trainee = team()
    activity = _activity(site)
    site.catalogue_editors = CatalogueEditors.ADMINS.value
    db.session.commit()
    login(client, referent)
    assert client.get("/activites/nouvelle").status_code == 404
    assert (
        client.post(f"/activites/{activity.id}/modifier", data=RAW | {"title": "X"}).status_code
        == 404
    )
    assert client.get(f"/activites/{activity.id}").status_code == 200  # still readable
    admin = make_user(Role.ADMIN, site=site)
    _as(client, admin)
    assert (
        client.post(f"/activites/{activity.id}/modifier", data=RAW | {"title": "Repas"}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).title == "Repas"


def test_copying_from_the_library_gives_the_site_its_own_marked_copy(client):
    site, referent, _trainee = team()
    source = _activity(None)
    _activity(site)  # the code CUISINE is taken on the site: the copy gets CUISINE-2
    login(client, referent)
    response = client.post(f"/activites/{source.id}/copier")
    assert response.status_code == 302
    copy = db.session.scalar(select(Activity).where(Activity.copied_from_id == source.id))
    assert copy is not None and copy.site_id == site.id and copy.code == "CUISINE-2"
    assert [t.competency_id for t in copy.targets] == ["E2C-2C", "SOC2"]
    page = page_text(client.get(f"/activites/{copy.id}"))
    assert "Copiée de « Cuisiner pour le groupe » (bibliothèque du réseau)" in page
    # Adapting the copy leaves the library as it was.
    client.post(
        f"/activites/{copy.id}/modifier",
        data=RAW | {"code": "CUISINE-2", "title": "Repas du jeudi"},
    )
    db.session.expire_all()
    assert db.session.get(Activity, source.id).title == "Cuisiner pour le groupe"
    assert client.get(f"/activites/{source.id}/modifier").status_code == 404  # library: read only


def test_another_sites_activity_is_404_except_to_copy_it(client):
    _site, referent, _trainee = team()
    other_site, _other_referent, _ = team()
    theirs = _activity(other_site)
    login(client, referent)
    assert client.get(f"/activites/{theirs.id}").status_code == 404
    assert client.get(f"/activites/{theirs.id}/modifier").status_code == 404
    assert client.get(f"/activites/{theirs.id}/seance").status_code == 404
    assert "Cuisiner pour le groupe" in page_text(client.get("/activites/bibliotheque"))
    assert client.post(f"/activites/{theirs.id}/copier").status_code == 302


def test_an_import_shows_a_preview_then_writes_all_or_nothing(client):
    _site, referent, _trainee = team()
    login(client, referent)
    good = (
        "activities:\n"
        "  - {code: A1, title: Atelier un, kind: atelier, duration: 60, group_size: 8, targets: [E2C-1C]}\n"
        "  - {code: A2, title: Atelier deux, kind: atelier, duration: 60, group_size: 8, targets: [SOC1]}\n"
    )
    bad = good.replace("targets: [SOC1]", "targets: [SOC9]")
    response = client.post(
        "/activites/importer", data={"file": (io.BytesIO(bad.encode()), "cat.yaml")}
    )
    assert "cat.yaml:3: activities[1].targets: Compétence inconnue « SOC9 »" in page_text(response)
    assert "rien n'a été importé" in page_text(response)
    assert _count(Activity) == 0
    response = client.post(
        "/activites/importer", data={"file": (io.BytesIO(good.encode()), "cat.yaml")}
    )
    assert "2 nouvelles activités" in page_text(response)
    assert _count(Activity) == 0  # a preview writes nothing
    response = client.post(
        "/activites/importer", data={"confirmer": "1", "content": good, "filename": "cat.yaml"}
    )
    assert response.status_code == 302
    assert _count(Activity) == 2


def test_the_exports_are_files_of_the_site_catalogue(client):
    site, referent, _trainee = team()
    _activity(site)
    _activity(team()[0], code="AUTRE")
    login(client, referent)
    yaml_text = client.get("/activites/export.yaml").get_data(as_text=True)
    assert "code: CUISINE" in yaml_text and "AUTRE" not in yaml_text
    csv_text = client.get("/activites/export.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeffcode;title;")
    assert "CUISINE;Cuisiner pour le groupe" in csv_text


# -- sessions --------------------------------------------------------------------------------


def test_scheduling_a_session_with_a_group_and_saving_the_group(client):
    site, referent, trainee = team()
    second = make_user(Role.TRAINEE, site=site)
    activity = _activity(site)
    login(client, referent)
    day = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/activites/{activity.id}/seance",
        data={
            "day": day,
            "start_time": "09:00",
            "end_time": "11:30",
            "place": "Cuisine",
            "animator_ids": [str(referent.id)],
            "trainee_ids": [str(trainee.id), str(second.id)],
            "group_name": "Les cuisiniers",
        },
    )
    assert response.status_code == 302
    found = db.session.scalar(select(ActivitySession))
    assert found is not None and found.place == "Cuisine" and len(found.participants) == 2
    group = db.session.scalar(select(SavedGroup))
    assert group is not None and {m.trainee_id for m in group.members} == {trainee.id, second.id}
    form = client.get(f"/activites/{activity.id}/seance?groupe={group.id}").get_data(as_text=True)
    assert f'value="{second.id}" checked' in form
    assert "Cuisiner pour le groupe" in page_text(client.get("/seances"))


def test_a_trainee_of_another_site_is_refused_and_nothing_is_written(client):
    site, referent, trainee = team()
    stranger = make_user(Role.TRAINEE, site=make_site(), first_name="Zoé", last_name="Ailleurs")
    activity = _activity(site)
    login(client, referent)
    response = client.post(
        f"/activites/{activity.id}/seance",
        data={
            "day": date.today().isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
            "trainee_ids": [str(trainee.id), str(stranger.id)],
        },
    )
    assert response.status_code == 200
    assert "Zoé Ailleurs n'est pas stagiaire de ce site" in page_text(response)
    assert _count(ActivitySession) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": "08:00"}, "L'heure de fin doit être après l'heure de début."),
        ({"trainee_ids": []}, "Choisissez de 1 à 60 stagiaires."),
        ({"trainee_ids": ["abc"]}, "Un des choix de la liste n'existe pas."),
        (
            {"animator_ids": ["999999"]},
            "Un des animateurs choisis ne fait pas partie de l'équipe du site.",
        ),
        ({"day": ""}, "Indiquez le jour de la séance."),
    ],
)
def test_a_wrong_session_is_refused(client, change, message):
    site, referent, trainee = team()
    activity = _activity(site)
    login(client, referent)
    data = {
        "day": date.today().isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
        "trainee_ids": [str(trainee.id)],
    } | change
    response = client.post(f"/activites/{activity.id}/seance", data=data)
    assert message in page_text(response)
    assert _count(ActivitySession) == 0


def test_attendance_in_one_screen_and_a_value_outside_the_list_changes_nothing(client):
    site, referent, trainee = team()
    second = make_user(Role.TRAINEE, site=site)
    found = _session(referent, _activity(site), [trainee, second])
    login(client, referent)
    page = client.get(f"/seances/{found.id}/appel").get_data(as_text=True)
    assert f'name="presence-{trainee.id}" value="present"' in page
    response = client.post(
        f"/seances/{found.id}/appel",
        data={f"presence-{trainee.id}": "present", f"presence-{second.id}": "en-retard"},
    )
    assert "Choisissez présent, absent ou excusé pour chaque stagiaire." in page_text(response)
    db.session.expire_all()
    rows = {p.trainee_id: p.attendance for p in db.session.scalars(select(SessionParticipant))}
    assert set(rows.values()) == {Attendance.EXPECTED}
    response = client.post(
        f"/seances/{found.id}/appel",
        data={f"presence-{trainee.id}": "present", f"presence-{second.id}": "excused"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    rows = {p.trainee_id: p.attendance for p in db.session.scalars(select(SessionParticipant))}
    assert rows == {trainee.id: Attendance.PRESENT, second.id: Attendance.EXCUSED}


def test_the_database_refuses_an_attendance_outside_the_list():
    site, referent, trainee = team()
    found = _session(referent, _activity(site), [trainee])
    with pytest.raises(IntegrityError):
        db.session.execute(
            SessionParticipant.__table__.update().values(attendance="late")  # type: ignore[attr-defined]
        )
        db.session.flush()
    db.session.rollback()
    assert found.id


def test_another_sites_session_is_404_for_the_team(client):
    site, referent, trainee = team()
    found = _session(referent, _activity(site), [trainee])
    _other_site, other_referent, _ = team()
    login(client, other_referent)
    for url in (f"/seances/{found.id}", f"/seances/{found.id}/appel"):
        assert client.get(url).status_code == 404
    response = client.post(f"/seances/{found.id}/appel", data={f"presence-{trainee.id}": "absent"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(SessionParticipant.attendance)) is Attendance.EXPECTED


def test_a_trainee_sees_only_their_sessions_and_their_own_row(client):
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, first_name="Karim", last_name="Voisin")
    mine = _session(referent, _activity(site), [trainee, other], days=2)
    theirs = _session(referent, _activity(site, code="AUTRE", title="Atelier sans moi"), [other])
    sessions.take_attendance(referent, mine, {other.id: "absent"})
    db.session.commit()
    login(client, trainee)
    page = page_text(client.get("/mes-ateliers"))
    assert "Cuisiner pour le groupe" in page and "On prépare" not in page
    assert "Atelier sans moi" not in page
    detail = page_text(client.get(f"/mes-ateliers/{mine.id}"))
    assert "On prépare le repas ensemble." in detail
    assert "Karim" not in detail and "Absent" not in detail
    assert client.get(f"/mes-ateliers/{theirs.id}").status_code == 404
    assert client.get(f"/seances/{mine.id}").status_code == 404
    assert client.get("/activites").status_code == 404


def test_a_site_admin_chooses_who_edits_the_catalogue(client):
    site, referent, _trainee = team()
    admin = make_user(Role.ADMIN, site=site)
    login(client, admin)
    assert "Qui peut modifier le catalogue ?" in page_text(client.get("/activites"))
    assert client.post("/activites/reglage", data={"editeurs": "tout-le-monde"}).status_code == 302
    db.session.expire_all()
    assert site.catalogue_editors == "team"  # a value outside the list changes nothing
    client.post("/activites/reglage", data={"editeurs": "admins"})
    db.session.expire_all()
    assert site.catalogue_editors == "admins"
    _as(client, referent)
    assert client.post("/activites/reglage", data={"editeurs": "team"}).status_code == 404
    assert client.get("/activites/nouvelle").status_code == 404
