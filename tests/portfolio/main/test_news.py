"""'Nouveau pour vous': what is new for whom, marking it seen, and no leak across trainees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from builders_company import make_contact, make_offer, make_partner, publish_trainee
from builders_referent import make_note, team

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.conversations import services as conversations
from portfolio.extensions import db
from portfolio.main.services import news
from portfolio.models import Conversation, NewsKind, Role, utcnow
from portfolio.referent.services import notes as note_service
from portfolio.referent.services import reviews as review_service
from portfolio.services.errors import NotFound


def _kinds(user: Any) -> list[NewsKind]:
    return [item.kind for item in news.new_items(user, limit=None)[0]]


def test_a_shared_note_and_a_referent_reply_are_new_for_the_trainee(app: Any) -> None:
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    make_note(referent, trainee, visibility="team")  # kept for the team: never told
    note_service.reply_to_note(referent, note, "Bravo pour cette journée.")
    db.session.commit()
    assert sorted(_kinds(trainee)) == [NewsKind.NOTE, NewsKind.NOTE_REPLY]
    assert sorted(i.text for i in news.new_items(trainee, limit=None)[0]) == [
        f"{referent.first_name} a écrit une note pour vous.",
        f"{referent.first_name} vous a répondu.",
    ]


def test_opening_the_list_marks_everything_seen_and_a_later_item_is_new(app: Any) -> None:
    _site, referent, trainee = team()
    make_note(referent, trainee)
    news.mark_all_seen(trainee)
    db.session.commit()
    assert _kinds(trainee) == []
    make_note(referent, trainee)
    assert _kinds(trainee) == [NewsKind.NOTE]


def test_opening_one_item_marks_that_one_only(app: Any) -> None:
    _site, referent, trainee = team()
    first = make_note(referent, trainee)
    make_note(referent, trainee)
    news.mark_seen(trainee, NewsKind.NOTE, first.id)
    db.session.commit()
    left = news.new_items(trainee, limit=None)[0]
    assert [item.record_id for item in left] != [first.id] and len(left) == 1


def test_a_company_contact_is_new_for_the_trainee_and_their_referent(app: Any) -> None:
    published = publish_trainee()
    company = make_partner(published.trainee.site)
    make_contact(company, published.showcase)
    assert NewsKind.CONTACT in _kinds(published.trainee)
    assert _kinds(published.referent) == [NewsKind.CONTACT]


def test_an_open_offer_in_the_trade_of_the_project_is_new_for_the_trainee(app: Any) -> None:
    """Only open offers of the trainee's site, from an approved company, published in the last
    60 days, in a trade of the project's ROME family (a G1602 offer meets a G1609 project)."""
    published = publish_trainee(trades=("G1609",), kinds=("job",))
    trainee, site = published.trainee, published.trainee.site
    company = make_partner(site)
    same = make_offer(company, rome_code="G1602:12756", kind="internship")
    make_offer(company, rome_code="G1803")  # another trade
    closed, ended, old = (make_offer(company, rome_code="G1609") for _ in range(3))
    closed.closed_at = utcnow()
    ended.starts_on = ended.ends_on = utcnow().date() - timedelta(days=2)
    old.created_at = utcnow() - news.WINDOW - timedelta(days=1)
    withdrawn = make_partner(site, name="Plus partenaire")
    make_offer(withdrawn, rome_code="G1609")
    withdrawn.company.approved_at = None  # no longer a partner of the school
    make_offer(make_partner(make_site()), rome_code="G1609")  # another site
    db.session.commit()
    offers = [i for i in news.new_items(trainee, limit=None)[0] if i.kind is NewsKind.OFFER]
    assert [(i.record_id, i.text) for i in offers] == [
        (same.id, "Une offre pour votre projet : Apprenti boulanger.")
    ]
    news.mark_seen(trainee, NewsKind.OFFER, same.id)
    db.session.commit()
    assert NewsKind.OFFER not in _kinds(trainee)
    # No project: no offer is "for your project".
    stranger = make_user(Role.TRAINEE, site=site)
    assert NewsKind.OFFER not in _kinds(stranger)


def test_the_referent_is_told_of_a_reply_and_of_a_bilan_agreed(app: Any) -> None:
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    note_service.reply_to_note(referent, note, "Ma réponse à moi.")  # their own: not news
    note_service.reply_to_note(trainee, note, "Merci, je vais écrire la trace.")
    review = review_service.create_review(referent, trainee, _review_input())
    review_service.agree_to_review(trainee, review, "D'accord.")
    db.session.commit()
    assert sorted(_kinds(referent)) == [NewsKind.NOTE_REPLY, NewsKind.REVIEW_ANSWER]
    assert [i.trainee_id for i in news.new_items(referent, limit=None)[0]] == [trainee.id] * 2
    name = f"{trainee.first_name} {trainee.last_name}"
    assert sorted(i.text for i in news.new_items(referent, limit=None)[0]) == [
        f"{name} a donné son accord au bilan, avec un mot.",
        f"{name} a répondu à une note.",
    ]


def test_no_leak_across_trainees_nor_sites(app: Any) -> None:
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    stranger_referent = make_user(Role.REFERENT, site=site)
    note = make_note(referent, trainee)
    note_service.reply_to_note(trainee, note, "Réponse.")
    db.session.commit()
    assert _kinds(other) == []
    assert _kinds(stranger_referent) == []
    reply = note.replies[0]
    for outsider in (other, stranger_referent):
        with pytest.raises(NotFound):
            news.mark_seen(outsider, NewsKind.NOTE_REPLY, reply.id)
    with pytest.raises(NotFound):
        news.mark_seen(other, NewsKind.NOTE, note.id)
    with pytest.raises(NotFound):  # a trainee's own reply is not news for them
        news.mark_seen(trainee, NewsKind.NOTE_REPLY, reply.id)


def _review_input() -> Any:
    from datetime import date

    return review_service.ReviewInput(
        held_on=date.today(), participants="Claire", summary="Un bon mois."
    )


# -- views --------------------------------------------------------------------------------


def test_the_home_shows_the_news_and_the_link_opens_it_and_marks_it(app: Any, client: Any) -> None:
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    login(client, trainee)
    home = page_text(client.get("/"))
    assert "Nouveau pour vous" in home and "a écrit une note pour vous" in home
    opened = client.get(f"/nouveau/note/{note.id}")
    assert opened.status_code == 302 and opened.location.endswith(f"/mon-suivi/notes/{note.id}")
    assert "Rien de nouveau depuis votre dernière visite" in page_text(client.get("/"))


def test_someone_elses_item_answers_404_and_marks_nothing(app: Any, client: Any) -> None:
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    note = make_note(referent, trainee)
    login(client, other)
    assert client.get(f"/nouveau/note/{note.id}").status_code == 404
    assert client.get(f"/nouveau/pas-un-genre/{note.id}").status_code == 404
    assert client.get("/nouveau/note/99999999999").status_code == 404
    assert _kinds(trainee) == [NewsKind.NOTE]


def test_the_caseload_counts_unread_per_trainee(app: Any, client: Any) -> None:
    site, referent, trainee = team()
    make_user(Role.TRAINEE, site=site, referent=referent, first_name="Calme")
    note = make_note(referent, trainee)
    note_service.reply_to_note(trainee, note, "Merci !")
    db.session.commit()
    login(client, referent)
    page = page_text(client.get("/referent/stagiaires"))
    assert f"{trainee.full_name} a répondu à une note" in page
    assert page.count("1 nouveau") == 1
    client.get("/nouveau")  # opening the list marks it all seen
    assert "1 nouveau" not in page_text(client.get("/referent/stagiaires"))


def _queries(client: Any, url: str) -> int:
    client.get(url)  # warm: the summary kept in memory, the first connection
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_news_cost_the_same_queries_for_one_item_and_for_many(app: Any) -> None:
    """Names and companies come with the list: 1 or 7 items, the home and the caseload run
    the same number of queries."""
    published = publish_trainee()
    trainee, referent = published.trainee, published.referent
    company = make_partner(trainee.site)
    note = make_note(referent, trainee)
    note_service.reply_to_note(trainee, note, "Merci !")
    db.session.commit()
    client, staff = app.test_client(), app.test_client()
    login(client, trainee)
    login(staff, referent)
    home_one = _queries(client, "/")
    caseload_one = _queries(staff, "/referent/stagiaires")
    for n in range(5):
        more = make_note(referent, trainee)
        note_service.reply_to_note(referent, more, f"Bravo {n}")
        note_service.reply_to_note(trainee, more, f"Merci {n}")
    db.session.commit()
    make_contact(company, published.showcase)
    home_many = page_text(client.get("/"))
    assert "voudrait vous rencontrer" in home_many and "vous a répondu" in home_many
    assert _queries(client, "/") == home_one
    caseload = page_text(staff.get("/referent/stagiaires"))
    assert "Voir tout (7 nouveaux)" in caseload  # six replies and a contact; five shown
    assert caseload.count("a répondu à une note") == 4 and "a écrit à" in caseload
    assert _queries(staff, "/referent/stagiaires") == caseload_one


def test_the_more_page_lists_every_menu_link_and_logs_out(app: Any, client: Any) -> None:
    _site, _referent, trainee = team()
    login(client, trainee)
    page = client.get("/plus").get_data(as_text=True)
    for words in ("Ma vitrine", "Offres", "Mes compétences", "Paramètres", "Se déconnecter"):
        assert words in page


def test_the_home_reads_its_figures_with_the_menu_and_the_trades_with_the_path(
    app: Any,
) -> None:
    """The home's offers come from the project's trades read with the path's facts, and its
    figures ("Où j'en suis") with the menu's counts: what the trainee reads is unchanged."""
    published = publish_trainee(trades=("G1609",), kinds=("job",))
    trainee, referent = published.trainee, published.referent
    make_offer(make_partner(trainee.site), rome_code="G1602:12756", kind="internship")
    conversations.start_conversation(referent, trainee, "Demain", "Rendez-vous à 9 h.")
    db.session.commit()
    client = app.test_client()
    login(client, trainee)
    client.get("/")  # warm: the first connection
    with counting_queries() as statements:
        home = page_text(client.get("/"))
    assert "Une offre pour votre projet : Apprenti boulanger." in home
    assert "Messages (1 non lu)" in home  # the menu's count
    assert "2 traces en tout" in home and "0 objectif en cours" in home  # the figures
    trades_alone = [s for s in statements if s.lstrip().startswith("SELECT project_trade")]
    assert trades_alone == []  # read with the path's facts
    counts = [s for s in statements if "count(conversation_message.id)" in s]
    assert len(counts) == 1 and "count(objective.id)" in counts[0]
    # Reading the thread: the next home's menu has nothing unread, its figures the same.
    client.get(f"/messages/{db.session.query(Conversation).one().id}")
    again = page_text(client.get("/"))
    assert "Messages (1 non lu)" not in again and "2 traces en tout" in again
