"""The progression: on the gap page the first and last level of each stream, all on its own page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from builders_referent import COMP_A, COMP_B, make_level, team
from sqlalchemy import select

from builders import login, page_text
from portfolio.extensions import db
from portfolio.models import AssessmentSource, ReadAudit, ReadKind
from portfolio.services import gaps

DAY = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _self_levels(trainee, levels, competency=COMP_A):
    for n, level in enumerate(levels):
        make_level(trainee, competency, level, at=DAY + timedelta(days=n), commit=False)
    db.session.commit()


def _row(html, code):
    """The progression table's cells for one competency, as text."""
    table = html.split('<table class="progression stack">')[1].split("</table>")[0]
    row = re.search(rf'<tr><th scope="row">{code} · .*?</tr>', table, re.S).group(0)
    return [
        unescape(re.sub("<[^>]+>", "", cell))
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_the_report_keeps_the_first_and_last_level_of_each_stream_and_counts_the_others(app):
    _site, referent, trainee = team()
    _self_levels(trainee, [1, 2, 3, 2, 4, 3, 4])  # 7 self levels, oldest first
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    _self_levels(trainee, [1, 3], competency=COMP_B)

    report = gaps.gap_report(trainee, whole=False)
    mine = [s for s in report.history[COMP_A] if s.source is AssessmentSource.SELF]
    assert [(s.level, s.day.day) for s in mine] == [(1, 1), (4, 7)]
    assert [s.level for s in report.history[COMP_B]] == [1, 3]
    assert report.between == {(COMP_A, AssessmentSource.SELF): 5}
    assert report.levels_given == 10 and not report.whole
    # The gap still reads the latest level of each stream.
    row = report.row(COMP_A)
    assert row.self_point.level == 4 and row.referent.level == 2 and row.gap == 2

    whole = gaps.gap_report(trainee, whole=True)
    assert whole.between == {} and whole.levels_given == 10 and whole.whole
    assert [s.level for s in whole.history[COMP_A]][:7] == [1, 2, 3, 2, 4, 3, 4]
    assert whole.domains == report.domains


def test_blind_rating_hides_the_self_levels_left_out_too(app):
    _site, _referent, trainee = team(blind=True)
    _self_levels(trainee, [1, 2, 3, 4])
    report = gaps.gap_report(trainee, hide_unrated_self=True, whole=False)
    assert report.blind_hidden == {COMP_A}
    assert report.between == {} and report.levels_given == 0


def test_the_gap_page_shows_where_each_stream_started_and_links_to_every_level(client):
    _site, referent, trainee = team()
    _self_levels(trainee, [1, 2, 3, 2, 4, 3, 4])
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    html = client.get(f"/referent/stagiaires/{trainee.id}/ecart").get_data(as_text=True)
    cells = _row(html, "1a")
    assert cells[0] == "1 (01/03) → 5 autres → 4 (07/03)"
    assert cells[1].startswith("2 (") and "→" not in cells[1]
    assert "Le premier et le dernier niveau de chaque regard" in unescape(html)
    link = re.search(r'<a href="([^"]+)">Voir toute la progression \(8 niveaux\)</a>', html)
    assert link, "the gap page links to the whole progression"

    whole = client.get(link.group(1).replace("&amp;", "&"))
    assert whole.status_code == 200
    page = whole.get_data(as_text=True)
    assert _row(page, "1a")[0] == (
        "1 (01/03) → 2 (02/03) → 3 (03/03) → 2 (04/03) → 4 (05/03) → 3 (06/03) → 4 (07/03)"
    )
    assert "8 niveaux donnés en tout." in page_text(whole)
    assert "Chaque niveau donné, du plus ancien au plus récent" in page_text(whole)
    assert f'href="/referent/stagiaires/{trainee.id}/ecart?referentiel=e2c"' in page  # back


def test_two_levels_need_no_link(client):
    _site, referent, trainee = team()
    _self_levels(trainee, [1, 3])
    login(client, referent)
    html = client.get(f"/referent/stagiaires/{trainee.id}/ecart").get_data(as_text=True)
    assert _row(html, "1a")[0] == "1 (01/03) → 3 (02/03)"
    assert "Voir toute la progression" not in html
    # Nothing left out: the table says it shows every level.
    assert "Chaque niveau donné, du plus ancien au plus récent" in unescape(html)
    assert "Le premier et le dernier" not in unescape(html)


def test_the_trainee_reads_their_whole_progression_in_their_words(client):
    _site, _referent, trainee = team()
    _self_levels(trainee, [1, 2, 3, 4, 3, 4])
    login(client, trainee)
    html = client.get("/mon-suivi/ecart").get_data(as_text=True)
    assert _row(html, "1a")[0] == "1 (01/03) → 4 autres → 4 (06/03)"
    assert 'href="/mon-suivi/ecart/progression?referentiel=e2c"' in html
    page = client.get("/mon-suivi/ecart/progression").get_data(as_text=True)
    text = unescape(page)
    assert "Ma progression dans le temps" in text and "6 niveaux donnés en tout." in text
    assert _row(page, "1a")[0].startswith("1 (01/03) → 2 (02/03)")
    # The other framework has no level yet: said in words, the switch keeps the page.
    other = page_text(client.get("/mon-suivi/ecart/progression?referentiel=cps"))
    assert "Pas encore de niveau donné." in other


def test_the_whole_progression_is_a_kept_read_and_hidden_from_others(app, client):
    _site, referent, trainee = team()
    _self_levels(trainee, [1, 2])
    url = f"/referent/stagiaires/{trainee.id}/ecart/progression"
    login(client, referent)
    assert client.get(url).status_code == 200
    kinds = db.session.scalars(
        select(ReadAudit.kind).where(ReadAudit.trainee_id == trainee.id)
    ).all()
    assert kinds == [ReadKind.GAPS]

    _other_site, stranger, _their_trainee = team()
    other = app.test_client()
    login(other, stranger)
    assert other.get(url).status_code == 404
    assert (
        other.get(f"/referent/stagiaires/{trainee.id + 999}/ecart/progression").status_code == 404
    )
    own = app.test_client()
    login(own, trainee)
    assert own.get(url).status_code == 404
    assert len(db.session.scalars(select(ReadAudit.id)).all()) == 1  # refusals keep nothing
