"""E-mails received by a real SMTP server (aiosmtpd): immediate mails, the daily digest, the
person's choice, the one-click unsubscribe, and a server that is down."""

from __future__ import annotations

from builders_referent import make_note, team
from click.testing import Result
from smtpserver import free_port, point_app_at
from sqlalchemy import func, select

from builders import counting_queries, login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import MailFrequency, OutgoingMail, Role, User
from portfolio.notifications.services import preferences
from portfolio.notifications.services.outbox import notify_direct_message


def _people(email: str = "lina@example.fr", **trainee: object) -> tuple[User, User]:
    _site, referent, pupil = team()
    pupil.email = email
    pupil.first_name = "Lina"
    for key, value in trainee.items():
        setattr(pupil, key, value)
    referent.first_name = "Claire"
    db.session.commit()
    return referent, pupil


def _choose(user: User, frequency: MailFrequency) -> None:
    preferences.set_frequency(user, frequency.value)
    db.session.commit()


def _digest(app, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["notifications", "digest", *args])


def _end_of_request(client) -> None:
    """Mails leave at the end of the request whose transaction wrote them; the builders
    commit outside one, so the next request that may write (any POST) sends them."""
    client.post("/desabonnement/-")


def test_a_shared_note_is_mailed_at_once_to_who_chose_tout_de_suite(app, client, inbox):
    referent, pupil = _people()
    _choose(pupil, MailFrequency.IMMEDIATE)
    note = make_note(referent, pupil)
    _end_of_request(client)
    [mail] = inbox.wait_for("lina@example.fr")
    assert mail.subject == "Une nouvelle note de Claire"
    text = mail.text()
    assert "Bonjour Lina," in text
    assert "Claire a écrit une note pour vous." in text
    assert f"/mon-suivi/notes/{note.id}" in text
    assert "Ne plus recevoir d'e-mails" in text
    assert "Claire a écrit une note pour vous." in mail.html()
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip().strip("<>")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text

    # The link opens logged out and changes nothing until the button is pressed.
    path = unsubscribe.split("localhost", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Ne plus recevoir d'e-mails" in page_text(page)
    assert preferences.frequency_of(pupil) is MailFrequency.IMMEDIATE
    # The mail client's one-click POST (RFC 8058): no cookie, no CSRF token.
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "vous ne recevrez plus d'e-mails" in page_text(done)
    db.session.expire_all()
    assert preferences.frequency_of(pupil) is MailFrequency.NEVER


def test_a_forged_unsubscribe_link_changes_nothing(client):
    _referent, pupil = _people()
    token = preferences.unsubscribe_token(pupil)
    for bad in (token[:-2] + "xx", "nimporte-quoi", "a" * 300):
        response = client.post(f"/desabonnement/{bad}", data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 404
        assert "Ce lien ne marche pas" in page_text(response)
    db.session.expire_all()
    assert preferences.frequency_of(pupil) is MailFrequency.DAILY


def test_the_daily_digest_tells_the_news_once(app, client, inbox):
    referent, pupil = _people()
    make_note(referent, pupil)  # default choice: a summary per day, nothing at once
    _end_of_request(client)
    assert inbox.for_address("lina@example.fr") == []

    dry = _digest(app, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 digests, 1 items" in dry.output
    assert "Lina" not in dry.output and "lina@" not in dry.output  # no personal data
    assert inbox.for_address("lina@example.fr") == []

    first = _digest(app)
    assert first.exit_code == 0, first.output
    [mail] = inbox.wait_for("lina@example.fr")
    assert mail.subject == "Une nouveauté pour vous"
    assert "Voici ce qui est nouveau pour vous :" in mail.text()
    assert "- Claire a écrit une note pour vous." in mail.text()
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    second = _digest(app)  # run twice: mailed once
    assert second.exit_code == 0, second.output
    assert len(inbox.for_address("lina@example.fr")) == 1

    make_note(referent, pupil, situation="Atelier jardin.")
    _digest(app)
    assert len(inbox.wait_for("lina@example.fr", count=2)) == 2


def test_jamais_means_no_mail_at_all(app, client, inbox):
    referent, pupil = _people()
    _choose(pupil, MailFrequency.NEVER)
    make_note(referent, pupil)
    notify_direct_message(pupil.id, "Claire", "http://localhost/messages/1")
    db.session.commit()
    _end_of_request(client)
    assert _digest(app).exit_code == 0
    assert inbox.for_address("lina@example.fr") == []
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0


def test_a_direct_message_is_mailed_at_once_even_with_the_daily_summary(client, inbox):
    _referent, pupil = _people()
    assert notify_direct_message(pupil.id, "Claire", "http://localhost/messages/7") is not None
    db.session.commit()
    _end_of_request(client)
    [mail] = inbox.wait_for("lina@example.fr")
    assert mail.subject == "Claire vous a écrit"
    assert "http://localhost/messages/7" in mail.text()
    assert notify_direct_message(10**9, "Claire", "http://localhost/x") is None


def test_a_trainee_without_email_gets_nothing_and_sees_it_in_the_app(app, client, inbox):
    referent, pupil = _people(email=None)  # type: ignore[arg-type]
    make_note(referent, pupil)
    assert _digest(app).exit_code == 0
    assert inbox.mails == []
    login(client, pupil)
    assert "Claire a écrit une note pour vous." in page_text(client.get("/"))
    settings = page_text(client.get("/parametres"))
    assert "Votre compte n'a pas d'adresse e-mail" in settings


def test_mails_follow_the_language_of_the_recipient(app, client, inbox):
    referent, pupil = _people(locale="en")
    _choose(pupil, MailFrequency.IMMEDIATE)
    make_note(referent, pupil)
    _end_of_request(client)
    [mail] = inbox.wait_for("lina@example.fr")
    assert mail.subject == "A new note from Claire"
    assert "Hello Lina," in mail.text()
    assert "Stop receiving e-mails" in mail.text()


def test_a_server_that_is_down_never_breaks_the_page_and_the_digest_retries(
    app, client, inbox, caplog
):
    referent, pupil = _people()
    _choose(pupil, MailFrequency.IMMEDIATE)
    working = dict(app.config)
    point_app_at(app, {"MAIL_PORT": free_port()})  # nobody listens there
    login(client, pupil)
    make_note(referent, pupil)
    # The request that ends while the server is down still answers as usual.
    saved = client.post("/parametres/e-mails", data={"frequency": "immediate"})
    assert saved.status_code == 302
    assert "C'est noté." in page_text(client.get("/parametres"))
    mail = db.session.scalar(select(OutgoingMail))
    assert mail is not None and mail.sent_at is None and mail.attempts == 1
    assert "lina@example.fr" not in caplog.text and "Lina" not in caplog.text
    point_app_at(app, {"MAIL_PORT": working["MAIL_PORT"]})
    result = _digest(app)
    assert result.exit_code == 0, result.output
    [received] = inbox.wait_for("lina@example.fr")
    assert received.subject == "Une nouvelle note de Claire"


def test_the_settings_page_records_the_choice(client):
    _referent, pupil = _people()
    login(client, pupil)
    page = page_text(client.get("/parametres"))
    assert "Nous vous écrivons à lina@example.fr." in page
    assert "Un résumé par jour" in page and "Tout de suite" in page and "Jamais" in page
    response = client.post("/parametres/e-mails", data={"frequency": "immediate"})
    assert response.status_code == 302
    db.session.expire_all()
    assert preferences.frequency_of(pupil) is MailFrequency.IMMEDIATE
    for bad in ({"frequency": "hourly"}, {}, {"frequency": ""}):
        response = client.post("/parametres/e-mails", data=bad, follow_redirects=True)
        assert "Choisissez quand recevoir les e-mails." in page_text(response)
        db.session.expire_all()
        assert preferences.frequency_of(pupil) is MailFrequency.IMMEDIATE


def test_companies_and_admins_are_not_offered_a_choice_they_cannot_use(client):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    assert "Quand recevoir les e-mails" not in page_text(client.get("/parametres"))


def test_the_digest_costs_the_same_whatever_the_number_of_news(app, inbox):
    from portfolio.notifications.services.digest import write_digests

    referent, pupil = _people()
    make_note(referent, pupil)
    with counting_queries() as few:
        write_digests()
    db.session.rollback()
    for n in range(6):
        make_note(referent, pupil, situation=f"Atelier {n}.")
    with counting_queries() as many:
        report = write_digests()
    assert report.items == 7
    assert len(many) == len(few)
    db.session.rollback()


def test_the_digest_counts_queries_per_person_not_per_item(app, inbox):
    from portfolio.notifications.services.digest import write_digests

    def per_people(n: int) -> int:
        for _ in range(n):
            referent, pupil = _people(email=f"p{free_port()}@example.fr")
            make_note(referent, pupil)
        with counting_queries() as statements:
            write_digests()
        db.session.rollback()
        return len(statements)

    one = per_people(1)
    three = per_people(2)  # now three people with news
    assert three - one <= 2 * (one + 1)


def test_a_company_contact_is_mailed_at_once_to_who_chose_tout_de_suite(client, inbox):
    from builders_company import make_contact, make_partner, publish_trainee

    pub = publish_trainee()
    pub.trainee.email = "eva@example.fr"
    db.session.commit()
    _choose(pub.trainee, MailFrequency.IMMEDIATE)
    contact = make_contact(make_partner(pub.trainee.site, name="Boulangerie Dupont"), pub.showcase)
    _end_of_request(client)
    [mail] = inbox.wait_for("eva@example.fr")
    assert mail.subject == "Message de Boulangerie Dupont"
    assert "Boulangerie Dupont voudrait vous rencontrer." in mail.text()
    assert f"/vitrine/contacts/{contact.id}" in mail.text()


def test_tout_de_suite_gets_in_the_digest_only_what_was_not_mailed_already(app, client, inbox):
    from portfolio.referent.services import notes as note_service

    referent, pupil = _people()
    _choose(pupil, MailFrequency.IMMEDIATE)
    note = make_note(referent, pupil)
    _end_of_request(client)
    inbox.wait_for("lina@example.fr")
    note_service.reply_to_note(referent, note, "Bravo, on en reparle jeudi.")
    db.session.commit()
    assert _digest(app).exit_code == 0
    digest = inbox.wait_for("lina@example.fr", count=2)[-1]
    assert "- Claire vous a répondu." in digest.text()
    assert "a écrit une note" not in digest.text()
