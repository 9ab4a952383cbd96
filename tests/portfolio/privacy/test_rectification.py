"""Rectification on request: the trainee writes what is wrong from their settings, the
referent is told by mail, the site admin sees it next to the erasure requests and answers
with a word, the trainee sees the answer. Bad input changes nothing; another site's admin,
another trainee and other roles get 404."""

from __future__ import annotations

from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import OutgoingMail, RectificationRequest, Role


def _count() -> int:
    return db.session.scalar(select(func.count(RectificationRequest.id))) or 0


def _asked(world) -> RectificationRequest:
    found = db.session.scalar(
        select(RectificationRequest).where(RectificationRequest.user_id == world.trainee.id)
    )
    assert found is not None
    return found


def test_the_trainee_asks_the_referent_is_told_the_admin_answers(world, client):
    login(client, world.trainee)
    assert "Demander une correction" in page_text(client.get("/parametres"))
    before = _count()
    mails = db.session.scalar(select(func.count(OutgoingMail.id))) or 0
    answer = client.post("/mon-compte/correction", data={"what": "  Je suis née le 4 mai 2007.  "})
    assert answer.status_code == 302
    assert _count() == before + 1
    told = db.session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.user_id == world.referent.id)
        .order_by(OutgoingMail.id.desc())
    ).first()
    assert told is not None and "correction" in told.subject
    assert (db.session.scalar(select(func.count(OutgoingMail.id))) or 0) == mails + 1
    page = page_text(client.get("/mon-compte/correction"))
    assert "Je suis née le 4 mai 2007." in page and "En attente de réponse" in page
    client.post("/deconnexion")

    login(client, world.admin)
    listed = page_text(client.get("/admin/effacements"))
    assert "Demandes sur les données" in listed
    assert "Je suis née le 4 mai 2007." in listed and world.trainee.full_name in listed
    first = _asked(world)
    done = client.post(f"/admin/corrections/{first.id}", data={"answer": "Nom corrigé."})
    assert done.status_code == 302
    db.session.refresh(first)
    assert first.answer == "Nom corrigé." and first.answered_at is not None
    assert "Mon nom s'écrit Léa" not in page_text(client.get("/admin/effacements"))
    again = client.post(f"/admin/corrections/{first.id}", data={"answer": "Encore"})
    assert again.status_code == 302
    db.session.refresh(first)
    assert first.answer == "Nom corrigé."
    client.post("/deconnexion")

    login(client, world.trainee)
    assert "Réponse de l'école" in page_text(client.get("/mon-compte/correction"))
    assert "Nom corrigé." in page_text(client.get("/mon-compte/correction"))


def test_bad_input_changes_nothing(world, client):
    login(client, world.trainee)
    before = _count()
    for data, message in (
        ({"what": ""}, "Écrivez ce qui n'est pas juste."),
        ({"what": "   "}, "Écrivez ce qui n'est pas juste."),
        ({}, "Écrivez ce qui n'est pas juste."),
        ({"what": "x" * 501}, "500 caractères au plus."),
    ):
        text = page_text(client.post("/mon-compte/correction", data=data))
        assert message in text, data
        assert _count() == before
    for n in range(4):  # the world's trainee has one open already: five at most
        assert client.post("/mon-compte/correction", data={"what": f"n{n}"}).status_code == 302
    text = page_text(client.post("/mon-compte/correction", data={"what": "une de trop"}))
    assert "demandes en attente" in text and _count() == before + 4
    client.post("/deconnexion")

    login(client, world.admin)
    asked = _asked(world)
    for data in ({"answer": ""}, {}, {"answer": "y" * 501}):
        assert client.post(f"/admin/corrections/{asked.id}", data=data).status_code == 302
        db.session.refresh(asked)
        assert asked.answer is None and asked.answered_at is None
    assert client.post("/admin/corrections/999999", data={"answer": "ok"}).status_code == 404
    huge = client.post(f"/admin/corrections/{2**40}", data={"answer": "ok"})
    assert huge.status_code == 404


def test_others_get_404_and_see_nothing(world, client, app):
    asked = _asked(world)
    elsewhere = make_site(name="E2C Ailleurs")
    for person in (
        make_user(Role.ADMIN, site=elsewhere),
        world.referent,
        world.other,
        world.trainee,
    ):
        other = app.test_client()
        login(other, person)
        answer = other.post(f"/admin/corrections/{asked.id}", data={"answer": "fait"})
        assert answer.status_code == 404, person.role
    db.session.refresh(asked)
    assert asked.answer is None
    login(client, make_user(Role.ADMIN, site=elsewhere))
    assert "Mon nom s'écrit Léa" not in page_text(client.get("/admin/effacements"))
    other_trainee = app.test_client()
    login(other_trainee, world.other)
    assert "Mon nom s'écrit Léa" not in page_text(other_trainee.get("/mon-compte/correction"))
    for role in (Role.REFERENT, Role.COMPANY):
        staff = app.test_client()
        login(staff, make_user(role, site=world.trainee.site))
        assert staff.get("/mon-compte/correction").status_code == 404, role


def test_the_admin_list_costs_the_same_for_1_or_12_requests(world, client):
    login(client, world.admin)
    counts = []
    for extra in (0, 11):
        for n in range(extra):
            trainee = make_user(Role.TRAINEE, site=world.trainee.site, referent=world.referent)
            db.session.add(RectificationRequest(user_id=trainee.id, what=f"erreur {n}"))
        db.session.commit()
        client.get("/admin/effacements")
        with counting_queries() as statements:
            assert client.get("/admin/effacements").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
