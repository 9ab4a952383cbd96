""" "How long ago" in words: today, yesterday, then a count of days (never "il y a 0 jours")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders_referent import team

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Review, Role


def _reviewed(trainee, referent, days_ago: int) -> None:
    held = date.today() - timedelta(days=days_ago)
    db.session.add(Review(trainee_id=trainee.id, author_id=referent.id, held_on=held))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["aujourd'hui", "hier", "il y a 2 jours", "il y a 30 jours"]),
        ("en", ["today", "yesterday", "2 days ago", "30 days ago"]),
    ],
)
def test_the_caseload_says_when_the_last_bilan_was_in_words(client, lang, words):
    site, referent, first = team()
    trainees = [first] + [make_user(Role.TRAINEE, site=site, referent=referent) for _ in range(3)]
    for trainee, days in zip(trainees, (0, 1, 2, 30), strict=True):
        _reviewed(trainee, referent, days)
    db.session.commit()
    login(client, referent)
    if lang == "en":
        client.post("/langue", data={"lang": "en", "next": "/"})
    html = client.get("/referent/stagiaires").get_data(as_text=True)
    for trainee, expected in zip(trainees, words, strict=True):
        row = page_text_of_row(html, trainee.full_name)
        assert expected in row, (trainee.full_name, row)
    text = page_text(client.get("/referent/stagiaires"))
    assert "il y a 0 " not in text and " 0 days ago" not in text


def page_text_of_row(html: str, name: str) -> str:
    from html import unescape

    return unescape(html.split(name)[1].split("</tr>")[0])
