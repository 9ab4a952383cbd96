"""The gap page: its charts and tables, in the reader's words and language, escaped."""

from __future__ import annotations

import re

from builders_referent import COMP_A, COMP_B, COMP_C, make_level, team

from builders import login, make_user, page_text
from portfolio.models import AssessmentSource, Role


def test_gap_page_has_an_accessible_chart_per_domain_and_a_table(client):
    _site, referent, trainee = team()
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_C, 1, source=AssessmentSource.TUTOR, author=referent)
    login(client, referent)
    html = client.get(f"/referent/stagiaires/{trainee.id}/ecart").get_data(as_text=True)
    charts = re.findall(r"<svg class=\"gap-chart\"[^>]*>", html)
    assert len(charts) == 9
    assert all('role="img"' in c and "aria-labelledby=" in c for c in charts)
    assert html.count('<title id="gc-') == 9 and html.count('<desc id="gc-') == 9
    desc = re.search(r"<desc id=\"gc-E2C-D1-d\">(.*?)</desc>", html, re.S).group(1)
    assert "Stagiaire 4 (Je transfère) ; Référent 2 (J&#39;explique)" in desc
    assert "Stagiaire se place 2 paliers au-dessus" in desc
    # Shapes, not colour alone: the four markers differ by element.
    d1 = html.split('id="gc-E2C-D1-t"')[1].split("</svg>")[0]
    assert '<circle class="gc-self"' in d1 and '<rect class="gc-referent"' in d1
    d2 = html.split('id="gc-E2C-D2-t"')[1].split("</svg>")[0]
    assert '<polygon class="gc-tutor" fill="url(#gc-hatch)"' in d2
    assert '<table class="gap-table">' in html and '<th scope="row">1a · ' in html
    text = page_text(client.get(f"/referent/stagiaires/{trainee.id}/ecart"))
    assert "À discuter au prochain bilan" in text
    assert "Plus haut que le référent : 1 compétence" in text
    assert "Progression dans le temps" in text


def test_the_gap_page_follows_the_readers_language_from_one_page_to_the_next(client):
    """The chart's words are kept per language: switching back and forth never mixes them."""
    _site, referent, trainee = team()
    make_level(trainee, COMP_A, 4)
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/ecart"
    for lang, said, not_said, title, tick in (
        ("fr", "Plus haut que le référent : 1 compétence", "Higher than", "Niveaux par", "Je fais"),
        ("en", "Higher than the referent: 1 skill", "Plus haut", "Levels by skill", "I do"),
        ("fr", "Voir les mêmes informations en tableau", "See the same", "Niveaux par", "Je fais"),
    ):
        client.post("/langue", data={"lang": lang, "next": "/"})
        page = client.get(url)
        text = page_text(page)
        assert said in text and not_said not in text
        # The charts' frames (title, level ticks), drawn once per language, follow it too.
        html = page.get_data(as_text=True)
        titles = re.findall(r'<title id="gc-[^"]*">([^<]*)</title>', html)
        ticks = set(re.findall(r'<text class="gc-tick-label"[^>]*>([^<]*)</text>', html))
        assert len(titles) == 9 and all(t.startswith(title) for t in titles)
        assert tick in ticks and len(ticks) == 4
        # The framework's own words too: its English beside the official French.
        english = lang == "en"
        domain = "Communicate (orally" if english else "Communiquer (à l"
        competency = (
            "1a · Process spoken or written information"
            if english
            else "1a · Traiter des informations orales ou écrites"
        )
        assert f"D1 · {domain}" in text
        assert f"<strong>{competency}</strong>" in text  # the talking point
        assert html.count(f'<th scope="row">{competency}</th>') == 2  # the two tables
        level = "4 (I transfer)" if english else "4 (Je transfère)"
        assert level in text


def test_the_assess_form_names_the_levels_in_the_readers_language(client):
    _site, referent, trainee = team()
    login(client, referent)
    url = f"/referent/stagiaires/{trainee.id}/evaluer?competence={COMP_A}"
    for lang, words, not_words in (
        ("en", ("1a · Process spoken", "1 · I do", "4 · I transfer"), ("Je fais", "Traiter des")),
        ("fr", ("1a · Traiter des", "1 · Je fais", "4 · Je transfère"), ("I do", "Process spoken")),
    ):
        client.post("/langue", data={"lang": lang, "next": "/"})
        text = page_text(client.get(url))
        assert all(w in text for w in words) and not any(w in text for w in not_words)
        # The list to pick from and the note form's pickers name them in the same language.
        picker = page_text(client.get(f"/referent/stagiaires/{trainee.id}/evaluer"))
        note = page_text(client.get(f"/referent/stagiaires/{trainee.id}/notes/nouvelle"))
        for page in (picker, note):
            assert words[0] in page and not_words[1] not in page


def test_the_gap_page_keeps_its_escaped_words_from_one_page_to_the_next(app, client):
    """The words every chart and table repeats are escaped once per language and kept (an
    empty kept set once read as "none kept", so each page escaped them all again)."""
    from portfolio.template_globals import gap_texts

    _site, referent, trainee = team()
    make_level(trainee, COMP_A, 2, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    client.get(f"/referent/stagiaires/{trainee.id}/ecart")
    with app.test_request_context("/"):
        kept = gap_texts(False)["html"]
    assert "pas encore" in kept and kept.get("2 (J'explique)") == "2 (J&#39;explique)"


def test_the_trainee_sees_the_same_gap_in_their_own_words(client):
    _site, referent, trainee = team(blind=True)
    make_level(trainee, COMP_A, 3)
    make_level(trainee, COMP_B, 1)
    make_level(trainee, COMP_A, 1, source=AssessmentSource.REFERENT, author=referent)
    login(client, trainee)
    text = page_text(client.get("/mon-suivi/ecart"))
    assert "Moi 3 (J'analyse) ; Mon référent 1 (Je fais)" in text
    assert "Moi 1 (Je fais) ; Mon référent pas encore" in text  # blind does not hide own levels
    assert "masqué" not in text
    assert "vous vous placez 2 paliers au-dessus" in text
    assert "Écart entre vous et votre référent" in text


def test_the_chart_escapes_every_text_it_draws(app):
    from portfolio.referent import charts
    from portfolio.services.frameworks import framework
    from portfolio.services.gaps import DomainGaps, GapRow
    from portfolio.template_globals import gap_texts
    from referentiel import Competency, Domain

    hostile = Competency(
        id="X-1",
        code="<b>1a</b>",
        label='Lire "</desc><script>alert(1)</script>',
        description=None,
        domain_id="X",
    )
    domain = Domain(
        id='X"><i>',
        code="<u>X</u>",
        label="<em>test</em>",
        description=None,
        competencies=(hostile,),
    )
    with app.test_request_context("/"):
        texts = gap_texts(False)
        gaps = DomainGaps(domain, (GapRow(hostile, domain),))
        svg = str(charts.chart(gaps, framework(), texts, "t"))
        card = str(charts.section(gaps, framework(), texts))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;1a" in svg
    assert svg.count("<desc") == 1 and svg.count("</desc>") == 1
    # The domain's card around it: its id, code and label are text, never markup.
    assert "<i>" not in card and "<u>" not in card and "<em>" not in card
    assert 'aria-labelledby="h-X&#34;&gt;&lt;i&gt;"' in card
    assert "&lt;u&gt;X&lt;/u&gt; · &lt;em&gt;test&lt;/em&gt;" in card
    assert card.count("<script>") == 0 and card.count("<section") == 1


def test_the_file_tabs_lead_to_each_trainees_own_pages_in_the_readers_language(client):
    """The tabs are made once per language: each page still names its own trainee and tab."""
    site, referent, first = team()
    second = make_user(Role.TRAINEE, site=site, referent=referent)
    login(client, referent)

    def tabs(path: str) -> list[tuple[str, str, bool]]:
        html = client.get(path).get_data(as_text=True)
        nav = html.split('class="subnav">')[1].split("</nav>")[0]
        found = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
        return [(href, label, bool(current)) for href, current, label in found]

    gap = tabs(f"/referent/stagiaires/{first.id}/ecart")
    assert (f"/referent/stagiaires/{first.id}/ecart", "Écart", True) in gap
    assert (f"/referent/stagiaires/{first.id}", "Dossier", False) in gap
    assert len(gap) == 9 and sum(current for *_, current in gap) == 1
    other = tabs(f"/referent/stagiaires/{second.id}")
    assert (f"/referent/stagiaires/{second.id}", "Dossier", True) in other
    assert all(f"/{second.id}" in href and f"/{first.id}" not in href for href, *_ in other)
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = tabs(f"/referent/stagiaires/{second.id}/ecart")
    assert (f"/referent/stagiaires/{second.id}/ecart", "Gap", True) in english
    assert (f"/referent/stagiaires/{second.id}", "File", False) in english
