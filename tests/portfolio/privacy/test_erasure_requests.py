"""Erasure on request: the trainee sees what goes and what stays, confirms with their
password, the referent is told, the site admin carries it out (or the daily run after 30
days). Admins of another site, and other roles, get 404."""

from __future__ import annotations

from datetime import date, timedelta

from conftest_privacy import rows_naming
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ErasureCause, ErasurePlan, OutgoingMail, Role, User, utcnow
from portfolio.privacy.services.retention import run


def _plans() -> int:
    return db.session.scalar(select(func.count(ErasurePlan.id))) or 0


def test_the_trainee_sees_what_is_erased_and_what_stays(world, client):
    login(client, world.trainee)
    settings = page_text(client.get("/parametres"))
    assert "Supprimer mon compte et mes données" in settings
    page = page_text(client.get("/mon-compte/effacement"))
    assert "Ce qui sera effacé" in page and "Ce qui reste" in page
    assert "attestation retirée" in page


def test_a_wrong_password_changes_nothing(world, client):
    login(client, world.trainee)
    for data in ({"password": "pas-le-bon"}, {"password": ""}, {}):
        answer = client.post("/mon-compte/effacement", data=data)
        assert answer.status_code == 200
        assert _plans() == 0
    text = page_text(client.post("/mon-compte/effacement", data={"password": "nope"}))
    assert "Ce mot de passe n'est pas le bon" in text


def test_a_request_tells_the_referent_and_the_admin_carries_it_out(world, client):
    login(client, world.trainee)
    mails = db.session.scalar(select(func.count(OutgoingMail.id)))
    answer = client.post("/mon-compte/effacement", data={"password": "correct-horse-battery"})
    assert answer.status_code == 302
    plan = db.session.scalar(select(ErasurePlan))
    assert plan is not None and plan.cause is ErasureCause.REQUEST
    assert plan.due_on == date.today() + timedelta(days=30)
    told = db.session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.user_id == world.referent.id)
        .order_by(OutgoingMail.id.desc())
    ).first()
    assert told is not None and "effacement" in told.subject
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == (mails or 0) + 1
    assert "Votre demande est envoyée" in page_text(client.get("/mon-compte/effacement"))
    client.post("/deconnexion")

    login(client, world.admin)
    listed = page_text(client.get("/admin/effacements"))
    assert world.trainee.full_name in listed
    confirm = page_text(client.get(f"/admin/comptes/{world.trainee.id}/effacer"))
    assert "2 traces" in confirm and "fichiers" in confirm
    trainee_id = world.trainee.id
    done = client.post(f"/admin/comptes/{trainee_id}/effacer", data={})
    assert done.status_code == 302
    assert db.session.get(User, trainee_id) is None
    assert not any(rows_naming(trainee_id).values())
    assert "Aucune demande en cours" in page_text(client.get("/admin/effacements"))


def test_the_trainee_can_cancel_and_a_forgotten_request_is_carried_out_after_30_days(world, client):
    login(client, world.trainee)
    client.post("/mon-compte/effacement", data={"password": "correct-horse-battery"})
    client.post("/mon-compte/effacement/annuler", data={})
    assert _plans() == 0
    client.post("/mon-compte/effacement", data={"password": "correct-horse-battery"})
    trainee_id = world.trainee.id
    assert run(date.today() + timedelta(days=29)).erased == []
    assert run(date.today() + timedelta(days=30)).erased == [trainee_id]
    assert db.session.get(User, trainee_id) is None


def test_only_the_trainees_site_admin_may_erase(world, client):
    stranger = make_user(Role.ADMIN, site=make_site())
    login(client, stranger)
    assert client.get(f"/admin/comptes/{world.trainee.id}/effacer").status_code == 404
    assert client.post(f"/admin/comptes/{world.trainee.id}/effacer", data={}).status_code == 404
    assert client.get("/admin/comptes/999999/effacer").status_code == 404
    assert world.trainee.full_name not in page_text(client.get("/admin/effacements"))
    client.post("/deconnexion")
    for person in (world.referent, world.other):
        login(client, person)
        assert client.post(f"/admin/comptes/{world.trainee.id}/effacer", data={}).status_code == 404
        assert client.get("/admin/effacements").status_code == 404
        client.post("/deconnexion")
    login(client, world.admin)  # a referent's account is deactivated, never erased
    answer = client.post(f"/admin/comptes/{world.referent.id}/effacer", data={})
    assert answer.status_code == 302
    assert db.session.get(User, world.referent.id) is not None
    assert db.session.get(User, world.trainee.id) is not None


def test_the_pages_read_in_english(world, client):
    login(client, world.trainee)
    client.post("/langue", data={"lang": "en", "next": "/"})
    text = page_text(client.get("/mon-compte/effacement"))
    assert "Delete my account and my data" in text and "effacé" not in text


def test_the_list_of_requests_costs_the_same_for_one_or_four(world, client):
    def ask(person: User) -> None:
        db.session.add(
            ErasurePlan(
                user_id=person.id,
                cause=ErasureCause.REQUEST,
                due_on=date.today() + timedelta(days=30),
                notice_sent_at=utcnow(),
            )
        )
        db.session.commit()

    name = world.trainee.full_name
    ask(world.trainee)
    login(client, world.admin)
    client.get("/admin/effacements")  # the first page after login writes its visit
    with counting_queries() as one:
        page = page_text(client.get("/admin/effacements"))
    assert name in page
    for _ in range(3):
        ask(make_user(Role.TRAINEE, site=world.admin.site, referent=world.referent))
    db.session.commit()
    with counting_queries() as four:
        page = page_text(client.get("/admin/effacements"))
    assert page.count("effacé au plus tard le") == 4
    assert [q[:60] for q in four] == [q[:60] for q in one]
