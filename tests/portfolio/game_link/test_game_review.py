"""The referent confirms or discards game evidence; the journal and the trainee see it."""

from __future__ import annotations

import pytest
from builders_game import bearer, game_token, statement, trainee_with_referent
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.game_link.services import game_evidence
from portfolio.models import (
    Assessment,
    AssessmentSource,
    GameStatement,
    GameStatementStatus,
    Role,
    Trace,
    TraceOrigin,
)
from portfolio.services.accounts import assign_referent

REVIEW = "/referent/preuves-du-jeu"
COMPETENCIES = "context.extensions.[urn:e2c-jeu:ext:competencies]"


def _send(trainee, **changes) -> GameStatement:
    sent = statement(trainee, **changes)
    game_evidence.ingest(trainee, [sent])
    db.session.commit()
    return db.session.scalar(select(GameStatement).where(GameStatement.statement_id == sent["id"]))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def people():
    return trainee_with_referent()


def test_the_referent_sees_evidence_awaiting_them(client, people):
    trainee, referent = people
    _send(trainee)
    stranger = make_user(Role.TRAINEE, site=trainee.site, first_name="Zoé", last_name="Autre")
    _send(stranger, **{"object.definition.name": {"fr-FR": "Tâche de Zoé"}})
    login(client, referent)

    page = page_text(client.get(REVIEW))

    assert "1 preuve attend votre décision." in page
    assert f"{trainee.full_name} · Ranger les produits" in page
    assert "Définir et mettre en œuvre un projet" in page or "E2C-5B" in page
    assert "niveau 1 « Je fais »" in page and "niveau 2 « J'explique »" in page
    assert "Tâche de Zoé" not in page


def test_confirming_records_game_assessments_linked_to_the_trace(client, people):
    trainee, referent = people
    sent = _send(trainee)
    secret = game_token(trainee)
    login(client, referent)

    response = client.post(f"{REVIEW}/{sent.id}/confirmer", follow_redirects=True)

    assert "Preuve confirmée : Ranger les produits" in page_text(response)
    assert "Aucune preuve du jeu n'attend votre décision." in page_text(response)
    assessments = list(db.session.scalars(select(Assessment).order_by(Assessment.competency_id)))
    assert [(a.competency_id, a.level) for a in assessments] == [("E2C-1C", 2), ("E2C-5B", 1)]
    assert all(a.source is AssessmentSource.GAME for a in assessments)
    assert all(a.trainee_id == trainee.id and a.author_id == referent.id for a in assessments)
    assert all([t.id for t in a.traces] == [sent.trace_id] for a in assessments)
    db.session.refresh(sent)
    assert sent.status is GameStatementStatus.CONFIRMED and sent.decided_by_id == referent.id
    journal = client.get("/api/v1/statements", headers=bearer(secret)).get_json()
    assert journal["statements"][0]["status"] == "confirmed"
    # The trainee sees it too.
    client = client.application.test_client()  # a fresh browser for the trainee
    login(client, trainee)
    assert "Confirmée par votre référent" in page_text(client.get("/parametres/jeu"))


def test_confirming_twice_records_nothing_more(client, people):
    trainee, referent = people
    sent = _send(trainee)
    login(client, referent)
    client.post(f"{REVIEW}/{sent.id}/confirmer")
    response = client.post(f"{REVIEW}/{sent.id}/confirmer", follow_redirects=True)
    assert "Cette preuve a déjà été traitée." in page_text(response)
    assert _count(Assessment) == 2


def test_a_level_0_observation_records_no_assessment(client, people):
    trainee, referent = people
    sent = _send(
        trainee,
        **{
            COMPETENCIES: [
                {"framework": "e2c-apc", "id": "E2C-5B", "level": 0},
                {"framework": "e2c-apc", "id": "E2C-1C", "level": 1},
            ]
        },
    )
    login(client, referent)
    client.post(f"{REVIEW}/{sent.id}/confirmer")
    assert [(a.competency_id, a.level) for a in db.session.scalars(select(Assessment))] == [
        ("E2C-1C", 1)
    ]


def test_discarding_removes_the_trace_and_tells_why(client, people):
    trainee, referent = people
    sent = _send(trainee)
    secret = game_token(trainee)
    login(client, referent)

    response = client.post(
        f"{REVIEW}/{sent.id}/ecarter",
        data={f"s{sent.id}-reason": "Tâche faite à deux, on la refait ensemble."},
        follow_redirects=True,
    )

    assert "Preuve écartée : Ranger les produits" in page_text(response)
    assert _count(Trace) == 0 and _count(Assessment) == 0
    db.session.refresh(sent)
    assert sent.status is GameStatementStatus.DISCARDED and sent.trace_id is None
    entry = client.get("/api/v1/statements", headers=bearer(secret)).get_json()["statements"][0]
    assert entry["status"] == "discarded"
    assert entry["reason"] == "Tâche faite à deux, on la refait ensemble."
    client = client.application.test_client()
    login(client, trainee)
    page = page_text(client.get("/parametres/jeu"))
    assert "Écartée par votre référent" in page
    assert "Raison : Tâche faite à deux, on la refait ensemble." in page


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_discarding_needs_a_short_reason(client, people, reason):
    trainee, referent = people
    sent = _send(trainee)
    login(client, referent)
    response = client.post(f"{REVIEW}/{sent.id}/ecarter", data={f"s{sent.id}-reason": reason})
    assert response.status_code == 200
    page = page_text(response)
    assert "pourquoi vous écartez" in page or "500 signes au maximum" in page
    db.session.refresh(sent)
    assert sent.status is GameStatementStatus.PENDING and _count(Trace) == 1


def test_a_decided_statement_cannot_be_discarded(client, people):
    trainee, referent = people
    sent = _send(trainee)
    login(client, referent)
    client.post(f"{REVIEW}/{sent.id}/confirmer")
    response = client.post(
        f"{REVIEW}/{sent.id}/ecarter",
        data={f"s{sent.id}-reason": "Finalement non."},
        follow_redirects=True,
    )
    assert "Cette preuve a déjà été traitée." in page_text(response)
    db.session.refresh(sent)
    assert sent.status is GameStatementStatus.CONFIRMED and _count(Trace) == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("own referent", 302),
        ("other referent", 404),
        ("trainee", 404),
        ("admin", 404),
        ("company", 404),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("action", ["confirmer", "ecarter"])
def test_who_may_decide(client, people, who, expected, action):
    trainee, referent = people
    sent = _send(trainee)
    users = {
        "own referent": referent,
        "other referent": make_user(Role.REFERENT, site=trainee.site),
        "trainee": trainee,
        "admin": make_user(Role.ADMIN, site=trainee.site),
        "company": make_user(Role.COMPANY, site=trainee.site),
    }
    if who in users:
        login(client, users[who])
    response = client.post(f"{REVIEW}/{sent.id}/{action}", data={f"s{sent.id}-reason": "Non."})
    assert response.status_code == expected
    if who == "anonymous":
        assert "/connexion" in response.headers["Location"]
    db.session.refresh(sent)
    decided = who == "own referent"
    assert (sent.status is GameStatementStatus.PENDING) is not decided


@pytest.mark.parametrize(
    ("role", "expected"), [(Role.REFERENT, 200), (Role.TRAINEE, 404), (Role.ADMIN, 404)]
)
def test_who_may_open_the_review_page(client, role, expected):
    login(client, make_user(role))
    assert client.get(REVIEW).status_code == expected


@pytest.mark.parametrize("statement_id", [999_999, 2**40])
def test_an_unknown_statement_is_404(client, people, statement_id):
    login(client, people[1])
    assert client.post(f"{REVIEW}/{statement_id}/confirmer").status_code == 404


def test_a_new_referent_takes_over_pending_evidence(client, people):
    trainee, referent = people
    sent = _send(trainee)
    successor = make_user(Role.REFERENT, site=trainee.site)
    assign_referent(trainee, successor)
    db.session.commit()
    login(client, referent)
    assert client.post(f"{REVIEW}/{sent.id}/confirmer").status_code == 404
    client = client.application.test_client()
    login(client, successor)
    assert "Ranger les produits" in page_text(client.get(REVIEW))


def test_the_service_refuses_a_referent_who_does_not_follow_the_trainee(people):
    trainee, _ = people
    sent = _send(trainee)
    with pytest.raises(game_evidence.GameEvidenceError, match="Seul le référent"):
        game_evidence.confirm(make_user(Role.REFERENT, site=trainee.site), sent)
    assert _count(Assessment) == 0


def test_demo_seed_adds_pending_evidence_for_the_demo_trainees(client):
    from portfolio.demo import seed_demo
    from portfolio.demo.game import seed
    from portfolio.models import Site, User

    seed_demo()
    db.session.commit()
    site = db.session.scalar(select(Site).where(Site.slug == "demo"))
    users = {u.login: u for u in db.session.scalars(select(User))}
    seed(site, users)
    db.session.commit()

    assert _count(GameStatement) >= 2
    login(client, users["referente"], password="piano-rivage-28")
    page = page_text(client.get(REVIEW))
    assert "Léa Martin" in page
    seed(site, users)  # twice: nothing more
    db.session.commit()
    game_traces = db.session.scalar(
        select(func.count(Trace.id)).where(Trace.origin == TraceOrigin.GAME)
    )
    assert _count(GameStatement) == game_traces


def test_trace_pages_can_ask_for_the_referents_decision(client, people):
    trainee, referent = people
    confirmed, waiting = _send(trainee), _send(trainee)
    login(client, referent)
    client.post(f"{REVIEW}/{confirmed.id}/confirmer")
    statuses = game_evidence.statuses_of_traces([confirmed.trace_id, waiting.trace_id, 999_999])
    assert statuses == {
        confirmed.trace_id: GameStatementStatus.CONFIRMED,
        waiting.trace_id: GameStatementStatus.PENDING,
    }
    assert game_evidence.statuses_of_traces([]) == {}


def test_the_referent_sees_a_short_replay_beside_the_score(client, people):
    trainee, referent = people
    play = {
        "seed": 12345,
        "answers": [
            {"text": "Lait → Au froid", "ok": True},
            {"text": "Riz → Au froid", "ok": False},
            {"text": "Vous montrez le rayon", "ok": None},
        ],
        "changes": 1,
        "chance": 0.5,
    }
    _send(
        trainee,
        **{
            "context.extensions.[urn:e2c-jeu:ext:play]": play,
            "context.extensions.[urn:e2c-jeu:ext:hints]": 1,
            "result.duration": "PT3M20S",
        },
    )
    _send(trainee, **{"object.definition.name": {"fr-FR": "Sans déroulé"}})  # an older game
    login(client, referent)

    page = page_text(client.get(REVIEW))

    assert (
        '<dt>Déroulé</dt><dd class="game-replay">1. A choisi « Lait → Au froid » (juste)'
        " · 2. A choisi « Riz → Au froid » (faux) · 3. A choisi « Vous montrez le rayon »"
        " (en partie) · 1 réponse changée · 1 indice · 3 min</dd>"
    ) in page
    # an older game without the extension: hints and time only
    assert '<dd class="game-replay">aucun indice · 1 min</dd>' in page


def test_a_malformed_play_path_is_refused_and_nothing_is_stored(client, people):
    trainee, _ = people
    bad = statement(
        trainee, **{"context.extensions.[urn:e2c-jeu:ext:play]": {"seed": -1, "answers": []}}
    )
    with pytest.raises(game_evidence.InvalidStatements) as caught:
        game_evidence.ingest(trainee, [bad])
    assert "déroulé de la partie" in caught.value.problems[0].reason
    assert _count(GameStatement) == 0


def test_a_branching_dialogue_reads_in_order_in_the_replay(client, people):
    """A poor answer, the customer's reaction, the recovery: each answer in the order played."""
    trainee, referent = people
    answers = [
        ("D'accord, j'en achète un ce soir.", False),  # the customer then asks again
        ("Oui, c'est vrai, je me suis trompé.", True),  # the recovery
        ("On arrache à la main.", True),
        ("Je travaille vite.", None),
        ("Ces produits sont interdits au jardin", True),  # the reason step
    ]
    play = {
        "seed": 7,
        "answers": [{"text": text, "ok": ok} for text, ok in answers],
        "changes": 0,
        "chance": 0.42,
    }
    _send(trainee, **{"context.extensions.[urn:e2c-jeu:ext:play]": play})
    login(client, referent)

    page = page_text(client.get(REVIEW))

    assert (
        "1. A choisi « D'accord, j'en achète un ce soir. » (faux)"
        " · 2. A choisi « Oui, c'est vrai, je me suis trompé. » (juste)"
        " · 3. A choisi « On arrache à la main. » (juste)"
        " · 4. A choisi « Je travaille vite. » (en partie)"
        " · 5. A choisi « Ces produits sont interdits au jardin » (juste)"
    ) in page.replace("&#39;", "'")
