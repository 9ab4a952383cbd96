"""Access matrix of conversations: every role × every /messages URL of the app's url_map.

A thread and its files are for its trainee and the referent who follows them now (the
colleague covering during the hand-over only). Everyone else gets 404, never 403; a company
keeps its own contact flow; anonymous visitors go to the login page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from builders_conversations import pdf_bytes
from builders_referent import team
from builders_traces import jpeg_bytes

from builders import login, make_user
from portfolio.conversations import services as svc
from portfolio.conversations.services import Upload
from portfolio.extensions import db
from portfolio.models import ConversationMessage, Handover, Role, utcnow

PARTIES = {"trainee", "referent", "covering_during"}
OUTSIDERS = [
    "other_trainee",
    "covering_after",
    "other_referent",
    "company",
    "site_admin",
]


def _world() -> dict[str, Any]:
    site, referent, trainee = team()
    today = utcnow().date()
    during, after = make_user(Role.REFERENT, site=site), make_user(Role.REFERENT, site=site)
    for colleague, ends in (
        (during, today + timedelta(days=2)),
        (after, today - timedelta(days=1)),
    ):
        db.session.add(
            Handover(
                from_referent_id=referent.id,
                to_referent_id=colleague.id,
                starts_on=today - timedelta(days=5),
                ends_on=ends,
            )
        )
    thread = svc.start_conversation(
        trainee,
        trainee,
        "Mon stage",
        "Bonjour",
        [Upload("a.jpg", jpeg_bytes()), Upload("plan.pdf", pdf_bytes())],
    )
    db.session.commit()
    photo, pdf = thread.messages[0].attachments
    return {
        "thread": thread,
        "photo": photo,
        "pdf": pdf,
        "people": {
            "trainee": trainee,
            "referent": referent,
            "covering_during": during,
            "covering_after": after,
            "other_trainee": make_user(Role.TRAINEE, site=site, referent=referent),
            "other_referent": make_user(Role.REFERENT, site=site),
            "company": make_user(Role.COMPANY, site=site),
            "site_admin": make_user(Role.ADMIN, site=site),
        },
    }


def _thread_urls(w: dict[str, Any]) -> list[tuple[str, str]]:
    t, photo, pdf = w["thread"].id, w["photo"].id, w["pdf"].id
    return [
        ("GET", f"/messages/{t}"),
        ("POST", f"/messages/{t}"),
        ("GET", f"/messages/pieces-jointes/{photo}"),
        ("GET", f"/messages/pieces-jointes/{photo}/miniature"),
        ("GET", f"/messages/pieces-jointes/{pdf}"),
    ]


def test_the_matrix_covers_every_conversation_route(app: Any) -> None:
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("conversations.")}
    assert rules == {
        "/messages",
        "/messages/nouveau",
        "/messages/<int:conversation_id>",
        "/messages/pieces-jointes/<int:attachment_id>",
        "/messages/pieces-jointes/<int:attachment_id>/miniature",
    }


@pytest.mark.parametrize("role", sorted(PARTIES))
def test_the_parties_open_the_thread_and_its_files(app: Any, client: Any, role: str) -> None:
    w = _world()
    login(client, w["people"][role])
    for method, url in _thread_urls(w):
        if method == "GET":
            assert client.get(url).status_code == 200, url
    response = client.post(f"/messages/{w['thread'].id}", data={"body": f"Message de {role}"})
    assert response.status_code == 302
    assert db.session.query(ConversationMessage).count() == 2


@pytest.mark.parametrize("role", OUTSIDERS)
def test_everyone_else_gets_404_and_changes_nothing(app: Any, client: Any, role: str) -> None:
    w = _world()
    login(client, w["people"][role])
    for method, url in _thread_urls(w):
        response = client.open(url, method=method, data={"body": "Intrus"})
        assert response.status_code == 404, f"{role} {method} {url} -> {response.status_code}"
        assert "Bonjour" not in response.get_data(as_text=True)
    assert db.session.query(ConversationMessage).count() == 1
    listing = client.get("/messages")
    if role in ("company", "site_admin"):
        assert listing.status_code == 404
    else:
        assert "Mon stage" not in listing.get_data(as_text=True)


def test_anonymous_visitors_go_to_the_login_page(app: Any, client: Any) -> None:
    w = _world()
    for method, url in [*_thread_urls(w), ("GET", "/messages"), ("GET", "/messages/nouveau")]:
        response = client.open(url, method=method, data={})
        assert response.status_code == 302 and "/connexion" in response.headers["Location"], url


def test_made_up_ids_answer_404(app: Any, client: Any) -> None:
    w = _world()
    login(client, w["people"]["trainee"])
    for url in ("/messages/99999", "/messages/pieces-jointes/99999", "/messages/2147483648"):
        assert client.get(url).status_code == 404, url
