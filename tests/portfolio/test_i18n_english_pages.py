"""An English reader sees no French sentence: every page, every error page, the API's errors.

The pages are those of the access matrix, read from ``app.url_map`` (a page added later is
covered without touching this file), opened with real ids from the demo site by each demo
account (and a visitor) who chose English in the footer. Each page that answers 200, and every
error page met on the way, must not show a word of :data:`FRENCH_ONLY`.

The demo site is written in French by its users, and the competency frameworks and the ROME
list of jobs are French data: the list holds only words the interface shows and the data does
not (checked against the demo texts, referentiel/ and portfolio/data/ when it was made).
:func:`test_the_french_pages_show_the_marker_words` proves the list finds French pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from builders_api import make_token
from builders_company import make_contact
from flask import abort
from sqlalchemy import select, update
from werkzeug.routing import Rule

from builders import duplicate_ids, login, make_user
from portfolio import models as m
from portfolio.demo import DEMO_ACCOUNTS, seed_demo
from portfolio.extensions import db
from portfolio.internships import services as internship_service
from portfolio.models import Role
from portfolio.showcase import services as showcase_service

# Interface words and phrases that never appear in English text nor in the demo's data.
FRENCH_ONLY = (
    "Accueil",
    "Aucune",
    "Annuler",
    "Aperçu",
    "Bilan",
    "Brouillon",
    "Cette page",
    "Cohorte",
    "Comptes",
    "Connectez-vous",
    "Déconnexion",
    "Déjà",
    "Écart",
    "Enregistré",
    "Erreur",
    "Facultatif",
    "facultatif",
    "Identifiant",
    "Importer",
    "Indiquez",
    "Jeton",
    "La page a expiré",
    "Langue",
    "Mon portfolio",
    "Mot de passe",
    "mot de passe",
    "n'existe pas",
    "Nouvelle trace",
    "Objectifs",
    "Obligatoire",
    "Où j'en suis",
    "Page introuvable",
    "Paramètres",
    "Partager",
    "Précédent",
    "Prénom",
    "Rechercher",
    "Référent",
    "Remplacements",
    "Réessayez",
    "réessayez",
    "Retour",
    "Revenir",
    "Se déconnecter",
    "Supprimer",
    "Télécharger",
    "Trop d'essais",
    "Valider",
    "Vos traces",
    "Vous ne pouvez pas",
)
_FRENCH = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in FRENCH_ONLY))
# Text people read that is not a text node.
_READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# The footer offers French to English readers, in French: that one word is meant.
_LANGUAGE_SWITCH = "Français"

ROLES = ["", "lea", "yanis", "referente", "admin", "entreprise"]  # "" is a visitor


class _VisibleText(HTMLParser):
    """The text of a page as people read it: text nodes and read attributes, no scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in _READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def french_words(response: Any) -> set[str]:
    """The words of FRENCH_ONLY on the page (or in the JSON) of ``response``."""
    if response.mimetype == "application/json":
        text = response.get_data(as_text=True)
    elif response.mimetype == "text/html":
        text = visible_text(response.get_data(as_text=True)).replace(_LANGUAGE_SWITCH, "")
    else:  # photos, exports
        return set()
    return set(_FRENCH.findall(text))


def _password(login_name: str) -> str:
    return str(next(a["password"] for a in DEMO_ACCOUNTS if a["login"] == login_name))


def _in_english(client: Any, login_name: str) -> None:
    if login_name:
        user = db.session.scalar(select(m.User).where(m.User.login == login_name))
        assert login(client, user, _password(login_name)).status_code == 302
    client.post("/langue", data={"lang": "en", "next": "/"})


# --------------------------------------------------------------------------- the demo site


@dataclass
class Demo:
    """Values for every URL argument, as rows: a page with two ids gets pairs that belong."""

    rows: dict[frozenset[str], list[dict[str, Any]]]

    def values(self, rule: Rule) -> list[dict[str, Any]]:
        arguments = frozenset(rule.arguments)
        if not arguments:
            return [{}]
        assert arguments in self.rows, f"no demo ids for {rule.endpoint} {sorted(arguments)}"
        return self.rows[arguments]


def _rows(*columns: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.session.execute(select(*columns).order_by(*columns))]


def _named(names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip(names, row, strict=True)) for row in rows]


@pytest.fixture
def demo(app: Any) -> Demo:
    """The demo site, a private link and a tutor link (their tokens are shown once only)."""
    seed_demo()
    users = {user.login: user for user in db.session.scalars(select(m.User))}
    _link, link_token = showcase_service.create_private_link(users["yanis"], "Salon", 7)
    internship = db.session.scalars(select(m.Internship).order_by(m.Internship.id)).first()
    assert internship is not None
    _tutor, tutor_token = internship_service.create_tutor_link(users["referente"], internship)
    db.session.commit()
    single: dict[str, Callable[[], list[tuple[Any, ...]]]] = {
        "user_id": lambda: _rows(m.User.id),
        "trainee_id": lambda: _rows(m.User.id),
        "trace_id": lambda: _rows(m.Trace.id),
        "photo_id": lambda: _rows(m.TracePhoto.id),
        "recording_id": lambda: _rows(m.AudioRecording.id),
        "showcase_id": lambda: _rows(m.Showcase.id),
        "contact_id": lambda: _rows(m.ContactRequest.id),
        "followup_id": lambda: _rows(m.FollowUpContact.id),
        "offer_id": lambda: _rows(m.Offer.id),
        "company_id": lambda: _rows(m.Company.id),
        "request_id": lambda: _rows(m.CompanyJoinRequest.id),
        "note_id": lambda: _rows(m.ExplicitationNote.id),
        "review_id": lambda: _rows(m.Review.id),
        "conversation_id": lambda: _rows(m.Conversation.id),
        "attachment_id": lambda: _rows(m.MessageAttachment.id),
        "competency_id": lambda: [("E2C-1C",)],
        "site_id": lambda: _rows(m.Site.id),
        "attestation_id": lambda: _rows(m.Attestation.id),
        "public_id": lambda: _rows(m.Attestation.public_id) + _rows(m.Badge.public_id),
        "badge_id": lambda: _rows(m.Badge.id),
        "slot_id": lambda: _rows(m.SimulationSlot.id),
        "slug": lambda: _rows(m.Site.slug),
        "activity_id": lambda: _rows(m.Activity.id),
        "session_id": lambda: _rows(m.ActivitySession.id) + _rows(m.InterviewSession.id),
        "token": lambda: [(link_token,), (tutor_token,)],
    }
    pairs: dict[tuple[str, str], list[tuple[Any, ...]]] = {
        ("trainee_id", "trace_id"): _rows(m.Trace.trainee_id, m.Trace.id),
        ("trainee_id", "note_id"): _rows(m.ExplicitationNote.trainee_id, m.ExplicitationNote.id),
        ("trainee_id", "review_id"): _rows(m.Review.trainee_id, m.Review.id),
        ("trainee_id", "internship_id"): _rows(m.Internship.trainee_id, m.Internship.id),
        ("trainee_id", "attestation_id"): _rows(m.Attestation.trainee_id, m.Attestation.id),
        ("framework_id", "competency_id"): [("e2c-apc", "E2C-1C"), ("cps-spf2022", "COG1")],
        ("trainee_id", "session_id"): _rows(m.InterviewSession.trainee_id, m.InterviewSession.id),
        ("session_id", "number"): [(s, n) for (s,) in _rows(m.InterviewSession.id) for n in (1, 5)],
        ("showcase_id", "trace_id"): _rows(m.ShowcaseTrace.showcase_id, m.ShowcaseTrace.trace_id),
        ("showcase_id", "photo_id"): _rows(m.ShowcasePhoto.showcase_id, m.ShowcasePhoto.photo_id),
        ("kind", "record_id"): [("note", n) for (n,) in _rows(m.ExplicitationNote.id)]
        + [("review", r) for (r,) in _rows(m.Review.id)]
        + [("contact", c) for (c,) in _rows(m.ContactRequest.id)]
        + [("message", c) for (c,) in _rows(m.ConversationMessage.id)],
        ("token", "trace_id"): [(link_token, t) for (t,) in _rows(m.Trace.id)],
        ("token", "photo_id"): [(link_token, p) for (p,) in _rows(m.TracePhoto.id)],
    }
    rows = {frozenset([name]): _named((name,), source()) for name, source in single.items()}
    rows |= {frozenset(names): _named(names, found) for names, found in pairs.items()}
    return Demo(rows)


def _get_pages(app: Any) -> list[Rule]:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and not rule.endpoint.startswith(("api.", "static"))
        ),
        key=lambda rule: rule.endpoint,
    )


def _urls(app: Any, rule: Rule, demo: Demo) -> Iterator[str]:
    for values in demo.values(rule):
        with app.test_request_context():
            yield rule.build(values, append_unknown=False)[1]


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("login_name", ROLES, ids=[name or "visitor" for name in ROLES])
def test_every_page_of_the_matrix_reads_in_english(app, client, demo, login_name):
    _in_english(client, login_name)
    # Opening the notices marks them read; the demo's unread ones would make that GET write.
    db.session.execute(update(m.Notification).values(read_at=m.utcnow()))
    db.session.commit()
    french: list[str] = []
    pages = []
    for rule in _get_pages(app):
        for url in _urls(app, rule, demo):
            response = client.get(url)
            read = response.status_code == 200 or response.status_code >= 400
            if read and (words := french_words(response)):
                french.append(f"{response.status_code} {url}: {', '.join(sorted(words))}")
            if response.status_code == 200:
                pages.append(rule.endpoint)
                break
    assert not french, "French words on English pages:\n  " + "\n  ".join(french)
    # Guards the test itself: the accounts really reached their pages.
    assert len(pages) >= (7 if not login_name else 15), pages


def test_the_french_pages_show_the_marker_words(app, client, demo):
    """The same pages in French are caught: the list does find French."""
    user = db.session.scalar(select(m.User).where(m.User.login == "lea"))
    login(client, user, _password("lea"))
    assert {"Mon portfolio", "Se déconnecter"} <= french_words(client.get("/"))
    assert {"Cette page", "n'existe pas"} <= french_words(client.get("/nulle-part"))


# --------------------------------------------------------------------------- error pages


@pytest.fixture
def failing_routes(app: Any) -> None:
    """Pages that answer 403 and 500 (no real page does; the layout is the same)."""

    def forbidden() -> str:
        abort(403)

    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/_test/interdit", "test_forbidden", forbidden)
    app.add_url_rule("/_test/panne", "test_broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False


def _error_page(app: Any, client: Any, code: str) -> Any:
    if code == "403":
        return client.get("/_test/interdit")
    if code == "404":
        return client.get("/nulle-part")
    if code == "405":
        return client.get("/deconnexion")
    if code == "413":
        app.config["MAX_CONTENT_LENGTH"] = 100
        return client.post("/connexion", data={"login": "x" * 200, "password": "y"})
    if code == "429":
        app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
        client.post("/connexion", data={"login": "nobody", "password": "wrong"})
        return client.post("/connexion", data={"login": "nobody", "password": "wrong"})
    if code == "500":
        return client.get("/_test/panne")
    app.config["WTF_CSRF_ENABLED"] = True  # CSRF: a form sent without its token
    return client.post("/connexion", data={"login": "nobody", "password": "wrong"})


ERRORS = {
    "403": (403, "You cannot do that."),
    "404": (404, "This page does not exist, or you cannot see it."),
    "405": (405, "This action is not possible here."),
    "413": (413, "The file is too big."),
    "429": (429, "Too many attempts. Wait a minute, then try again."),
    "500": (500, "Something went wrong on our side. Try again later."),
    "csrf": (400, "This page has expired. Go back, reload the page and try again."),
}


@pytest.mark.usefixtures("failing_routes")
@pytest.mark.parametrize("code", list(ERRORS))
def test_error_pages_read_in_english(app, client, code):
    client.post("/langue", data={"lang": "en", "next": "/"})
    response = _error_page(app, client, code)
    status, message = ERRORS[code]
    assert response.status_code == status
    assert message in visible_text(response.get_data(as_text=True))
    assert not french_words(response)


@pytest.mark.usefixtures("failing_routes")
def test_error_pages_stay_french_for_french_readers(client):
    response = client.get("/_test/interdit")
    assert "Vous ne pouvez pas faire cela." in visible_text(response.get_data(as_text=True))


def test_a_405_page_says_which_methods_are_allowed(client):
    response = client.get("/deconnexion")
    assert response.status_code == 405
    assert "POST" in {method.strip() for method in response.headers["Allow"].split(",")}


# --------------------------------------------------------------------------- API errors


@pytest.mark.parametrize(
    ("method", "url", "status", "message"),
    [
        ("GET", "/api/v1/nulle-part", 404, "This page does not exist, or you cannot see it."),
        ("DELETE", "/api/v1/referentiel", 405, "This action is not possible here."),
    ],
)
def test_api_errors_read_in_english(client, method, url, status, message):
    client.post("/langue", data={"lang": "en", "next": "/"})
    response = client.open(url, method=method)
    assert response.status_code == status
    assert response.get_json()["error"]["message"] == message
    assert not french_words(response)
    if status == 405:
        assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("locale", "message"),
    [(None, "Cette ressource n'existe pas."), ("en", "This resource does not exist.")],
)
def test_api_errors_follow_the_language_of_the_tokens_holder(client, locale, message):
    """The game sends no cookie: its errors are in the language its player chose."""
    trainee = make_user(Role.TRAINEE)
    trainee.locale = locale
    token = make_token(trainee)
    response = client.get("/api/v1/traces/999999", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == message


# --------------------------------------------------------------------------- unique ids


def test_duplicate_ids_are_found():
    assert duplicate_ids('<p id="a"></p><input id="b"><textarea id="a">') == {"a"}


@pytest.mark.parametrize("login_name", ROLES, ids=[name or "visitor" for name in ROLES])
def test_no_page_repeats_an_id(app, client, demo, login_name):
    """Two elements with one id: a label or an error message points at the wrong field."""
    if login_name:
        user = db.session.scalar(select(m.User).where(m.User.login == login_name))
        assert login(client, user, _password(login_name)).status_code == 302
    showcase = db.session.scalars(select(m.Showcase).order_by(m.Showcase.id)).first()
    company = db.session.scalar(select(m.User).where(m.User.login == "entreprise"))
    assert showcase is not None and company is not None
    # A request waiting for an answer (the demo has none): two forms on one page.
    contact = make_contact(company, showcase)
    db.session.execute(update(m.Notification).values(read_at=m.utcnow()))
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True  # each form carries its hidden token, as in production
    urls = [url for rule in _get_pages(app) for url in _urls(app, rule, demo)]
    urls.append(f"/vitrine/contacts/{contact.id}")
    repeated: list[str] = []
    pages = 0
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages += 1
            if found := duplicate_ids(response.get_data(as_text=True)):
                repeated.append(f"{url}: {', '.join(sorted(found))}")
    assert not repeated, "Ids used twice on a page:\n  " + "\n  ".join(repeated)
    assert pages >= (7 if not login_name else 15)
