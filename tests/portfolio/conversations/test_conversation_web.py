"""The conversation pages as people use them: write, answer, see "Lu", count what is unread."""

from __future__ import annotations

import io
from typing import Any

from builders_conversations import HTML_AS_PDF, pdf_bytes
from builders_referent import team
from builders_traces import jpeg_bytes

from builders import counting_queries, login, make_user, page_text
from portfolio.conversations import services as svc
from portfolio.extensions import db
from portfolio.models import Conversation, ConversationMessage, Role


def _post(client: Any, url: str, **data: Any) -> Any:
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_trainee_writes_to_the_referent_who_answers_and_sees_lu(app: Any) -> None:
    _site, referent, trainee = team()
    pupil, staff = app.test_client(), app.test_client()
    login(pupil, trainee)
    login(staff, referent)
    inbox = page_text(pupil.get("/messages"))
    assert f"Écrire à {referent.first_name}" in inbox and "Pas encore de message." in inbox

    sent = _post(
        pupil,
        "/messages/nouveau",
        subject="Mon stage",
        body="Je commence à quelle heure ?",
        files=[(io.BytesIO(jpeg_bytes()), "photo.jpg")],
    )
    assert sent.status_code == 302
    thread = db.session.query(Conversation).one()
    shown = pupil.get(sent.headers["Location"])
    page = page_text(shown)
    assert "Message envoyé." in page and "Je commence à quelle heure ?" in page
    assert 'class="message-read"' not in shown.get_data(as_text=True)  # no "Lu" yet

    with counting_queries() as statements:
        caseload = page_text(staff.get("/referent/stagiaires"))
    assert "1 message non lu" in caseload
    assert f"{trainee.full_name} vous a écrit." in caseload  # "Nouveau"
    assert "Messages (1 non lu)" in caseload  # the menu: the table's figures, added up
    counted = [s for s in statements if "trainee_messages_seen" in s]
    assert len(counted) == 1, counted  # once for the table and the menu
    assert "Messages (1 non lu)" in page_text(staff.get("/plus"))
    opened = page_text(staff.get(f"/messages/{thread.id}"))
    assert "Je commence à quelle heure ?" in opened and "Avec " + trainee.full_name in opened
    assert "1 message non lu" not in page_text(staff.get("/referent/stagiaires"))

    seen = pupil.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert '<p class="message-read">Lu</p>' in seen.split("Je commence")[1]
    _post(staff, f"/messages/{thread.id}", body="9 h, à l'accueil.")
    home = page_text(pupil.get("/"))
    assert f"{referent.first_name} vous a écrit." in home  # "Nouveau pour vous"
    assert "Messages (1 non lu)" in page_text(pupil.get("/plus"))
    pupil.get(f"/messages/{thread.id}")
    assert "Messages (1 non lu)" not in page_text(pupil.get("/plus"))


def test_a_news_item_leads_to_the_thread(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(referent, trainee, "Bonjour", "Premier message")
    db.session.commit()
    message = thread.messages[0]
    login(client, trainee)
    response = client.get(f"/nouveau/message/{message.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/messages/{thread.id}#dernier")
    other = app.test_client()
    login(other, make_user(Role.TRAINEE, site=trainee.site))
    assert other.get(f"/nouveau/message/{message.id}").status_code == 404


def test_bad_input_on_the_form_says_why_and_sends_nothing(app: Any, client: Any) -> None:
    _site, _referent, trainee = team()
    login(client, trainee)
    empty = _post(client, "/messages/nouveau", subject="Sujet", body="  ")
    assert empty.status_code == 200
    assert "Le message est vide" in page_text(empty)
    fake = _post(
        client,
        "/messages/nouveau",
        subject="CV",
        body="Mon CV",
        files=[(io.BytesIO(HTML_AS_PDF.data), HTML_AS_PDF.filename)],
    )
    assert "Ce fichier n'est pas un vrai PDF." in page_text(fake)
    assert 'value="CV"' in fake.get_data(as_text=True)  # what was typed is kept
    assert db.session.query(ConversationMessage).count() == 0


def test_a_referent_writes_to_all_their_trainees_at_once(app: Any, client: Any) -> None:
    site, referent, first = team()
    second = make_user(Role.TRAINEE, site=site, referent=referent)
    _s, _other_referent, stranger = team(site)
    login(client, referent)
    form = page_text(client.get("/messages/nouveau"))
    assert first.full_name in form and second.full_name in form
    assert stranger.full_name not in form
    sent = _post(
        client,
        "/messages/nouveau",
        everyone="y",
        subject="Atelier CV",
        body="Jeudi 10 h",
        files=[(io.BytesIO(pdf_bytes()), "atelier.pdf")],
    )
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/messages")
    assert sorted(c.trainee_id for c in db.session.query(Conversation)) == sorted(
        [first.id, second.id]
    )
    refused = _post(
        client, "/messages/nouveau", trainees=str(stranger.id), subject="S", body="Coucou"
    )
    assert refused.status_code == 404
    assert db.session.query(Conversation).count() == 2


def test_the_thread_list_costs_the_same_queries_for_one_thread_and_many(app: Any) -> None:
    site, referent, trainee = team()
    others = [make_user(Role.TRAINEE, site=site, referent=referent) for _ in range(2)]

    def queries(client: Any) -> int:
        client.get("/messages")
        with counting_queries() as statements:
            assert client.get("/messages").status_code == 200
        return len(statements)

    pupil, staff = app.test_client(), app.test_client()
    login(pupil, trainee)
    login(staff, referent)
    svc.start_conversation(trainee, trainee, "Un", "Bonjour")
    db.session.commit()
    one = (queries(pupil), queries(staff))
    threads = []
    for n in range(6):
        thread = svc.start_conversation(trainee, trainee, f"Sujet {n}", "Texte")
        svc.post_message(referent, thread, "Réponse", [svc.Upload("a.pdf", pdf_bytes())])
        threads.append(thread)
    svc.send_to_group(referent, [t.id for t in others], "Groupe", "Pour tous")
    db.session.commit()
    many = (queries(pupil), queries(staff))
    assert one == many, (one, many)
    assert page_text(pupil.get("/messages")).count("1 non lu") == 6
    pupil.get(f"/messages/{threads[3].id}")  # each thread counts from its own read point
    assert page_text(pupil.get("/messages")).count("1 non lu") == 5


def test_a_covering_colleague_counts_the_covered_trainees_messages_in_one_menu_query(
    app: Any,
) -> None:
    """The menu's counts ("Messages", "Vitrines", "Avis") are one query; the trainees a
    referent covers during a hand-over count, and stop counting when it ends."""
    from datetime import timedelta

    from portfolio.models import utcnow
    from portfolio.services import accounts

    site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=site)
    pupil, staff = app.test_client(), app.test_client()
    login(pupil, trainee)
    login(staff, colleague)
    _post(pupil, "/messages/nouveau", subject="Mon stage", body="Je commence quand ?")
    assert "Messages (1 non lu)" not in page_text(staff.get("/plus"))
    today = utcnow().date()
    handover = accounts.start_handover(referent, colleague, today, today + timedelta(days=3))
    db.session.commit()
    with counting_queries() as statements:
        text = page_text(staff.get("/plus"))
    assert "Messages (1 non lu)" in text
    counts = [s for s in statements if "count(" in s.lower()]
    assert len(counts) == 1, counts
    handover.ends_on = handover.starts_on = today - timedelta(days=1)
    db.session.commit()
    assert "Messages (1 non lu)" not in page_text(staff.get("/plus"))
