"""An admin moves several trainees of a referent to another referent at once: all or none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ReferentAssignment, Role
from portfolio.services.accounts import current_referent, referent_history

URL = "/admin/remplacements/changer-de-referent"


@pytest.fixture
def site_with_two_referents(client):
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    leaving = make_user(Role.REFERENT, site=site, first_name="Paul", last_name="Part")
    staying = make_user(Role.REFERENT, site=site, first_name="Inès", last_name="Reste")
    trainees = [
        make_user(Role.TRAINEE, site=site, referent=leaving, first_name=name, last_name="T")
        for name in ("Ali", "Zoé", "Léo")
    ]
    db.session.commit()
    login(client, admin)
    return site, leaving, staying, trainees


def _moved(client, leaving, data):
    return client.post(f"{URL}?de={leaving.id}", data=data, follow_redirects=True)


def test_the_admin_menu_offers_the_hand_overs_page(client, site_with_two_referents):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/admin/remplacements"' in html and "Remplacements" in page_text(client.get("/"))
    assert URL in client.get("/admin/remplacements").get_data(as_text=True)


def test_ticked_trainees_get_the_new_referent_in_one_step(client, site_with_two_referents):
    _site, leaving, staying, (ali, zoe, leo) = site_with_two_referents
    listed = page_text(client.get(f"{URL}?de={leaving.id}"))
    assert all(t.full_name in listed for t in (ali, zoe, leo))
    response = _moved(
        client, leaving, {"trainee_ids": [ali.id, zoe.id], "to_referent_id": staying.id}
    )
    assert "2 stagiaires ont un nouveau référent : Inès Reste." in page_text(response)
    assert current_referent(ali) == staying and current_referent(zoe) == staying
    assert current_referent(leo) == leaving  # not ticked, not moved
    assert [a.referent_id for a in referent_history(ali)] == [leaving.id, staying.id]
    assert leo.full_name in page_text(response) and ali.full_name not in page_text(response)


def test_one_refused_trainee_moves_nobody_and_says_who(client, site_with_two_referents):
    _site, leaving, staying, (ali, _zoe, _leo) = site_with_two_referents
    before = db.session.scalars(select(ReferentAssignment.id)).all()
    # A referent's id slipped among the ticked boxes: not a trainee.
    response = _moved(
        client, leaving, {"trainee_ids": [ali.id, leaving.id], "to_referent_id": staying.id}
    )
    text = page_text(response)
    assert "Paul Part : Seul un stagiaire peut avoir un référent." in text
    assert current_referent(ali) == leaving
    assert db.session.scalars(select(ReferentAssignment.id)).all() == before


def test_a_trainee_of_another_site_is_not_found_and_nothing_moves(client, site_with_two_referents):
    _site, leaving, staying, (ali, _zoe, _leo) = site_with_two_referents
    other = make_site()
    elsewhere = make_user(Role.TRAINEE, site=other)
    db.session.commit()
    response = client.post(
        f"{URL}?de={leaving.id}",
        data={"trainee_ids": [ali.id, elsewhere.id], "to_referent_id": staying.id},
    )
    assert response.status_code == 404
    assert current_referent(ali) == leaving


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_referent_id": "REF"}, "Cochez au moins un stagiaire."),
        ({"trainee_ids": ["x"], "to_referent_id": "REF"}, "Une case cochée n'est pas valide"),
        ({"trainee_ids": ["ALI"], "to_referent_id": "0"}, "Choisissez le nouveau référent"),
    ],
)
def test_bad_input_says_why_and_changes_nothing(client, site_with_two_referents, data, message):
    _site, leaving, staying, (ali, _zoe, _leo) = site_with_two_referents
    swap = {"REF": str(staying.id), "ALI": str(ali.id)}
    data = {
        key: [swap.get(v, v) for v in value] if isinstance(value, list) else swap.get(value, value)
        for key, value in data.items()
    }
    assert message in page_text(_moved(client, leaving, data))
    assert current_referent(ali) == leaving


def test_an_unknown_referent_in_the_address_is_not_found(client, site_with_two_referents):
    _site, _leaving, _staying, (ali, _zoe, _leo) = site_with_two_referents
    assert client.get(f"{URL}?de={ali.id}").status_code == 404  # a trainee, not a referent
    assert client.get(f"{URL}?de=99999999999999999999").status_code == 404
    assert client.get(f"{URL}?de=abc").status_code == 200  # nothing chosen yet
