"""Counts read right in both languages: French puts 0 and 1 in the singular, English only 1.

The message ids are French and French has no catalogue: without its own rule, Python's
fallback is the English one and the home said "0 traces en tout".
"""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import force_locale

from builders import login, make_user, page_text
from portfolio.models import Role
from portfolio.services.i18n import lazy_gettext, ngettext

TRACES = ("%(num)d trace en tout", "%(num)d traces en tout")


@pytest.mark.parametrize(
    ("num", "french", "english"),
    [
        (0, "0 trace en tout", "0 traces in all"),
        (1, "1 trace en tout", "1 trace in all"),
        (2, "2 traces en tout", "2 traces in all"),
    ],
)
def test_a_count_takes_the_plural_of_the_readers_language(app, num, french, english):
    with app.test_request_context():
        assert ngettext(*TRACES, num) == french
        assert render_template_string(
            "{{ ngettext(s, p, n) }}", s=TRACES[0], p=TRACES[1], n=num
        ) == (french)
    with app.test_request_context(), force_locale("en"):
        assert ngettext(*TRACES, num) == english
    assert ngettext(*TRACES, num) == french  # outside a request (mails, CLI): French


def test_a_lazy_text_is_translated_when_shown(app):
    label = lazy_gettext("Retour à l'accueil")
    with app.test_request_context(), force_locale("en"):
        assert str(label) == "Back to the home page"
    with app.test_request_context():
        assert str(label) == "Retour à l'accueil"


def test_a_new_trainees_home_counts_nothing_in_the_singular(client):
    login(client, make_user(Role.TRAINEE))
    french = page_text(client.get("/"))
    assert "0 trace en tout" in french and "0 objectif en cours" in french
    client.post("/langue", data={"lang": "en", "next": "/"})
    english = page_text(client.get("/"))
    assert "0 traces in all" in english


def test_template_texts_escape_what_they_are_given(app):
    """The templates' ``_()`` marks the catalogue's text safe and escapes the values put in
    it; a text template (a mail) is not escaped; "%%" is a percent sign."""
    with app.test_request_context():
        html = render_template_string('{{ _("Bonjour %(name)s", name=name) }}', name="<b>Léa</b>")
        assert html == "Bonjour &lt;b&gt;Léa&lt;/b&gt;"
        text = app.jinja_env.from_string(
            '{% autoescape false %}{{ _("Bonjour %(name)s", name=name) }}{% endautoescape %}'
        )
        assert text.render(name="<b>") == "Bonjour <b>"
        assert render_template_string('{{ _("Plein à 100 %%") }}') == "Plein à 100 %"
        assert (
            render_template_string(
                "{% trans n=2 %}{{ n }} trace{% pluralize %}{{ n }} traces{% endtrans %}"
            )
            == "2 traces"
        )
        with force_locale("en"):
            back = render_template_string("{{ _(text) }}", text="Retour à l'accueil")
            assert back == "Back to the home page"
