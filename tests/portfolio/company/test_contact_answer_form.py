"""The trainee's answer to a company's contact request: the form says one thing only."""

from __future__ import annotations

from builders_company import make_contact, make_partner, publish_trainee

from builders import duplicate_ids, login, page_text


def _answer_page(app, client, *, with_tokens: bool = False):
    pub = publish_trainee(email="yanis.h@example.org")
    contact = make_contact(make_partner(pub.trainee.site), pub.showcase)
    login(client, pub.trainee)
    app.config["WTF_CSRF_ENABLED"] = with_tokens  # each form carries its token, as in production
    return client.get(f"/vitrine/contacts/{contact.id}")


def test_the_answer_form_asks_for_one_way_to_be_reached_without_calling_both_optional(app, client):
    response = _answer_page(app, client)
    text = page_text(response)
    assert "Il en faut au moins un" in text
    assert "Mon e-mail (facultatif)" not in text and "Mon téléphone (facultatif)" not in text


def test_the_accept_and_decline_forms_do_not_share_ids(app, client):
    response = _answer_page(app, client, with_tokens=True)
    html = response.get_data(as_text=True)
    assert not duplicate_ids(html)
    # each "un mot pour l'entreprise" label names its own box
    assert 'for="accept-message"' in html and 'for="decline-message"' in html
