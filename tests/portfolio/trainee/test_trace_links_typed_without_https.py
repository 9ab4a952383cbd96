"""A link typed like people type it (``www.exemple.fr``) is taken, with ``https://`` added;
when another field is wrong, the form comes back with everything as typed."""

from __future__ import annotations

import pytest
from builders_traces import form_data
from sqlalchemy import select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role, Trace
from portfolio.trainee.services import TraceError, validate_link


@pytest.fixture
def trainee(client):
    user = make_user(Role.TRAINEE)
    login(client, user)
    return user


def test_a_link_typed_with_www_is_saved_with_https(client, trainee):
    typed = "www.exemple.fr/recette\nyoutube.com/watch?v=2"
    response = client.post("/portfolio/traces/nouvelle", data=form_data(links=typed))
    assert response.status_code == 302
    trace = db.session.scalars(select(Trace)).one()
    assert [link.url for link in trace.links] == [
        "https://www.exemple.fr/recette",
        "https://youtube.com/watch?v=2",
    ]
    assert 'href="https://www.exemple.fr/recette"' in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)


def test_when_another_field_is_wrong_the_form_keeps_what_was_typed(client, trainee):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(title="", links="www.exemple.fr", body="J'ai fait le pain du matin."),
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "www.exemple.fr" in text and "J'ai fait le pain du matin." in text
    assert "n'est pas une adresse web" not in text  # the link was fine: no message about it
    assert db.session.scalars(select(Trace)).first() is None


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "moi@exemple.fr", "localhost", "www"])
def test_adding_https_does_not_let_other_things_through(typed):
    with pytest.raises(TraceError):
        validate_link(typed)
