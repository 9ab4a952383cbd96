"""The year after the exit: the site's schedule, contacts planned at exit, the caseload's
"Suivi après la sortie" section, recording a contact, the message, the reminders, and who may
reach a contact."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from builders_referent import team
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.followup.page import leaver_items
from portfolio.followup.services import schedule
from portfolio.followup.services.contacts import (
    _TO_MAKE_NOW,
    ACTION_STATES,
    due_by,
    followup_rows,
    leavers_to_contact,
    state_of,
)
from portfolio.followup.services.reminders import write_reminders
from portfolio.models import (
    ContactMethod,
    Conversation,
    ConversationMessage,
    FollowUpContact,
    OutgoingMail,
    Role,
    User,
)
from portfolio.privacy.services.rules import add_months

TODAY = date.today()


def _leave(referent: User, trainee: User, days_ago: int, outcome: str = "cdd") -> None:
    left = TODAY - timedelta(days=days_ago)
    record_exit(referent, trainee, ExitInput(left_on=left, outcome=outcome))
    db.session.commit()


def _contacts(trainee: User) -> list[FollowUpContact]:
    return list(
        db.session.scalars(
            select(FollowUpContact)
            .where(FollowUpContact.trainee_id == trainee.id)
            .order_by(FollowUpContact.month)
        )
    )


def _contact(trainee: User, month: int) -> FollowUpContact:
    return next(c for c in _contacts(trainee) if c.month == month)


# -- the schedule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "months"),
    [
        ("1, 3, 6, 12", (1, 3, 6, 12)),
        ("2 4", (2, 4)),
        ("24", (24,)),
        ("1;2;3;4;5;6", (1, 2, 3, 4, 5, 6)),
    ],
)
def test_schedule_accepts_increasing_months_from_1_to_24(
    app: Any, typed: str, months: tuple
) -> None:
    assert schedule.parse_schedule(typed) == months


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "au moins un mois"),
        ("0, 3", "entre 1 et 24"),
        ("1, 25", "entre 1 et 24"),
        ("6, 3", "dans l'ordre"),
        ("3, 3", "dans l'ordre"),
        ("1,2,3,4,5,6,7", "6 contacts au plus"),
        ("un, trois", "chiffres"),
        ("1.5", "chiffres"),
        ("１", "chiffres"),  # a full-width digit
    ],
)
def test_schedule_refuses_with_a_french_sentence(app: Any, typed: str, says: str) -> None:
    with pytest.raises(schedule.ScheduleError, match=says):
        schedule.parse_schedule(typed)


def test_schedule_refuses_what_is_not_text(app: Any) -> None:
    with pytest.raises(schedule.ScheduleError):
        schedule.parse_schedule(["1"])


def test_site_admin_changes_the_schedule_on_the_settings_page(app: Any, client: Any) -> None:
    site, referent, trainee = team()
    _leave(referent, trainee, 10)
    admin = make_user(Role.ADMIN, site=site)
    login(client, admin)
    page = page_text(client.get(f"/admin/sites/{site.id}/parametres"))
    assert 'value="1, 3, 6, 12"' in page
    assert "les contacts déjà prévus ne bougent pas" in page
    done = client.post(
        f"/admin/sites/{site.id}/parametres", data={"followup_months": "2, 4", "director_name": ""}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert site.followup_months == "2,4"
    assert [c.month for c in _contacts(trainee)] == [1, 3, 6, 12]  # planned ones stay
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    _leave(referent, other, 5)
    assert [c.month for c in _contacts(other)] == [2, 4]


def test_a_wrong_schedule_changes_nothing_and_says_why(app: Any, client: Any) -> None:
    site = make_site()
    login(client, make_user(Role.ADMIN, site=site))
    page = page_text(
        client.post(
            f"/admin/sites/{site.id}/parametres",
            data={"followup_months": "12, 6", "director_name": "Nouvelle Directrice"},
            follow_redirects=True,
        )
    )
    assert "Écrivez les mois dans l'ordre" in page
    db.session.expire_all()
    assert site.followup_months == "1,3,6,12"
    assert site.director_name == ""  # all or nothing


def test_another_sites_admin_gets_404_on_the_settings(app: Any, client: Any) -> None:
    site = make_site()
    login(client, make_user(Role.ADMIN, site=make_site()))
    response = client.post(f"/admin/sites/{site.id}/parametres", data={"followup_months": "2"})
    assert response.status_code == 404
    db.session.expire_all()
    assert site.followup_months == "1,3,6,12"


# -- planned at exit ----------------------------------------------------------------------


def test_an_exit_plans_contacts_at_1_3_6_and_12_months(app: Any) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 0)
    contacts = _contacts(trainee)
    assert [(c.month, c.due_on) for c in contacts] == [
        (m, add_months(TODAY, m)) for m in (1, 3, 6, 12)
    ]
    assert all(c.done_on is None for c in contacts)


def test_correcting_the_exit_date_moves_the_contacts_not_done(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 100)
    login(client, referent)
    first = _contact(trainee, 1)
    client.post(
        f"/referent/suivi/{first.id}",
        data={
            "done_on": (TODAY - timedelta(days=60)).isoformat(),
            "method": "telephone",
            "situation": "cdd",
        },
    )
    _leave(referent, trainee, 90)
    db.session.expire_all()
    contacts = _contacts(trainee)
    assert len(contacts) == 4  # not planned twice
    assert contacts[0].due_on == add_months(TODAY - timedelta(days=100), 1)  # done: stays
    assert contacts[1].due_on == add_months(TODAY - timedelta(days=90), 3)


def test_add_months_keeps_the_end_of_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)


# -- the caseload section -----------------------------------------------------------------


def test_the_caseload_shows_what_to_do_for_those_who_left_the_follow_up_page_everything(
    app: Any, client: Any
) -> None:
    site, referent, current = team()
    current.first_name = "Toujours"
    left = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Partie")
    late = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Oubliée")
    calm = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Tranquille")
    _leave(referent, left, 92)  # 1 month: past, 3 months: about now
    _leave(referent, late, 140)  # 3 months: more than two weeks ago
    _leave(referent, calm, 50)  # 1 month: done below, 3 months: in six weeks
    login(client, referent)
    for person, month in ((left, 1), (calm, 1)):
        client.post(
            f"/referent/suivi/{_contact(person, month).id}",
            data={"done_on": TODAY.isoformat(), "method": "telephone", "situation": "cdi"},
        )
    html = page_text(client.get("/referent/stagiaires"))
    table, section = html.split('id="suivi"')
    assert "Toujours" in table and "Partie" not in table and "Oubliée" not in table
    assert "Suivi après la sortie" in section and "Toujours" not in section
    # The caseload keeps what is to do now: no done contact, nobody with nothing to do.
    assert "À faire" in section and "En retard" in section  # Partie's and Oubliée's 3 months
    assert f'/referent/suivi/{_contact(left, 3).id}"' in section
    assert "Fait le" not in section and "Tranquille" not in section
    assert "Voir le suivi des 3 jeunes sortis" in section

    page = page_text(client.get("/referent/sortis"))
    assert "Suivi après la sortie" in page and "Toujours" not in page
    for name in ("Partie", "Oubliée", "Tranquille"):
        assert name in page
    partie = page[page.index("Partie") :]
    partie = partie[: partie.index("</li>\n</ul>\n</details>")]
    assert "Fait le" in partie and "Emploi en CDI" in partie and "À faire" in partie
    assert "<summary>Contacts : 1 fait, 3 à venir</summary>" in page  # Tranquille's


def test_the_caseload_says_when_nothing_is_to_do_and_the_page_folds_a_year_that_is_over(
    app: Any, client: Any
) -> None:
    site, referent, _current = team()
    recent = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Recente")
    old = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Ancienne")
    _leave(referent, recent, 3)  # the first contact in a month
    _leave(referent, old, 440)  # a year and 75 days ago: the 12 months' contact never made
    login(client, referent)
    for month in (1, 3, 6):
        client.post(
            f"/referent/suivi/{_contact(old, month).id}",
            data={"done_on": TODAY.isoformat(), "method": "telephone", "situation": "cdi"},
        )
    section = page_text(client.get("/referent/stagiaires")).split('id="suivi"')[1]
    assert "Rien à faire pour le moment." in section
    assert "Recente" not in section and "Ancienne" not in section
    assert "Voir le suivi des 2 jeunes sortis" in section

    page = page_text(client.get("/referent/sortis"))
    running, over = page.split('<details class="card followup-over">')
    assert "Recente" in running and "Ancienne" not in running
    assert "Suivi terminé : 1 jeune" in over and "Ancienne" in over
    assert "<summary>Contacts : 3 faits</summary>" in over and "En retard" in over


def test_only_referents_open_the_follow_up_page_and_see_only_those_they_follow(
    app: Any, client: Any
) -> None:
    site, referent, trainee = team()
    trainee.first_name = "Suivie"
    _other_site, other_referent, other = team()
    other.first_name = "Ailleurs"
    _leave(referent, trainee, 40)
    _leave(other_referent, other, 40)
    colleague = make_user(Role.REFERENT, site=site)
    db.session.commit()
    login(client, referent)
    page = page_text(client.get("/referent/sortis"))
    assert "Suivie" in page and "Ailleurs" not in page
    login(alone := app.test_client(), colleague)
    page = page_text(alone.get("/referent/sortis"))
    assert "Suivie" not in page and "Personne n'est suivi après sa sortie en ce moment." in page
    for role in (Role.TRAINEE, Role.ADMIN, Role.COMPANY):
        person = make_user(role, site=site) if role is not Role.TRAINEE else trainee
        db.session.commit()
        login(someone := app.test_client(), person)
        assert someone.get("/referent/sortis").status_code == 404, role


def test_the_caseload_shows_the_five_most_urgent_and_says_how_many_more(
    app: Any, client: Any
) -> None:
    site, referent, _current = team()
    for n in range(7):  # the 1 month contact: two are more than two weeks late, five due
        person = make_user(Role.TRAINEE, site=site, referent=referent, first_name=f"Sorti{n}")
        _leave(referent, person, 60 if n < 2 else 28 + n)
    login(client, referent)
    section = page_text(client.get("/referent/stagiaires")).split('id="suivi"')[1]
    assert section.count('class="card followup-person"') == 5
    assert "Sorti0" in section and "Sorti1" in section  # the late ones first
    assert section.count("En retard") == 2
    assert "Et 2 autres jeunes à contacter, sur la page du suivi." in section
    assert "Voir le suivi des 7 jeunes sortis" in section
    page = page_text(client.get("/referent/sortis"))
    assert all(f"Sorti{n}" in page for n in range(7))


def test_the_database_and_the_page_agree_on_the_contacts_to_make_now(app: Any) -> None:
    """The caseload asks the database for the contacts to make now (``_TO_MAKE_NOW``): around
    every boundary (a week ahead, two weeks late, done or not) it finds exactly those
    ``state_of`` calls "À faire" or "En retard", and it keeps the same young people, in the
    same order, with the same contacts to make as the whole rows do."""
    site, referent, _current = team()
    rng = random.Random(17)
    people = []
    for n in range(24):
        person = make_user(Role.TRAINEE, site=site, referent=referent)
        _leave(referent, person, rng.randint(5, 480))
        for contact in _contacts(person):
            contact.due_on = TODAY + timedelta(days=rng.randint(-40, 15))
            if rng.random() < 0.3:
                contact.done_on, contact.method = TODAY, ContactMethod.NO_ANSWER
        if n % 8 == 0:  # an exit recorded before the contacts were planned
            for contact in _contacts(person):
                db.session.delete(contact)
        people.append(person)
    db.session.commit()
    day = due_by(TODAY)
    found = set(db.session.scalars(select(FollowUpContact.id).where(_TO_MAKE_NOW), {"due_by": day}))
    everyone = [c for person in people for c in _contacts(person)]
    assert found == {c.id for c in everyone if state_of(c, TODAY) in ACTION_STATES}
    assert 0 < len(found) < len(everyone)

    # As planned (due dates a number of months after the exit), some of them done.
    for contact in everyone:
        contact.due_on = add_months(contact.exit.left_on, contact.month)
    db.session.commit()
    whole = [row for row in followup_rows(people, TODAY) if row.to_do(TODAY)]
    shown = leavers_to_contact(people, TODAY)
    assert [row.trainee.id for row in shown] == [row.trainee.id for row in whole]
    assert any(not row.contacts for row in shown)  # none planned: still to do
    assert len(whole) < len(people)  # some have nothing to do, or their year is over
    for short, full in zip(shown, whole, strict=True):
        acting = [view for view in full.contacts if view.state in ACTION_STATES]
        assert short.contacts == acting and short.exit == full.exit
    with app.test_request_context():
        assert leaver_items(shown, history=False) == leaver_items(whole, history=False)
        with pytest.raises(ValueError, match="history"):
            leaver_items(shown)


def test_the_caseload_queries_do_not_grow_with_the_young_people_who_left(
    app: Any, client: Any
) -> None:
    counts = {}
    for people in (2, 8):
        site, referent, _first = team()
        for n in range(people):
            person = make_user(Role.TRAINEE, site=site, referent=referent)
            _leave(referent, person, 30 * n + 5)
        client = app.test_client()
        login(client, referent)
        client.get("/referent/stagiaires")
        with counting_queries() as statements:
            response = client.get("/referent/stagiaires")
        assert response.status_code == 200
        assert page_text(response).count("Noter le contact") >= 1
        counts[people] = len(statements)
    assert counts[2] == counts[8], counts
    assert counts[2] <= 16, counts


# -- recording a contact ------------------------------------------------------------------


def test_the_referent_records_a_contact(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 35)
    contact = _contact(trainee, 1)
    login(client, referent)
    assert "Noter le contact" in page_text(client.get(f"/referent/suivi/{contact.id}"))
    response = client.post(
        f"/referent/suivi/{contact.id}",
        data={
            "done_on": TODAY.isoformat(),
            "method": "rencontre",
            "situation": "interim",
            "comment": "  Il enchaîne les missions.  ",
        },
        follow_redirects=True,
    )
    assert "Contact enregistré." in page_text(response)
    db.session.expire_all()
    assert (contact.done_on, contact.method, contact.situation, contact.comment) == (
        TODAY,
        "rencontre",
        "interim",
        "Il enchaîne les missions.",
    )
    assert contact.recorded_by_id == referent.id


def test_no_answer_needs_no_situation(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 35)
    contact = _contact(trainee, 1)
    login(client, referent)
    client.post(
        f"/referent/suivi/{contact.id}",
        data={"done_on": TODAY.isoformat(), "method": "sans_reponse", "situation": "cdi"},
    )
    db.session.expire_all()
    assert contact.method == "sans_reponse" and contact.situation is None


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"method": "telephone", "situation": "cdi"}, "La date est obligatoire"),
        ({"done_on": "hier", "method": "telephone", "situation": "cdi"}, "date"),
        ({"done_on": "2999-01-01", "method": "telephone", "situation": "cdi"}, "futur"),
        ({"done_on": "2001-01-01", "method": "telephone", "situation": "cdi"}, "avant la sortie"),
        (
            {"done_on": TODAY.isoformat(), "method": "pigeon", "situation": "cdi"},
            "comment le contact",
        ),
        ({"done_on": TODAY.isoformat(), "situation": "cdi"}, "comment le contact"),
        ({"done_on": TODAY.isoformat(), "method": "telephone"}, "situation du jeune"),
        (
            {"done_on": TODAY.isoformat(), "method": "telephone", "situation": "vacances"},
            "situation du jeune",
        ),
        (
            {
                "done_on": TODAY.isoformat(),
                "method": "telephone",
                "situation": "cdi",
                "comment": "x" * 501,
            },
            "500",
        ),
    ],
)
def test_bad_input_changes_nothing_and_says_why(
    app: Any, client: Any, data: dict[str, str], says: str
) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 35)
    contact = _contact(trainee, 1)
    login(client, referent)
    response = client.post(f"/referent/suivi/{contact.id}", data=data)
    assert response.status_code == 200
    assert says in page_text(response)
    db.session.expire_all()
    assert contact.done_on is None and contact.method is None


# -- access -------------------------------------------------------------------------------


def test_who_may_reach_a_contact(app: Any) -> None:
    site, referent, trainee = team()
    _leave(referent, trainee, 35)
    contact = _contact(trainee, 1)
    colleague = make_user(Role.REFERENT, site=site)
    other_site_referent = make_user(Role.REFERENT)
    company = make_user(Role.COMPANY, site=site)
    admin = make_user(Role.ADMIN, site=site)
    good = {"done_on": TODAY.isoformat(), "method": "telephone", "situation": "cdi"}
    for person in (colleague, other_site_referent, trainee, company, admin):
        client = app.test_client()
        login(client, person)
        assert client.get(f"/referent/suivi/{contact.id}").status_code == 404, person.role
        assert client.post(f"/referent/suivi/{contact.id}", data=good).status_code == 404
        assert (
            client.post(f"/referent/suivi/{contact.id}/message", data={"body": "Salut"}).status_code
            == 404
        )
    client = app.test_client()
    login(client, referent)
    assert client.get("/referent/suivi/999999").status_code == 404
    assert client.get("/referent/suivi/99999999999").status_code == 404
    db.session.expire_all()
    assert contact.done_on is None
    assert db.session.scalar(select(func.count(Conversation.id))) == 0


def test_a_referent_who_no_longer_follows_gets_404(app: Any, client: Any) -> None:
    from portfolio.services import accounts

    site, referent, trainee = team()
    _leave(referent, trainee, 35)
    contact = _contact(trainee, 1)
    accounts.assign_referent(trainee, make_user(Role.REFERENT, site=site))
    db.session.commit()
    login(client, referent)
    assert client.get(f"/referent/suivi/{contact.id}").status_code == 404
    assert 'id="suivi"' not in page_text(client.get("/referent/stagiaires"))


# -- the message --------------------------------------------------------------------------


def test_the_message_is_prefilled_and_goes_through_the_conversations(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    trainee.first_name = "Jade"
    db.session.commit()
    _leave(referent, trainee, 92)
    contact = _contact(trainee, 3)
    login(client, referent)
    page = page_text(client.get(f"/referent/suivi/{contact.id}"))
    assert "Bonjour Jade, comment ça va depuis ta sortie ?" in page
    response = client.post(
        f"/referent/suivi/{contact.id}/message",
        data={"body": "Bonjour Jade, comment ça va depuis ta sortie ?"},
        follow_redirects=True,
    )
    assert "Message envoyé à Jade." in page_text(response)
    message = db.session.scalar(select(ConversationMessage))
    assert message is not None and message.author_id == referent.id
    assert message.conversation.trainee_id == trainee.id
    db.session.expire_all()
    assert contact.messaged_at is not None
    # The young person who left still logs in and reads it.
    reader = app.test_client()
    login(reader, trainee)
    assert "comment ça va depuis ta sortie" in page_text(
        reader.get(f"/messages/{message.conversation_id}")
    )


def test_an_empty_message_is_refused(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    _leave(referent, trainee, 92)
    contact = _contact(trainee, 3)
    login(client, referent)
    response = client.post(f"/referent/suivi/{contact.id}/message", data={"body": "  "})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Conversation.id))) == 0
    db.session.expire_all()
    assert contact.messaged_at is None


# -- reminders ----------------------------------------------------------------------------


def test_reminders_mail_each_referent_once(app: Any) -> None:
    site, referent, trainee = team()
    referent.email = "claire@example.org"
    other = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Zoé")
    far = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Loin")
    db.session.commit()
    _leave(referent, trainee, 88)  # 3 months: within a week (1 month: late, never reminded)
    _leave(referent, other, 28)  # 1 month: within a week
    _leave(referent, far, 1)  # nothing due before a month
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["followup", "remind", "--dry-run"])
    assert "3 contacts, 1 mails" in dry.output, dry.output
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0
    first = runner.invoke(args=["followup", "remind"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["followup", "remind"])
    assert "0 contacts reminded, 0 mails" in second.output
    mails = list(db.session.scalars(select(OutgoingMail)))
    assert len(mails) == 1 and mails[0].user_id == referent.id
    assert "Zoé" in mails[0].text_body and "contact à 3 mois" in mails[0].text_body
    assert "Loin" not in mails[0].text_body
    assert "/referent/stagiaires#suivi" in mails[0].text_body


def test_reminders_skip_contacts_done(app: Any) -> None:
    _site, referent, trainee = team()
    referent.email = "claire@example.org"
    db.session.commit()
    _leave(referent, trainee, 28)
    contact = _contact(trainee, 1)
    contact.done_on, contact.method = TODAY, "sans_reponse"
    db.session.commit()
    assert write_reminders().contacts == 0


def test_one_tap_from_the_caseload_sends_the_prefilled_message(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    trainee.first_name = "Jade"
    db.session.commit()
    _leave(referent, trainee, 92)
    login(client, referent)
    html = page_text(client.get("/referent/stagiaires"))
    section = html.split('id="suivi"')[1]
    assert "Envoyer un message" in section
    body = section.split('name="body" value="')[1].split('"')[0]
    assert body.startswith("Bonjour Jade, comment ça va depuis ta sortie ?")
    contact = _contact(trainee, 3)
    client.post(f"/referent/suivi/{contact.id}/message", data={"body": body})
    message = db.session.scalar(select(ConversationMessage))
    assert message is not None and message.body.startswith("Bonjour Jade")
    after = page_text(client.get("/referent/stagiaires")).split('id="suivi"')[1]
    assert "Message envoyé le" in after


def test_the_file_of_one_who_left_shows_their_follow_up(app: Any, client: Any) -> None:
    site, referent, staying = team()
    left = make_user(Role.TRAINEE, site=site, referent=referent, first_name="Partie")
    _leave(referent, left, 92)
    login(client, referent)
    client.post(
        f"/referent/suivi/{_contact(left, 1).id}",
        data={"done_on": TODAY.isoformat(), "method": "telephone", "situation": "cdi"},
    )
    page = page_text(client.get(f"/referent/stagiaires/{left.id}"))
    follow_up = page[page.index('id="suivi"') : page.index('id="objectifs"')]
    assert "Suivi après la sortie" in follow_up and "Emploi en CDD" in follow_up
    assert f'/referent/suivi/{_contact(left, 3).id}"' in follow_up and "À faire" in follow_up
    assert "<summary>Contacts : 1 fait, 2 à venir</summary>" in follow_up
    assert 'id="suivi"' not in page_text(client.get(f"/referent/stagiaires/{staying.id}"))


def test_the_leavers_items_escape_what_people_typed(app: Any, client: Any) -> None:
    site, referent, _staying = team()
    left = make_user(Role.TRAINEE, site=site, referent=referent)
    left.first_name, left.last_name = '"><b>Zoé', "<script>x()</script>"
    db.session.commit()
    _leave(referent, left, 92)  # the 3 months' contact to make now, its message prefilled
    login(client, referent)
    for path in ("/referent/stagiaires", "/referent/sortis", f"/referent/stagiaires/{left.id}"):
        html = client.get(path).get_data(as_text=True)
        item = html[html.index('class="followup-list"') :]
        assert "<script>" not in html and "<b>" not in item, path
        assert 'value="Bonjour &#34;&gt;&lt;b&gt;Zoé, comment ça va' in item, path
    names = client.get("/referent/sortis").get_data(as_text=True)
    assert "&#34;&gt;&lt;b&gt;Zoé &lt;script&gt;x()&lt;/script&gt;</a></h2>" in names
