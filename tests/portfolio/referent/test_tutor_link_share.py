"""Passing the tutor their link: copy button, QR code, a ready e-mail; the link works until
the end of the 7th day after the internship."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from builders_referent import make_internship, team

from builders import login
from portfolio.extensions import db
from portfolio.internships import services as internships


def _new_link_page(client, **internship):
    _site, referent, trainee = team()
    item = make_internship(referent, trainee, **internship)
    login(client, referent)
    page = client.post(
        f"/referent/stagiaires/{trainee.id}/stages/{item.id}/lien", follow_redirects=True
    )
    return page.get_data(as_text=True), item


def test_the_new_link_comes_with_a_copy_button_a_qr_code_and_an_email(client):
    ends = date.today() + timedelta(days=10)
    html, item = _new_link_page(client, ends_on=ends)
    url = re.search(r'<code class="tutor-url" id="tutor-url">([^<]+)</code>', html).group(1)
    assert "/tuteur/" in url
    # Copy: a button for the script, hidden without it (the address stays selectable text).
    assert re.search(
        r'<button type="button" class="button" data-copy="tutor-url"[^>]* hidden>', html
    )
    assert "js/copy.js" in html
    # The QR code: inline SVG with a name for screen readers.
    assert re.search(r'<svg role="img" aria-label="QR code du lien pour le tuteur"', html)
    # The e-mail: to the tutor, in plain French, with the link and its last day.
    mailto = unescape(re.search(r'href="(mailto:[^"]+)"', html).group(1))
    parts = urlsplit(mailto)
    assert unquote(parts.path) == "sophie.leroy@example.fr"
    fields = {key: value[0] for key, value in parse_qs(parts.query).items()}
    assert fields["subject"] == f"Votre avis sur le stage de {item.trainee.full_name}"
    assert fields["body"].startswith("Bonjour Sophie Leroy,")
    assert url in fields["body"]
    last_day = ends + timedelta(days=7)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    in_words = f"{last_day.day} {months[last_day.month - 1]} {last_day.year}"
    assert f"jusqu'au {in_words}" in fields["body"]
    assert f"jusqu'au {in_words} inclus" in unescape(html)


def test_the_link_works_through_the_seventh_day_after_the_internship(monkeypatch):
    _site, referent, trainee = team()
    ends = date.today() + timedelta(days=30)
    item = make_internship(referent, trainee, ends_on=ends)
    link, token = internships.create_tutor_link(referent, item)
    db.session.commit()
    end = datetime.combine(ends + timedelta(days=8), datetime.min.time(), tzinfo=UTC)
    assert link.expires_at.replace(tzinfo=UTC) == end
    monkeypatch.setattr(internships, "utcnow", lambda: end - timedelta(seconds=1))
    assert internships.find_tutor_link(token).id == link.id  # the 7th day, 23:59:59
    monkeypatch.setattr(internships, "utcnow", lambda: end)
    with pytest.raises(internships.TutorLinkError) as refused:
        internships.find_tutor_link(token)  # the 8th day: over
    assert refused.value.kind == "expired"


def test_a_link_made_after_the_internship_still_gives_the_tutor_a_week():
    _site, referent, trainee = team()
    item = make_internship(
        referent,
        trainee,
        starts_on=date.today() - timedelta(days=60),
        ends_on=date.today() - timedelta(days=20),
    )
    before = datetime.now(UTC)
    link, _token = internships.create_tutor_link(referent, item)
    left = link.expires_at.replace(tzinfo=UTC) - before
    assert timedelta(days=7) <= left < timedelta(days=7, minutes=1)


def test_the_new_link_page_in_english(client):
    client.post("/langue", data={"lang": "en", "next": "/"})
    html, _item = _new_link_page(client)
    text = unescape(html)
    assert "Copy the link" in text and "QR code of the link for the tutor" in text
    assert "Write to the tutor" in text
