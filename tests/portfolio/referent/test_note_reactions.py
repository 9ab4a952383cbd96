"""The trainee reacts to an observation shared with them ("D'accord", "Pas d'accord", "Je veux en
dire plus", with an optional word): one current reaction per note, changeable. The referent
reads it on the note and, for "pas d'accord", in the gap view beside the competency; so does
the trainee in their own gap view.

Someone else's note, a team-only note, an unknown choice: 404 or a French message, nothing changed.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

import pytest
from builders_referent import COMP_A, make_note, team
from sqlalchemy import func, select

from builders import counting_queries, duplicate_ids, login, make_user, page_text
from portfolio.activities.services import catalogue, grid, sessions
from portfolio.activities.services.rules import check_activity
from portfolio.extensions import db
from portfolio.models import (
    ExplicitationNote,
    NoteReaction,
    NoteVisibility,
    ReactionChoice,
    Role,
    User,
)
from portfolio.referent.services import reactions
from portfolio.services.frameworks import frameworks

OBSERVED_ON = date(2026, 11, 12)


def _read(response: Any) -> str:
    """The words of the page, tags left out, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


def _reactions() -> list[tuple[int, str, str]]:
    return [
        (r.note_id, r.choice.value, r.comment)
        for r in db.session.scalars(select(NoteReaction).order_by(NoteReaction.id))
    ]


def _world(**note: Any) -> tuple[User, User, ExplicitationNote]:
    _site, referent, trainee = team()
    trainee.first_name = "Léa"
    db.session.commit()
    return referent, trainee, make_note(referent, trainee, **({"observed_on": OBSERVED_ON} | note))


# -- the service ------------------------------------------------------------------------------


def test_one_current_reaction_per_note_and_it_can_change(app):
    _referent, trainee, note = _world()
    reactions.react_to_note(trainee, note, "agree")
    db.session.commit()
    assert _reactions() == [(note.id, "agree", "")]
    reactions.react_to_note(trainee, note, "disagree", "  Je n'ai pas réparti les tâches seule. ")
    db.session.commit()
    assert _reactions() == [(note.id, "disagree", "Je n'ai pas réparti les tâches seule.")]
    found = reactions.reaction_of(trainee, note)
    assert found is not None and found.choice is ReactionChoice.DISAGREE


@pytest.mark.parametrize(
    ("choice", "comment", "message"),
    [
        ("maybe", "", "Choisissez « D'accord », « Pas d'accord » ou « Je veux en dire plus »."),
        ("", "", "Choisissez « D'accord »"),
        (None, "", "Choisissez « D'accord »"),
        (["agree"], "", "Choisissez « D'accord »"),
        ("AGREE", "", "Choisissez « D'accord »"),
        ("agree", "x" * 301, "trop long : 300 caractères au plus"),
        ("agree", 42, "doit être un texte"),
    ],
)
def test_a_wrong_reaction_is_refused_in_french_and_changes_nothing(app, choice, comment, message):
    _referent, trainee, note = _world()
    reactions.react_to_note(trainee, note, "more", "Je veux expliquer.")
    db.session.commit()
    with pytest.raises(reactions.ReactionError, match=message):
        reactions.react_to_note(trainee, note, choice, comment)
    db.session.rollback()
    assert _reactions() == [(note.id, "more", "Je veux expliquer.")]


def test_only_the_trainee_of_a_shared_note_may_react(app):
    referent, trainee, note = _world()
    team_note = make_note(referent, trainee, visibility="team")
    other = make_user(Role.TRAINEE, site=trainee.site, referent=referent)
    for who, which in ((other, note), (referent, note), (trainee, team_note)):
        with pytest.raises(reactions.ReactionError, match="Vous ne pouvez pas réagir"):
            reactions.react_to_note(who, which, "agree")
    assert _reactions() == []


# -- the pages ----------------------------------------------------------------------------------


def test_the_trainee_disagrees_on_the_note_and_the_referent_reads_it(client):
    referent, trainee, note = _world()
    login(client, trainee)
    page = client.get(f"/mon-suivi/notes/{note.id}")
    text = page_text(page)
    assert "Et vous, qu'en pensez-vous ?" in text and 'aria-pressed="true"' not in text
    response = client.post(
        f"/mon-suivi/notes/{note.id}/reaction",
        data={"choix": "disagree", "mot": "C'est Yanis qui a réparti les tâches."},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/mon-suivi/notes/{note.id}#reaction")
    after = client.get(response.headers["Location"])
    assert "Merci : votre référent verra votre réponse." in _read(after)
    assert "Votre réponse : Pas d'accord · « C'est Yanis qui a réparti les tâches. »" in _read(
        after
    )
    assert 'value="disagree" class="button reaction-disagree" aria-pressed="true"' in page_text(
        after
    )
    # changed later, in one tap
    client.post(f"/mon-suivi/notes/{note.id}/reaction", data={"choix": "agree"})
    assert _reactions() == [(note.id, "agree", "")]
    client.post(
        f"/mon-suivi/notes/{note.id}/reaction",
        data={"choix": "disagree", "mot": "C'est Yanis qui a réparti les tâches."},
    )
    client.post("/deconnexion")
    login(client, referent)
    seen = _read(client.get(f"/referent/stagiaires/{trainee.id}/notes/{note.id}"))
    assert "Léa n'est pas d'accord avec cette observation." in seen
    assert "C'est Yanis qui a réparti les tâches." in seen


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"choix": "peut-etre"}, "Choisissez « D'accord », « Pas d'accord »"),
        ({}, "Choisissez « D'accord », « Pas d'accord »"),
        ({"choix": "agree", "mot": "y" * 301}, "300 caractères au plus"),
    ],
)
def test_a_wrong_reaction_on_the_page_says_why_and_changes_nothing(client, data, message):
    _referent, trainee, note = _world()
    reactions.react_to_note(trainee, note, "more")
    db.session.commit()
    login(client, trainee)
    response = client.post(f"/mon-suivi/notes/{note.id}/reaction", data=data)
    assert response.status_code == 303
    assert message in page_text(client.get(response.headers["Location"]))
    assert _reactions() == [(note.id, "more", "")]


def test_someone_elses_note_a_team_note_or_no_note_answers_404(client):
    referent, trainee, note = _world()
    team_note = make_note(referent, trainee, visibility="team")
    other = make_user(Role.TRAINEE, site=trainee.site, referent=referent)
    login(client, other)
    assert (
        client.post(f"/mon-suivi/notes/{note.id}/reaction", data={"choix": "agree"}).status_code
        == 404
    )
    client.post("/deconnexion")
    login(client, trainee)
    for note_id in (team_note.id, 999_999, 2**63):
        response = client.post(f"/mon-suivi/notes/{note_id}/reaction", data={"choix": "agree"})
        assert response.status_code == 404, note_id
    assert client.get(f"/mon-suivi/notes/{note.id}/reaction").status_code == 405
    client.post("/deconnexion")
    login(client, referent)
    assert (
        client.post(f"/mon-suivi/notes/{note.id}/reaction", data={"choix": "agree"}).status_code
        == 404
    )
    assert _reactions() == []


def test_the_gap_view_marks_the_competency_for_the_referent_and_the_trainee(client):
    referent, trainee, note = _world(observed_on=OBSERVED_ON)
    agreed = make_note(referent, trainee, observed_on=OBSERVED_ON + timedelta(days=1))
    reactions.react_to_note(trainee, note, "disagree", "Ce jour-là j'étais malade.")
    reactions.react_to_note(trainee, agreed, "agree")
    db.session.commit()
    login(client, referent)
    page = client.get(f"/referent/stagiaires/{trainee.id}/ecart")
    text = page_text(page)
    assert "Désaccords avec une observation" in text
    assert "Léa n'est pas d'accord avec l'observation du 12/11" in text
    assert "l'observation du 13/11" not in text  # "d'accord" is no marker
    assert "Ce jour-là j'étais malade." in text
    assert f'href="/referent/stagiaires/{trainee.id}/notes/{note.id}"' in text
    competency = frameworks()["e2c-apc"].get(COMP_A)
    assert competency is not None
    section = text.split("Désaccords avec une observation", 1)[1].split("Par domaine", 1)[0]
    assert competency.label in section
    client.post("/deconnexion")
    login(client, trainee)
    mine = page_text(client.get("/mon-suivi/ecart"))
    assert "Vous n'êtes pas d'accord avec l'observation du 12/11" in mine
    assert f'href="/mon-suivi/notes/{note.id}"' in mine


def test_a_note_turned_team_only_leaves_the_gap_view(client):
    _referent, trainee, note = _world()
    reactions.react_to_note(trainee, note, "disagree")
    note.visibility = NoteVisibility.TEAM
    db.session.commit()
    login(client, trainee)
    assert "pas d'accord" not in page_text(client.get("/mon-suivi/ecart"))


def test_no_disagreement_no_marker(client):
    referent, trainee, _note = _world()
    login(client, referent)
    assert "Désaccords avec une observation" not in page_text(
        client.get(f"/referent/stagiaires/{trainee.id}/ecart")
    )


def test_the_gap_page_reads_the_disagreements_in_one_query(app):
    counts = {}
    for notes in (1, 6):
        referent, trainee, _first = _world()
        for n in range(notes):
            note = make_note(referent, trainee, observed_on=OBSERVED_ON - timedelta(days=n))
            reactions.react_to_note(trainee, note, "disagree", f"Mot {n}")
        db.session.commit()
        client = app.test_client()
        login(client, referent)
        with counting_queries() as statements:
            page = client.get(f"/referent/stagiaires/{trainee.id}/ecart")
        assert page_text(page).count("n'est pas d'accord avec l'observation du") == notes
        counts[notes] = len(statements)
    assert counts[1] == counts[6], counts


# -- from the session page ("Mes ateliers") ---------------------------------------------------------


def _observed_session(referent: User, trainee: User) -> Any:
    raw = {
        "code": "CUISINE",
        "title": "Cuisiner pour le groupe",
        "kind": "atelier",
        "duration": "120",
        "group_size": "12",
        "description": "On prépare le repas ensemble.",
        "targets": [COMP_A],
    }
    activity = catalogue.create_activity(None, trainee.site, check_activity(raw, frameworks()))
    found = sessions.schedule_session(
        referent,
        activity,
        sessions.SessionInput(
            day=date.today(),
            start_time=time(9),
            end_time=time(11),
            place="Cuisine",
            trainee_ids=[trainee.id],
        ),
    )
    column = grid.columns(found)[0]
    grid.save_grid(
        referent,
        found,
        grid.GridInput(
            client_key="5c3e1f0a-7b2d-4c8e-9f6a-2d1b3c4e5f61",
            visibility="shared",
            cells={(str(trainee.id), column.key): "3"},
            remarks={},
        ),
    )
    db.session.commit()
    return found


def test_the_trainee_reacts_from_the_session_page_and_comes_back_to_it(client):
    _site, referent, trainee = team()
    found = _observed_session(referent, trainee)
    note = db.session.scalar(select(ExplicitationNote))
    assert note is not None
    login(client, trainee)
    page = client.get(f"/mes-ateliers/{found.id}")
    html = page.get_data(as_text=True)
    assert f'action="/mon-suivi/notes/{note.id}/reaction"' in html
    assert "Je veux en dire plus" in page_text(page)
    assert not duplicate_ids(html)
    response = client.post(
        f"/mon-suivi/notes/{note.id}/reaction",
        data={"choix": "more", "mot": "J'ai une question.", "depuis": str(found.id)},
    )
    assert response.headers["Location"].endswith(f"/mes-ateliers/{found.id}#note-{note.id}")
    text = _read(client.get(response.headers["Location"]))
    assert "Votre réponse : Je veux en dire plus · « J'ai une question. »" in text
    # a session the trainee was not in: the redirect lands on its 404, nothing else changes
    response = client.post(
        f"/mon-suivi/notes/{note.id}/reaction", data={"choix": "agree", "depuis": "abc"}
    )
    assert response.headers["Location"].endswith(f"/mon-suivi/notes/{note.id}#reaction")
    assert db.session.scalar(select(func.count(NoteReaction.id))) == 1


def test_the_demo_has_a_trainee_who_disagreed_with_an_observation(client):
    from portfolio.demo import seed_demo

    seed_demo()
    db.session.commit()
    found = db.session.scalars(select(NoteReaction)).all()
    assert [(r.choice, bool(r.comment)) for r in found] == [(ReactionChoice.DISAGREE, True)]
    reaction = found[0]
    note = db.session.get(ExplicitationNote, reaction.note_id)
    assert note is not None and note.visibility is NoteVisibility.SHARED
    referent = db.session.get(User, note.author_id)
    assert referent is not None
    login(client, referent, "piano-rivage-28")
    text = _read(client.get(f"/referent/stagiaires/{reaction.trainee_id}/ecart"))
    name = reaction.trainee.first_name
    assert name == "Yanis"  # the README names him
    day = note.observed_on.strftime("%d/%m")
    assert f"{name} n'est pas d'accord avec l'observation du {day}" in text
    assert reaction.comment in text
