"""POST/GET /api/v1/statements: game evidence in, game traces out, all or nothing."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from builders_game import (
    DELETE,
    batch,
    bearer,
    game_token,
    statement,
)
from sqlalchemy import func, select

from builders import counting_queries, make_user
from portfolio.extensions import db
from portfolio.game_link.services import game_evidence
from portfolio.models import (
    ApiToken,
    GameStatement,
    GameStatementStatus,
    Role,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceOrigin,
    utcnow,
)

URL = "/api/v1/statements"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _nothing_stored() -> bool:
    return _count(GameStatement) == 0 and _count(Trace) == 0 and _count(TraceCompetency) == 0


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE)


@pytest.fixture
def token(trainee):
    return game_token(trainee)


def test_each_statement_becomes_a_game_trace_awaiting_the_referent(client, trainee, token):
    first = statement(trainee)
    second = statement(trainee, **{"result.score.raw": 7.5, "result.score.scaled": 0.75})
    response = client.post(URL, json=[first, second], headers=bearer(token))

    assert response.status_code == 200
    assert response.get_json() == {"stored": [first["id"], second["id"]], "duplicates": []}
    traces = list(db.session.scalars(select(Trace).order_by(Trace.id)))
    assert len(traces) == 2
    trace = traces[0]
    assert trace.trainee_id == trainee.id
    assert (trace.origin, trace.context) == (TraceOrigin.GAME, TraceContext.GAME)
    assert trace.title == "Ranger les produits"
    assert "Score : 8 sur 10." in trace.body
    assert "Score : 7,5 sur 10." in traces[1].body
    assert "Solliciter" not in trace.body  # indicators are tags, not text
    tags = {(c.competency_id, tuple(c.indicator_ids)) for c in trace.competencies}
    assert tags == {("E2C-5B", ("E2C-5B-02",)), ("E2C-1C", ())}
    assert all(c.framework_id == "e2c-apc" and c.framework_version for c in trace.competencies)
    rows = list(db.session.scalars(select(GameStatement).order_by(GameStatement.id)))
    assert [r.statement_id for r in rows] == [first["id"], second["id"]]
    assert all(r.status is GameStatementStatus.PENDING for r in rows)
    assert rows[0].trace_id == trace.id and rows[0].score == 0.8


def test_a_resend_with_the_same_content_is_a_duplicate_and_stored_once(client, trainee, token):
    sent = statement(trainee)
    assert client.post(URL, json=[sent], headers=bearer(token)).status_code == 200
    # Same content, keys in another order, plus the fields a server would add: same evidence.
    again = dict(reversed(list(sent.items())))
    again["stored"] = "2026-01-01T00:00:00Z"
    again["authority"] = {"objectType": "Agent"}
    fresh = statement(trainee)

    response = client.post(URL, json=[again, fresh], headers=bearer(token))

    assert response.status_code == 200
    assert response.get_json() == {"stored": [fresh["id"]], "duplicates": [sent["id"]]}
    assert _count(GameStatement) == 2 and _count(Trace) == 2


def test_a_known_id_with_other_content_is_a_conflict_and_nothing_is_stored(client, trainee, token):
    sent = statement(trainee)
    client.post(URL, json=[sent], headers=bearer(token))
    changed = json.loads(json.dumps(sent))
    changed["result"]["score"]["raw"] = 9
    fresh = statement(trainee)

    response = client.post(URL, json=[fresh, changed], headers=bearer(token))

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict"
    assert error["details"] == [{"index": 1, "id": sent["id"]}]
    assert "rien n'a été enregistré" in error["message"]
    assert _count(GameStatement) == 1 and _count(Trace) == 1


def test_the_same_id_twice_in_one_batch(client, trainee, token):
    sent = statement(trainee)
    response = client.post(URL, json=[sent, sent], headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json()["stored"] == [sent["id"]]
    assert _count(GameStatement) == 1

    other = statement(trainee)
    twisted = json.loads(json.dumps(other))
    twisted["result"]["success"] = False
    response = client.post(URL, json=[other, twisted], headers=bearer(token))
    assert response.status_code == 409
    assert response.get_json()["error"]["details"] == [{"index": 1, "id": other["id"]}]
    assert _count(GameStatement) == 1


def _future() -> str:
    return (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


COMPETENCIES = "context.extensions.[urn:e2c-jeu:ext:competencies]"
BAD = [
    ({"id": "pas-un-uuid"}, "UUID"),
    ({"id": 12}, "UUID"),
    ({"actor.account.name": "un-autre-compte"}, "acteur ne correspond pas"),
    ({"actor": DELETE}, "« actor » manque"),
    ({"verb.id": "http://adlnet.gov/expapi/verbs/liked"}, "verbe"),
    ({"object.id": "https://exemple.fr/tache"}, "object.id"),
    ({"object.id": "urn:e2c-jeu:task:Z9999:tache"}, "object.id"),
    ({"result.score.scaled": 1.5}, "entre 0 et 1"),
    ({"result.score.scaled": -0.1}, "entre 0 et 1"),
    ({"result.score.scaled": "0.8"}, "doit être un nombre"),
    ({"result.score.scaled": True}, "doit être un nombre"),
    ({"result.score.raw": 11}, "score brut"),
    ({"result.success": "oui"}, "true ou false"),
    ({"result.duration": "90 secondes"}, "durée ISO 8601"),
    ({"result.response": "x" * 2001}, "2000 signes"),
    ({"result": DELETE}, "« result » manque"),
    ({"context": "jeu"}, "« context » manque ou n'est pas un objet"),
    ({"context.registration": "session-1"}, "registration"),
    (
        {COMPETENCIES: [{"framework": "e2c-apc", "id": "E2C-99Z", "level": 1}]},
        "Compétence inconnue",
    ),
    ({COMPETENCIES: [{"framework": "autre", "id": "E2C-5B", "level": 1}]}, "Référentiel inconnu"),
    ({COMPETENCIES: [{"framework": "e2c-apc", "id": "E2C-5B", "level": 3}]}, "0, 1 ou 2"),
    ({COMPETENCIES: [{"framework": "e2c-apc", "id": "E2C-5B", "level": "1"}]}, "0, 1 ou 2"),
    ({COMPETENCIES: [{"framework": "e2c-apc", "id": "E2C-5B", "level": -1}]}, "0, 1 ou 2"),
    (
        {
            COMPETENCIES: [
                {"framework": "e2c-apc", "id": "E2C-5B", "level": 1, "indicators": ["E2C-1A-01"]}
            ]
        },
        "indicateur",
    ),
    ({COMPETENCIES: []}, "compétences observées"),
    ({"context.extensions.[urn:e2c-jeu:ext:attempt]": 0}, "tentative"),
    ({"context.extensions.[urn:e2c-jeu:ext:attempt]": 1.5}, "tentative"),
    ({"context.extensions.[urn:e2c-jeu:ext:hints]": -1}, "indices"),
    ({"context.extensions.[urn:e2c-jeu:ext:self-level]": 4}, "auto-évaluation"),
    ({"context.extensions.[urn:e2c-jeu:ext:content-hash]": "abc"}, "content-hash"),
    ({"context.extensions.[urn:e2c-jeu:ext:game-version]": DELETE}, "version du jeu"),
    ({"timestamp": "FUTURE"}, "dans le futur"),
    ({"timestamp": "2019-12-31T23:00:00Z"}, "avant 2020"),
    ({"timestamp": "hier"}, "ISO 8601"),
    ({"timestamp": "2026-11-27T10:00:00"}, "fuseau"),
    ({"timestamp": 1764237600}, "timestamp"),
]


def _is_uuid(value) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


@pytest.mark.parametrize(("changes", "reason"), BAD, ids=[r for _, r in BAD])
def test_a_bad_statement_refuses_the_whole_batch_with_its_reason(
    client, trainee, token, changes, reason
):
    changes = {k: (_future() if v == "FUTURE" else v) for k, v in changes.items()}
    good, bad = statement(trainee), statement(trainee, **changes)

    response = client.post(URL, json=[good, bad], headers=bearer(token))

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_statements"
    assert len(error["details"]) == 1
    detail = error["details"][0]
    assert detail["index"] == 1
    assert detail["id"] == (bad["id"] if _is_uuid(bad["id"]) else None)
    assert reason in detail["reason"]
    assert _nothing_stored()


def test_every_bad_statement_is_listed(client, trainee, token):
    statements = [
        statement(trainee, **{"result.score.scaled": 7}),
        statement(trainee),
        "pas une preuve",
        statement(trainee, **{"verb": DELETE, "timestamp": _future()}),
    ]
    response = client.post(URL, json=statements, headers=bearer(token))
    details = response.get_json()["error"]["details"]
    assert [d["index"] for d in details] == [0, 2, 3]
    assert details[1] == {"index": 2, "id": None, "reason": "La preuve doit être un objet JSON."}
    assert "verb" in details[2]["reason"] and "futur" in details[2]["reason"]
    assert _nothing_stored()


def test_a_retired_competency_is_refused(client, app, trainee, token, monkeypatch):
    from dataclasses import replace

    from portfolio.services.frameworks import EXTENSION_KEY

    loaded = dict(app.extensions[EXTENSION_KEY])
    fw = loaded["e2c-apc"]
    domains = tuple(
        replace(d, competencies=tuple(replace(c, retired=c.id == "E2C-5B") for c in d.competencies))
        for d in fw.domains
    )
    loaded["e2c-apc"] = replace(fw, domains=domains)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, loaded)

    response = client.post(URL, json=[statement(trainee)], headers=bearer(token))

    assert response.status_code == 400
    assert "n'est plus utilisée" in response.get_json()["error"]["details"][0]["reason"]
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{pas du json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b'{"id": "x"}', "invalid_body"),
        (b"[]", "invalid_body"),
        (b"null", "invalid_body"),
    ],
)
def test_a_body_that_is_not_a_list_of_statements_gets_400(client, token, body, code):
    response = client.post(
        URL, data=body, headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]
    assert _nothing_stored()


def test_a_deeply_nested_body_gets_400(client, token):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(
        URL, data=body, headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert _nothing_stored()


def test_control_characters_never_reach_the_trace(client, trainee, token):
    sent = statement(
        trainee,
        **{
            "object.definition.name": {"fr-FR": "Ranger\x00 les produits\x1b"},
            "result.response": "Conserves\x00 : rayon 3",
        },
    )
    response = client.post(URL, json=[sent], headers=bearer(token))
    assert response.status_code == 200
    trace = db.session.scalar(select(Trace))
    assert trace.title == "Ranger les produits"
    assert "Réponses : Conserves : rayon 3" in trace.body
    # The statement itself is kept as sent: a resend is still the same evidence.
    assert client.post(URL, json=[sent], headers=bearer(token)).get_json()["duplicates"] == [
        sent["id"]
    ]


def test_more_than_500_statements_is_refused(client, trainee, token):
    response = client.post(URL, json=batch(trainee, 501), headers=bearer(token))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "batch_too_large"
    assert "500" in error["message"]
    assert _nothing_stored()


def test_500_statements_are_accepted(client, trainee, token):
    response = client.post(URL, json=batch(trainee, 500), headers=bearer(token))
    assert response.status_code == 200
    assert len(response.get_json()["stored"]) == 500
    assert _count(Trace) == 500


def test_a_body_over_2_mb_gets_413(client, trainee, token):
    padding = " " * (2 * 1024 * 1024)
    body = json.dumps([statement(trainee)]) + padding
    response = client.post(
        URL, data=body, headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert _nothing_stored()


# -- tokens -------------------------------------------------------------------------------


def _expire(secret_owner_token_id: int) -> None:
    token = db.session.get(ApiToken, secret_owner_token_id)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def _revoke(token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    token.revoked_at = utcnow()
    db.session.commit()


def _deactivate(token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    token.user.active = False
    db.session.commit()


@pytest.mark.parametrize(
    "spoil", [_expire, _revoke, _deactivate], ids=["expired", "revoked", "inactive"]
)
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_dead_token_gets_401(client, trainee, token, spoil, method):
    spoil(db.session.scalar(select(ApiToken.id)))
    response = client.open(URL, method=method, json=[statement(trainee)], headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert _nothing_stored()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer e2c_inconnu"}, {"Authorization": "Basic bG9naW46bWRw"}],
    ids=["none", "unknown", "basic"],
)
def test_no_valid_token_gets_401(client, trainee, headers):
    response = client.post(URL, json=[statement(trainee)], headers=headers)
    assert response.status_code == 401
    assert _nothing_stored()


@pytest.mark.parametrize("scopes", [{"portfolio:read"}, {"portfolio:read", "portfolio:write"}])
def test_a_token_without_the_game_scope_gets_403(client, trainee, scopes):
    secret = game_token(trainee, scopes)
    for method in ("POST", "GET"):
        response = client.open(
            URL, method=method, json=[statement(trainee)], headers=bearer(secret)
        )
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "insufficient_scope"
    assert _nothing_stored()


def test_a_token_cannot_post_for_someone_else(client, trainee):
    other = make_user(Role.TRAINEE, site=trainee.site)
    secret = game_token(other)
    response = client.post(URL, json=[statement(trainee)], headers=bearer(secret))
    assert response.status_code == 400
    assert "acteur" in response.get_json()["error"]["details"][0]["reason"]
    assert _nothing_stored()


# -- concurrency and cost -------------------------------------------------------------------


def test_two_identical_batches_at_once_store_each_statement_once(app, trainee, token):
    # Two devices of the same trainee (two tokens), so nothing else serialises the requests.
    tokens = [token, game_token(trainee)]
    statements = batch(trainee, 40)
    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict]] = []

    def send(secret: str) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(URL, json=statements, headers=bearer(secret))
            answers.append((response.status_code, response.get_json()))
            db.session.remove()

    db.session.commit()  # this thread must not hold the database while the two requests run
    threads = [threading.Thread(target=send, args=(secret,)) for secret in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert [status for status, _ in answers] == [200, 200]
    ids = {s["id"] for s in statements}
    stored = [i for _, body in answers for i in body["stored"]]
    duplicates = [i for _, body in answers for i in body["duplicates"]]
    assert sorted(stored) == sorted(ids)  # each id newly stored by exactly one of them
    assert sorted(duplicates) == sorted(ids)
    db.session.expire_all()
    assert _count(GameStatement) == 40 and _count(Trace) == 40


def test_a_lost_race_is_caught_by_the_unique_id_and_answered_as_duplicates(trainee, monkeypatch):
    statements = batch(trainee, 3)
    game_evidence.ingest(trainee, statements)
    db.session.commit()
    # The other request committed after this one looked: the lookup saw nothing.
    real = game_evidence.known_hashes
    calls = []

    def stale_then_real(keys):
        calls.append(keys)
        return {} if len(calls) == 1 else real(keys)

    monkeypatch.setattr(game_evidence, "known_hashes", stale_then_real)

    result = game_evidence.ingest(trainee, statements)
    db.session.commit()

    assert len(calls) == 2
    assert result.stored == [] and result.duplicates == [s["id"] for s in statements]
    assert _count(GameStatement) == 3 and _count(Trace) == 3


def _statements_for(client, payload, token) -> int:
    with counting_queries() as statements:
        response = client.post(URL, json=payload, headers=bearer(token))
    assert response.status_code == 200
    return len(statements)


def test_a_batch_costs_the_same_number_of_sql_statements_whatever_its_size(client, trainee, token):
    small = _statements_for(client, batch(trainee, 10), token)
    large = _statements_for(client, batch(trainee, 100), token)
    assert small == large
    assert large <= 12
    assert _count(GameStatement) == 110


# -- the journal -------------------------------------------------------------------------------


def test_the_journal_pages_through_this_accounts_evidence(client, trainee, token):
    mine = batch(trainee, 5)
    client.post(URL, json=mine, headers=bearer(token))
    other = make_user(Role.TRAINEE, site=trainee.site)
    client.post(URL, json=[statement(other)], headers=bearer(game_token(other)))

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(URL, query_string=params, headers=bearer(token))
        assert response.status_code == 200
        body = response.get_json()
        seen += body["statements"]
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            break

    assert pages == 3
    assert [s["id"] for s in seen] == [s["id"] for s in mine]
    entry = seen[0]
    assert entry["status"] == "pending"
    assert entry["object_id"] == "urn:e2c-jeu:task:D1507:mise-en-rayon"
    assert entry["score"] == 0.8
    assert entry["competencies"] == [
        {"framework": "e2c-apc", "id": "E2C-5B", "level": 1},
        {"framework": "e2c-apc", "id": "E2C-1C", "level": 2},
    ]
    assert datetime.fromisoformat(entry["stored_at"].replace("Z", "+00:00")) <= datetime.now(UTC)


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 501}, {"limit": "dix"}, {"cursor": "abc"}, {"cursor": "-1"}]
)
def test_the_journal_refuses_a_bad_limit_or_cursor(client, token, query):
    response = client.get(URL, query_string=query, headers=bearer(token))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_parameter"


def test_an_empty_journal(client, token):
    response = client.get(URL, headers=bearer(token))
    assert response.get_json() == {"statements": [], "next_cursor": None}


def test_statement_ids_are_compared_without_case(client, trainee, token):
    sent = statement(trainee, id=str(uuid.uuid4()).upper())
    assert client.post(URL, json=[sent], headers=bearer(token)).get_json()["stored"] == [sent["id"]]
    lower = dict(sent, id=sent["id"].lower())
    response = client.post(URL, json=[lower], headers=bearer(token))
    assert response.get_json() == {"stored": [], "duplicates": [lower["id"]]}
    assert _count(GameStatement) == 1
